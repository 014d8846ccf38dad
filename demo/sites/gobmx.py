"""Fake gob.mx press archives of SAT, Economía, STPS and CONASAMI, and their articles.

Each agency publishes on its own weekdays (SAT daily, Economía Monday/Wednesday/Friday,
STPS Tuesday/Thursday, CONASAMI on Mondays) from January of last year to the server's
"today". The archive shows nine cards a page, newest first, with the CMS's pagination;
each card links an article page with the "authority | date | type" line, the body and
a PDF attachment. Every text here is invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import re
import unicodedata

from demo.sites.render import MONTHS_ES, render

ORIGIN = "https://www.gob.mx"
PER_PAGE = 9


@dataclasses.dataclass(frozen=True)
class Agency:
    """One gob.mx portal and what it publishes."""

    portal: str
    name: str
    weekdays: tuple[int, ...]
    topics: tuple[str, ...]


AGENCIES = {
    "sat": Agency("sat", "Servicio de Administración Tributaria", (0, 1, 2, 3, 4), (
        "SAT recuerda a las empresas con programa IMMEX renovar la certificación de IVA e IEPS",
        "Publica SAT versión anticipada de modificaciones a las Reglas Generales de Comercio "
        "Exterior",
        "SAT amplía el plazo para presentar la declaración informativa de operaciones de maquila",
        "El SAT informa sobre el nuevo formato de pedimento para retornos virtuales",
        "SAT fortalece la atención a contribuyentes en aduanas de la frontera norte",
    )),
    "se": Agency("se", "Secretaría de Economía", (0, 2, 4), (
        "Economía simplifica el trámite de ampliación de programas IMMEX",
        "Economía publica aviso sobre la asignación de cupos de acero para la industria "
        "manufacturera",
        "Economía y la industria maquiladora de Ciudad Juárez revisan la agenda de "
        "relocalización",
        "Economía informa sobre la revisión conjunta del T-MEC con Estados Unidos y Canadá",
    )),
    "stps": Agency("stps", "Secretaría del Trabajo y Previsión Social", (1, 3), (
        "STPS presenta lineamientos para la jornada laboral de 40 horas en la industria "
        "manufacturera",
        "STPS recuerda la renovación del registro REPSE para empresas de servicios "
        "especializados",
        "STPS y sindicatos de la industria maquiladora firman acuerdo de legitimación de "
        "contratos",
    )),
    "conasami": Agency("conasami", "Comisión Nacional de los Salarios Mínimos", (0,), (
        "CONASAMI inicia consultas para la fijación de los salarios mínimos del próximo año",
        "CONASAMI publica el monitoreo del salario mínimo en la Zona Libre de la Frontera "
        "Norte",
        "CONASAMI informa el comportamiento de los salarios mínimos profesionales",
    )),
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Article:
    """One press release."""

    portal: str
    day: dt.date
    number: int
    title: str
    category: str = "Comunicado"

    @property
    def path(self) -> str:
        """The article path without query, e.g. /sat/prensa/<slug>-045-2026."""
        return f"/{self.portal}/prensa/{_slug(self.title)}-{self.number:03d}-{self.day.year}"

    @property
    def external_id(self) -> str:
        """The key the parser gives this article."""
        return self.path.lstrip("/")


def _slug(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title.lower())
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def archive(portal: str, today: dt.date) -> list[Article]:
    """Every article of the agency from January of last year to `today`, newest first."""
    return list(_archive(portal, today))


@functools.lru_cache(maxsize=32)
def _archive(portal: str, today: dt.date) -> tuple[Article, ...]:
    agency = AGENCIES[portal]
    day, articles = dt.date(today.year - 1, 1, 1), []
    counts: dict[int, int] = {}
    while day <= today:
        if day.weekday() in agency.weekdays:
            counts[day.year] = counts.get(day.year, 0) + 1
            articles.append(_article(agency, day, counts[day.year]))
        day += dt.timedelta(days=1)
    return tuple(reversed(articles))


def _article(agency: Agency, day: dt.date, number: int) -> Article:
    title = agency.topics[day.toordinal() % len(agency.topics)]
    category = "Discurso" if agency.portal == "sat" and day.toordinal() % 11 == 0 else "Comunicado"
    return Article(agency.portal, day, number, title, category)


def find(path: str, today: dt.date) -> Article | None:
    """The article at `path` (query ignored), if it is already published."""
    portal = path.strip("/").split("/", 1)[0]
    if portal not in AGENCIES:
        return None
    wanted = path.rstrip("/").lower()
    return next((a for a in _archive(portal, today) if a.path == wanted), None)


# ---------------------------------------------------------------- the archive listing


def listing(portal: str, page: int, today: dt.date, titles: dict[str, str]) -> bytes | None:
    """Archive page `page` of a portal, or None for an unknown portal."""
    if portal not in AGENCIES:
        return None
    articles = _archive(portal, today)
    pages = max(1, -(-len(articles) // PER_PAGE))
    chunk = articles[(page - 1) * PER_PAGE : page * PER_PAGE]
    cards = [_card(a, titles) for a in chunk]
    rows = [cards[i : i + 3] for i in range(0, len(cards), 3)]
    context = {
        "portal": portal,
        "agency": AGENCIES[portal].name,
        "rows": rows,
        "page": page,
        "pages": pages,
        "numbers": [n for n in range(page - 2, page + 3) if 1 <= n <= pages],
    }
    return render("gobmx_archivo.html", context).encode("utf-8")


def _card(article: Article, titles: dict[str, str]) -> dict[str, str]:
    title = html.escape(titles.get(article.external_id, article.title))
    hour = 9 + article.day.toordinal() % 9
    return {
        "href": f"{article.path}?idiom=es",
        "title": title,
        "stamp": f"{article.day.isoformat()} {hour:02d}:{article.number % 60:02d}:00",
        "date": _spanish(article.day),
        "category": article.category,
        "image": f"{ORIGIN}/cms/uploads/press/main_image/{_image_id(article)}/post.jpg",
    }


def _image_id(article: Article) -> int:
    return 300_000 + article.day.toordinal() % 100_000 * 4 + len(article.portal)


def _spanish(day: dt.date) -> str:
    return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"


# ---------------------------------------------------------------- the article page


def article_page(article: Article, titles: dict[str, str], bodies: dict[str, str]) -> bytes:
    """An article page: title, "authority | date | type" line, body and attachment."""
    agency = AGENCIES[article.portal]
    title = titles.get(article.external_id, article.title)
    paragraphs = [bodies[article.external_id]] if article.external_id in bodies else [
        f"Ciudad de México, a {_spanish(article.day)}. {title}.",
        "La medida busca dar certeza jurídica a las empresas de la industria manufacturera, "
        "maquiladora y de servicios de exportación.",
        "Para mayor información, las personas interesadas pueden acudir a los módulos de "
        "atención o consultar el portal de la dependencia.",
    ]  # fmt: skip
    attachment_id = 1_000_000 + article.day.toordinal() % 100_000 + len(article.portal)
    context = {
        "title": html.escape(title),
        "agency": agency.name,
        "portal": article.portal,
        "date": _spanish(article.day),
        "category": article.category,
        "label": f"{article.category} {article.number:03d}/{article.day.year}",
        "paragraphs": [html.escape(p) for p in paragraphs],
        "canonical": ORIGIN + article.path,
        "attachment": f"{ORIGIN}/cms/uploads/attachment/file/{attachment_id}/"
        f"Comunicado_{article.number:03d}_{article.day.year}.pdf",
    }
    return render("gobmx_articulo.html", context).encode("utf-8")
