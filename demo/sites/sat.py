"""Fake SAT 'Normatividad RMF y RGCE' minisite: the yearly page and its linked files.

Each year's page lists what SAT has posted by the server's "today": the RMF and RGCE
published in the DOF in late December, their annexes in January, the RFA in February,
then "versiones anticipadas" of each Resolución de Modificaciones every two weeks
before its DOF publication, with compiled texts and modified annexes after it. Files
are small real PDFs (or ZIPs holding one) with ETag and Last-Modified, so conditional
GETs get a 304. A file may be re-uploaded in place (`version` > 1): new bytes, new
validators, the page unchanged, as SAT does. Every text here is invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import io
import zipfile
from email.utils import format_datetime, parsedate_to_datetime

from demo.sites.render import MONTHS_ES, render

MINISITE = "/minisitio/NormatividadRMFyRGCE/"
ORDINALS = ("Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Séptima")
ASCII_ORDINALS = ("Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Septima")
SHORT = ("1a", "2a", "3a", "4a", "5a", "6a", "7a")
# (RM number, first anticipated version (month, day), versions, DOF date (month, day)).
RMF_MODIFICATIONS = ((1, (2, 23), 5, (5, 20)), (2, (6, 1), 4, (8, 12)), (3, (9, 14), 3, (11, 4)))
RGCE_MODIFICATIONS = ((1, (3, 30), 2, (5, 14)), (2, (8, 3), 3, (10, 7)))


@dataclasses.dataclass(frozen=True)
class SatFile:
    """One linked document of a yearly page."""

    path: str  # relative to the minisite: documentos<YEAR>/...
    title: str
    posted: dt.date
    panel: str  # "rmf", "rgce" or "rfa"
    group: str  # "principal", "anticipadas", "anexos" or "compiladas"
    dof_date: dt.date | None = None


def files_of(year: int, today: dt.date) -> list[SatFile]:
    """The documents the `year` page links on `today`, in page order."""
    files = _base_files(year) + _rmf_modifications(year) + _rgce_modifications(year)
    return [f for f in files if f.posted <= today]


def _base_files(year: int) -> list[SatFile]:
    prior, doc = year - 1, f"documentos{year}"
    return [
        SatFile(f"{doc}/rmf/rmf/RMF_{year}-DOF-2812{prior}.pdf",
                f"Resolución Miscelánea Fiscal para {year}", dt.date(prior, 12, 28), "rmf",
                "principal", dt.date(prior, 12, 28)),
        SatFile(f"{doc}/rmf/anexos/Anexo_1-A_RMF{year}-0901{year}.pdf",
                f"Anexo 1-A de la RMF para {year}", dt.date(year, 1, 9), "rmf", "anexos"),
        SatFile(f"{doc}/rmf/anexos/Anexo_14_RMF{year}-0901{year}.pdf",
                f"Anexo 14 de la RMF para {year}", dt.date(year, 1, 9), "rmf", "anexos"),
        SatFile(f"{doc}/rgce/rgce/ReglasGeneralesComercioExteriorpara{year}.pdf",
                f"Reglas Generales de Comercio Exterior para {year}", dt.date(prior, 12, 27),
                "rgce", "principal", dt.date(prior, 12, 27)),
        SatFile(f"{doc}/rgce/anexos/Anexo22delasRGCEpara{year}.pdf",
                f"Anexo 22 de las RGCE para {year} (Instructivo de llenado del pedimento)",
                dt.date(year, 1, 15), "rgce", "anexos"),
        SatFile(f"{doc}/rgce/anexos/Anexo24delasRGCEpara{year}.pdf",
                f"Anexo 24 de las RGCE para {year} (Control de inventarios IMMEX)",
                dt.date(year, 1, 15), "rgce", "anexos"),
        SatFile(f"{doc}/rgce/anexos/Anexo30delasRGCEpara{year}.pdf",
                f"Anexo 30 de las RGCE para {year}", dt.date(year, 1, 15), "rgce", "anexos"),
        SatFile(f"{doc}/rfa/RFA_{year}.pdf",
                f"Resolución de Facilidades Administrativas para {year}",
                dt.date(year, 2, 17), "rfa", "principal", dt.date(year, 2, 17)),
    ]  # fmt: skip


def _rmf_modifications(year: int) -> list[SatFile]:
    files: list[SatFile] = []
    for number, start, versions, dof in RMF_MODIFICATIONS:
        short, name = SHORT[number - 1], ORDINALS[number - 1]
        for k in range(versions):
            posted = dt.date(year, *start) + dt.timedelta(days=14 * k)
            path = (f"documentos{year}/rmf/anticipadas/{short}RM_RMF{year}_"
                    f"{ASCII_ORDINALS[k]}VersionAnticipada.zip")  # fmt: skip
            title = f"{name} RM a la RMF {year}, {ORDINALS[k].lower()} versión anticipada"
            files.append(SatFile(path, title, posted, "rmf", "anticipadas"))
        published = dt.date(year, *dof)
        title = f"{name} Resolución de Modificaciones a la Resolución Miscelánea Fiscal para {year}"
        files.append(SatFile(f"documentos{year}/rmf/rmf/{short}RM_RMF{year}.pdf", title,
                             published, "rmf", "principal", published))  # fmt: skip
        compiled = (f"documentos{year}/rmf/compiladas/Compilado_{ASCII_ORDINALS[number - 1]}"
                    f"_Modificacion_RMF{year}.pdf")  # fmt: skip
        files.append(SatFile(compiled, f"RMF {year} compilada con la {name} Resolución de "
                             "Modificaciones", published + dt.timedelta(days=6), "rmf",
                             "compiladas"))  # fmt: skip
    return files


def _rgce_modifications(year: int) -> list[SatFile]:
    files: list[SatFile] = []
    for number, start, versions, dof in RGCE_MODIFICATIONS:
        short, name = SHORT[number - 1], ORDINALS[number - 1]
        for k in range(versions):
            posted = dt.date(year, *start) + dt.timedelta(days=14 * k)
            path = (f"documentos{year}/rgce/anticipadas/{short}RM_RGCE{year}-"
                    f"{ASCII_ORDINALS[k]}_version_anticipada_{posted:%d%m%Y}.pdf")  # fmt: skip
            title = (f"{name} Resolución de Modificaciones a las RGCE para {year} "
                     f"({ORDINALS[k].lower()} versión anticipada)")  # fmt: skip
            files.append(SatFile(path, title, posted, "rgce", "anticipadas"))
        published = dt.date(year, *dof)
        title = f"{name} Resolución de Modificaciones a las Reglas Generales de Comercio Exterior"
        files.append(
            SatFile(
                f"documentos{year}/rgce/rgce/{short}RMRGCEpara{year}.pdf",
                f"{title} para {year}",
                published,
                "rgce",
                "principal",
                published,
            )
        )
        annex = (f"documentos{year}/rgce/anexos/{short}_modificacionAnexo24delasRGCEpara"
                 f"{year}.pdf")  # fmt: skip
        files.append(
            SatFile(
                annex,
                f"{name} Modificación al Anexo 24 de las RGCE para {year}",
                published + dt.timedelta(days=7),
                "rgce",
                "anexos",
            )
        )
    return files


def find(path: str, today: dt.date) -> SatFile | None:
    """The posted file at minisite-relative `path` (case-insensitive), if any."""
    year = _year_in(path)
    if year is None:
        return None
    wanted = path.lower()
    return next((f for f in files_of(year, today) if f.path.lower() == wanted), None)


def _year_in(path: str) -> int | None:
    head = path.split("/", 1)[0].lower()
    if head.startswith("documentos") and head[10:].isdigit():
        return int(head[10:])
    return None


# ---------------------------------------------------------------- the page


def page(year: int, today: dt.date, titles: dict[str, str]) -> bytes | None:
    """The yearly page as of `today`, or None before anything of that year is posted."""
    files = files_of(year, today)
    if not files:
        return None
    panels = [
        _panel("rmf", f"Resolución Miscelánea Fiscal {year}", files, titles),
        _panel("rgce", f"Reglas Generales de Comercio Exterior {year}", files, titles),
        _panel("rfa", "Resolución de Facilidades Administrativas", files, titles),
    ]
    context = {"year": year, "panels": [p for p in panels if p["groups"]]}
    return render("sat_normatividad.html", context).encode("utf-8")


def page_modified(year: int, today: dt.date) -> dt.datetime:
    """When the page last changed: the day its newest file was posted."""
    newest = max(f.posted for f in files_of(year, today))
    return dt.datetime.combine(newest, dt.time(17, 0), dt.UTC)


GROUP_HEADINGS = {
    "principal": "",
    "anticipadas": "Versiones anticipadas",
    "anexos": "Anexos",
    "compiladas": "Compiladas",
}


def _panel(panel: str, heading: str, files: list[SatFile], titles: dict[str, str]) -> dict:
    groups = []
    for group, label in GROUP_HEADINGS.items():
        links = [_link(f, titles) for f in files if f.panel == panel and f.group == group]
        if links:
            groups.append({"label": label, "links": links, "table": group == "anexos"})
    return {"id": panel, "heading": heading, "groups": groups}


def _link(file: SatFile, titles: dict[str, str]) -> dict[str, str]:
    note = ""
    if file.dof_date is not None:
        when = file.dof_date
        note = f"(Publicada en el DOF el {when.day} de {MONTHS_ES[when.month - 1]} de {when.year})"
    title = titles.get(file.path.lower(), file.title)
    return {"href": file.path, "title": html.escape(title), "note": note}


# ---------------------------------------------------------------- the files


def file_bytes(file: SatFile, version: int = 1) -> bytes:
    """The file's bytes: a small PDF, or a ZIP holding one for anticipated versions."""
    pdf = _pdf(file.title, file.posted, version)
    if not file.path.lower().endswith(".zip"):
        return pdf
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        stamp = (file.posted.year, file.posted.month, file.posted.day, 12, 0, 0)
        name = file.path.rsplit("/", 1)[-1][:-4] + ".pdf"
        archive.writestr(zipfile.ZipInfo(name, date_time=stamp), pdf)
    return buffer.getvalue()


def _pdf(title: str, posted: dt.date, version: int) -> bytes:
    text = f"{title} - publicado {posted.isoformat()} - revision {version}"
    ascii_text = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 11 Tf 72 720 Td ({ascii_text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def file_modified(file: SatFile, version: int, reuploaded_on: dt.date | None) -> dt.datetime:
    """Last-Modified of the file: its posting day, or the day of its last re-upload."""
    day = reuploaded_on if version > 1 and reuploaded_on else file.posted
    return dt.datetime.combine(day, dt.time(16, 30 + min(version, 29)), dt.UTC)


def validators(body: bytes, modified: dt.datetime) -> tuple[tuple[str, str], ...]:
    """ETag and Last-Modified headers for `body`."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return (("ETag", etag), ("Last-Modified", format_datetime(modified, usegmt=True)))


def not_modified(
    request_headers: dict[str, str], reply_headers: tuple[tuple[str, str], ...]
) -> bool:
    """True when a conditional GET's validators still match (If-None-Match wins)."""
    sent = {k.lower(): v for k, v in request_headers.items()}
    mine = dict(reply_headers)
    if "if-none-match" in sent:
        return mine["ETag"] in [tag.strip() for tag in sent["if-none-match"].split(",")]
    since = sent.get("if-modified-since")
    if not since:
        return False
    try:
        return parsedate_to_datetime(mine["Last-Modified"]) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
