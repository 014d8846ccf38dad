"""Fake SNICE (Secretaría de Economía): the home page's ACTUALIDAD block and the IMMEX page.

The home page lists the last two weeks, newest first: on most weekdays one dated notice
(a file under /~oracle/SNICE_DOCS/ or a DOF note), on the others the filler "Sin
publicaciones en materia de Comercio Exterior." with its "histórico" link. The IMMEX
page links undated documents whose file names carry their dates, including a monthly
list of cancelled IMMEX programs. Every text here is invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html

from demo.sites.render import MONTHS_ES, render

DOCS = "/~oracle/SNICE_DOCS/"
DAYS_SHOWN = 14
# (file code, title, extension); "DOF" notices link a DOF note instead of a file.
NOTICES = (
    ("IMMEX_SUSPENDIDOS", "Comunicado IMMEX suspendidas {month} {year}.", "pdf"),
    ("AVISO-CUPO-ACERO", "Aviso sobre la asignación del cupo de acero para empresas con "
     "programa IMMEX.", "pdf"),
    ("DOF", "Acuerdo que modifica el diverso por el que se dan a conocer los programas de "
     "promoción sectorial.", ""),
    ("PADRON-SECTORIAL", "Listado de empresas inscritas en el Padrón de Importadores de "
     "Sectores Específicos.", "xlsx"),
    ("AVISO-CERTIFICADOS-ORIGEN", "Aviso sobre la expedición de certificados de origen "
     "para exportar a la Unión Europea.", "pdf"),
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Notice:
    """One dated entry of the ACTUALIDAD block."""

    day: dt.date
    title: str
    href: str
    filler: bool = False

    @property
    def key(self) -> str:
        """The parser's external id for file notices: the lower-case file name."""
        return self.href.rsplit("/", 1)[-1].lower()


def notices(today: dt.date) -> list[Notice]:
    """The ACTUALIDAD entries as of `today`, newest first (weekdays only)."""
    days = [today - dt.timedelta(days=i) for i in range(DAYS_SHOWN)]
    return [_notice(day) for day in days if day.weekday() < 5]


def _notice(day: dt.date) -> Notice:
    if day.toordinal() % 4 == 0:
        return Notice(day, "Sin publicaciones en materia de Comercio Exterior.",
                      "https://www.dof.gob.mx/#gsc.tab=0", filler=True)  # fmt: skip
    code, title, ext = NOTICES[day.toordinal() % len(NOTICES)]
    title = title.format(month=MONTHS_ES[day.month - 1], year=day.year)
    if code == "DOF":
        codigo = 5_700_000 + day.toordinal() % 100_000
        return Notice(day, title, f"https://www.dof.gob.mx/nota_detalle.php?codigo={codigo}"
                      f"&fecha={day:%d/%m/%Y}")  # fmt: skip
    stamp = f"{day:%Y%m%d}"
    return Notice(day, title, f"{DOCS}{code}-ACTUALIDAD_{stamp}-{stamp}.{ext}")


def immex_documents(today: dt.date) -> list[tuple[str, str]]:
    """(title, href) of the IMMEX page: standing documents and the monthly lists."""
    docs = [
        ("Decreto para el Fomento de la Industria Manufacturera, Maquiladora y de Servicios "
         "de Exportación (texto vigente)", f"{DOCS}DECRETO-IMMEX-BIBLIOTECA_20241220-20241220.pdf"),
        ("Reglas y criterios de carácter general en materia de comercio exterior (IMMEX)",
         f"{DOCS}REGLAS-CRITERIOS-IMMEX-BIBLIOTECA_20250115-20250115.pdf"),
    ]  # fmt: skip
    month = today.replace(day=1)
    for _ in range(3):
        name = f"IMMEX_CANCELADOS_{month:%Y%m}-IMMEX_{month:%Y%m%d}-{month:%Y%m%d}.pdf"
        label = f"Listado de programas IMMEX cancelados, {MONTHS_ES[month.month - 1]} {month.year}"
        docs.append((label, DOCS + name))
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return docs


def home_page(today: dt.date, titles: dict[str, str]) -> bytes:
    """The SNICE home page with its ACTUALIDAD block."""
    entries = [
        {"date": f"{n.day:%d.%m.%Y}", "href": html.escape(n.href),
         "title": html.escape(titles.get(n.key, n.title)), "filler": n.filler}
        for n in notices(today)
    ]  # fmt: skip
    return render("snice_home.html", {"entries": entries}).encode("utf-8")


def immex_page(today: dt.date, titles: dict[str, str]) -> bytes:
    """The IMMEX page: undated links to documents."""
    docs = [
        {"title": html.escape(titles.get(href.rsplit("/", 1)[-1].lower(), title)), "href": href}
        for title, href in immex_documents(today)
    ]
    return render("snice_immex.html", {"docs": docs}).encode("utf-8")


def document(name: str) -> bytes:
    """A small PDF standing in for any SNICE document."""
    text = f"SNICE {name}".encode("ascii", "replace")
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% " + text + b"\n%%EOF\n"
