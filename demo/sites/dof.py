"""Fake DOF editions and SIDOF note texts, generated deterministically for any date.

A note code encodes its date, edition and position, so a docFuente request can be answered
without remembering anything: code = BASE + days_since_2000 * 300 + edition * 100 + index.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json

from crawlers.dof_calendar import expects_edition
from demo.sites.render import MONTHS_ES, render

BASE_CODE = 6_000_000
EPOCH = dt.date(2000, 1, 1)
EDITIONS = ("MAT", "VES", "EXT")
EDITION_NAMES = {"MAT": "Matutina", "VES": "Vespertina", "EXT": "Extraordinaria"}
MAX_NOTES = 100  # per edition; real MAT editions carry about 30-100 notes
CODES_PER_DAY = MAX_NOTES * len(EDITIONS)
# A code robots.txt forbids on SIDOF (a weekday MAT note of 2026-03-02), as the real one does.
FORBIDDEN_CODE = BASE_CODE + (dt.date(2026, 3, 2) - EPOCH).days * CODES_PER_DAY + 2

AGENCIES = (
    ("PODER EJECUTIVO", "SECRETARIA DE ECONOMIA", "Secretaría de Economía"),
    ("PODER EJECUTIVO", "SECRETARIA DE HACIENDA Y CREDITO PUBLICO", "Hacienda"),
    ("PODER EJECUTIVO", "SECRETARIA DEL TRABAJO Y PREVISION SOCIAL", "Trabajo"),
    ("ORGANISMOS AUTONOMOS", "BANCO DE MEXICO", "Banco de México"),
    (
        "ORGANISMOS DESCONCENTRADOS O DESCENTRALIZADOS",
        "AGENCIA NACIONAL DE ADUANAS DE MEXICO",
        "ANAM",
    ),
)
TITLES = (
    "ACUERDO por el que se modifican las reglas de operación del programa de fomento a la "
    "exportación de la industria manufacturera número {n}.",
    "RESOLUCIÓN que reforma las disposiciones de carácter general en materia aduanera "
    "aplicables a las empresas con programa IMMEX, folio {n}.",
    "AVISO por el que se da a conocer el tipo de cambio para solventar obligaciones "
    "denominadas en moneda extranjera, serie {n}.",
    "DECRETO por el que se otorgan estímulos fiscales a la región fronteriza norte, ejercicio {n}.",
    "NORMA Oficial Mexicana NOM-{n}-STPS-2026, Condiciones de seguridad en los centros de "
    "trabajo donde se manejen sustancias químicas.",
    "CONVOCATORIA a la consulta pública sobre el etiquetado de mercancías importadas, "
    "expediente {n}.",
)
PARAGRAPHS = (
    "Que el artículo {n} de la Ley Aduanera faculta a la autoridad para establecer reglas "
    "de carácter general en materia de comercio exterior.",
    "Que las empresas maquiladoras de la frontera norte requieren certidumbre sobre los "
    "plazos de retorno de las mercancías importadas temporalmente.",
    "Que resulta necesario actualizar los anexos del programa para reflejar las fracciones "
    "arancelarias vigentes, he tenido a bien expedir el siguiente",
)


@dataclasses.dataclass(frozen=True)
class FakeNote:
    """One generated note."""

    code: int
    date: dt.date
    edition: str
    index: int
    branch: str
    agency: str
    agency_title: str
    title: str


def note_count(day: dt.date, edition: str, per_day: int) -> int:
    """How many notes an edition has: MAT every publication day, VES on some, and EXT on
    some weekdays, holidays included (the DOF's calendar: no MAT or VES on a holiday)."""
    if day.weekday() >= 5:
        return 0
    if edition != "EXT" and not expects_edition(day):
        return 0
    if edition == "MAT":
        return min(per_day, MAX_NOTES)
    if edition == "VES":
        return 2 if day.toordinal() % 3 == 0 else 0
    return 1 if day.toordinal() % 17 == 0 else 0


def code_for(day: dt.date, edition: str, index: int) -> int:
    """The note code of the index-th note of an edition."""
    days = (day - EPOCH).days
    return BASE_CODE + days * CODES_PER_DAY + EDITIONS.index(edition) * MAX_NOTES + index


def note_for(code: int) -> FakeNote | None:
    """Decode a note code back into its note (None for codes this generator never makes)."""
    offset = code - BASE_CODE
    if offset < 0:
        return None
    days, rest = divmod(offset, CODES_PER_DAY)
    edition_index, index = divmod(rest, MAX_NOTES)
    if edition_index >= len(EDITIONS):
        return None
    day = EPOCH + dt.timedelta(days=days)
    return _make_note(code, day, EDITIONS[edition_index], index)


def _make_note(code: int, day: dt.date, edition: str, index: int) -> FakeNote:
    branch, agency, agency_title = AGENCIES[(code // 3 + index) % len(AGENCIES)]
    title = TITLES[(code + index) % len(TITLES)].format(n=code % 997)
    return FakeNote(code, day, edition, index, branch, agency, agency_title, title)


def notes_of(day: dt.date, edition: str, per_day: int) -> list[FakeNote]:
    """The notes of one edition, in page order."""
    count = note_count(day, edition, per_day)
    return [_make_note(code_for(day, edition, i), day, edition, i) for i in range(count)]


def render_index(
    day: dt.date, edition: str, notes: list[FakeNote], titles: dict[int, str], served: dt.date
) -> bytes:
    """The dof.gob.mx edition index, cp1252 with entities, as the real one is served."""
    if not notes:
        return render_no_edition(day)
    context = {
        "fecha": served.strftime("%d/%m/%Y"),
        "edition_name": EDITION_NAMES[edition],
        "cod_diario": 300_000 + (served - EPOCH).days * 3 + EDITIONS.index(edition),
        "sections": _sections(notes, titles),
        **_calendar(served),
    }
    return render("dof_index.html", context).encode("cp1252", errors="xmlcharrefreplace")


def render_no_edition(day: dt.date) -> bytes:
    """The page the DOF serves for a date without that edition (HTTP 200, no Fecha:)."""
    return render("dof_no_edition.html", _calendar(day)).encode("cp1252")


def _calendar(day: dt.date) -> dict[str, object]:
    ticker = f"{17 + day.day % 3}.{day.toordinal() % 10000:04d}"
    return {"year": day.year, "month": day.month, "day": day.day, "ticker": ticker}


def _sections(notes: list[FakeNote], titles: dict[int, str]) -> list[dict[str, object]]:
    # The real index groups notes under section > branch > agency; two sections when long.
    half = (len(notes) + 1) // 2 if len(notes) > 6 else len(notes)
    groups = (
        [("PRIMERA", notes[:half]), ("SEGUNDA", notes[half:])]
        if half < len(notes)
        else [("UNICA", notes)]
    )
    return [{"name": name, "branches": _branches(group, titles)} for name, group in groups]


def _branches(notes: list[FakeNote], titles: dict[int, str]) -> list[dict[str, object]]:
    branches: list[dict[str, object]] = []
    for note in notes:
        if not branches or branches[-1]["name"] != note.branch:
            branches.append({"name": note.branch, "agencies": []})
        agencies = branches[-1]["agencies"]
        assert isinstance(agencies, list)
        if not agencies or agencies[-1]["name"] != note.agency:
            agencies.append({"name": note.agency, "decoy": note.code - 1, "notes": []})
        title = titles.get(note.code, note.title)
        agencies[-1]["notes"].append({"code": note.code, "title_html": _entities(title)})
    return branches


def _entities(text: str) -> str:
    # The index writes accents as named entities, as the real one mostly does.
    return (
        html.escape(text, quote=False)
        .encode("ascii", "xmlcharrefreplace")
        .decode()
        .replace("&#243;", "&oacute;")
        .replace("&#237;", "&iacute;")
        .replace("&#225;", "&aacute;")
        .replace("&#233;", "&eacute;")
    )


def render_doc_fuente(note: FakeNote, title: str | None, body: str | None) -> bytes:
    """SIDOF's docFuente: the note's Word-export HTML, UTF-8."""
    paragraphs = [body] if body else [p.format(n=note.code % 89) for p in PARAGRAPHS]
    context = {
        "title": html.escape(title or note.title),
        "agency_title": html.escape(note.agency_title),
        "paragraphs": [html.escape(p) for p in paragraphs],
        "long_date": f"{note.date.day} de {MONTHS_ES[note.date.month - 1]} de {note.date.year}",
        "transitorio": html.escape(_transitorio(note)),
    }
    return render("sidof_doc_fuente.html", context).encode("utf-8")


def _transitorio(note: FakeNote) -> str:
    """The note's entry into force: the next day, a fixed date, or a comment period."""
    variant = note.code % 3
    if variant == 1:
        return f"El presente instrumento entrará en vigor el 1o. de enero de {note.date.year + 1}."
    if variant == 2:
        return (
            "Los interesados podrán presentar sus comentarios dentro de los 60 días naturales "
            "siguientes a la fecha de su publicación. El presente instrumento entrará en vigor "
            "al día siguiente de su publicación en el Diario Oficial de la Federación."
        )
    return (
        "El presente instrumento entrará en vigor al día siguiente de su publicación en el "
        "Diario Oficial de la Federación."
    )


def weekdays(since: dt.date, until: dt.date) -> list[dt.date]:
    """Weekdays in [since, until]: the days with a morning edition."""
    days = (until - since).days + 1
    every = (since + dt.timedelta(days=i) for i in range(days))
    return [day for day in every if day.weekday() < 5]


_BRANCH_CODES = {"PODER EJECUTIVO": "PE", "ORGANISMOS AUTONOMOS": "OA"}


def _sidof_note(note: FakeNote, title: str) -> dict[str, object]:
    return {
        "codNota": note.code,
        "titulo": title,
        "fecha": note.date.strftime("%d-%m-%Y"),
        "codDiario": 300_000 + (note.date - EPOCH).days * 3 + EDITIONS.index(note.edition),
        "codSeccion": "PRIMERA",
        "pagina": str(note.index + 1),
        "paginaHasta": str(note.index + 2),
        "existeHtml": "S",
        "codOrgaUno": _BRANCH_CODES.get(note.branch, "OD"),
        "nombreCodOrgaUno": note.branch,
        "codOrgaDos": note.agency,
        "orden": note.index,
        "estado": "A",
    }


def render_sidof_list(day: dt.date, per_day: int, titles: dict[int, str]) -> bytes:
    """SIDOF's `/dof/sidof/notas/DD-MM-YYYY`: every edition's notes, plus a titleless header."""
    lists: dict[str, list[dict[str, object]]] = {}
    for key, edition in (
        ("NotasMatutinas", "MAT"),
        ("NotasVespertinas", "VES"),
        ("NotasExtraordinarias", "EXT"),
    ):
        notes = notes_of(day, edition, per_day)
        rows = [_sidof_note(n, titles.get(n.code, n.title)) for n in notes]
        if rows:  # the real list carries titleless agency rows too
            rows.insert(0, {**rows[0], "codNota": notes[0].code - 1, "titulo": ""})
        lists[key] = rows
    return json.dumps({"messageCode": 200, "response": "OK", **lists}).encode("utf-8")


_WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def render_ws_diario(day: dt.date, per_day: int, titles: dict[int, str]) -> bytes:
    """The legacy `WS_getDiarioFull.php`: editions > sections > branch > agency > notes."""
    copies = []
    for edition in EDITIONS:
        notes = notes_of(day, edition, per_day)
        if not notes:
            continue
        month = MONTHS_ES[day.month - 1]
        copies.append(
            {
                "id": str(300_000 + (day - EPOCH).days * 3 + EDITIONS.index(edition)),
                "fecha": f"{_WEEKDAYS_ES[day.weekday()]} {day.day} de {month} {day.year}",
                "edicion": EDITION_NAMES[edition].lower(),
                "secciones": [_ws_section(n, titles) for n in notes],
            }
        )
    ticker = {"DOLAR": "17.2345", "UDIS": "8.123456"}
    return json.dumps({"ejemplares": copies, "indicadores": ticker}).encode("utf-8")


def _ws_section(note: FakeNote, titles: dict[int, str]) -> dict[str, object]:
    when = note.date.strftime("%d/%m/%Y")
    entry = {
        "id": str(note.code),
        "date": when,
        "titulo": titles.get(note.code, note.title),
        "url": f"http://diariooficial.gob.mx/nota_detalle.php?codigo={note.code}&fecha={when}",
    }
    agency = {"name": note.agency, "content": [entry]}
    return {"secc": "PRIMERA", "contentsection": {"name": note.branch, "content": agency}}
