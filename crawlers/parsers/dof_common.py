"""Pieces every DOF parser shares: dates, editions, document types, URLs, bot checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from crawlers.errors import InterstitialError, WrongDateError
from crawlers.items import DocumentItem, FollowRequest
from crawlers.parsers.text import clean_text, fold_ascii

SOURCE = "dof_daily"
OFFICIAL_BASE = "https://dof.gob.mx"
SIDOF_BASE = "https://sidof.segob.gob.mx"
# The DOF answers an unknown codigo with the Unix epoch instead of a 404.
EPOCH_DATE = dt.date(1969, 12, 31)

_EDITIONS = {"MAT": "MAT", "VES": "VES", "EXT": "EXT", "SUP": "SUP"}
_MONTHS = {
    "ENERO": 1, "FEBRERO": 2, "MARZO": 3, "ABRIL": 4, "MAYO": 5, "JUNIO": 6, "JULIO": 7,
    "AGOSTO": 8, "SEPTIEMBRE": 9, "SETIEMBRE": 9, "OCTUBRE": 10, "NOVIEMBRE": 11,
    "DICIEMBRE": 12,
}  # fmt: skip
_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_LONG_DATE_RE = re.compile(r"(\d{1,2})\s+DE\s+([A-Z]+)\s+(?:DE(?:L)?\s+)?(\d{4})")

# Longest phrases first, so "PROYECTO DE NORMA OFICIAL MEXICANA" wins over "PROYECTO".
_DOC_TYPES = (
    ("PROYECTO DE NORMA OFICIAL MEXICANA", "proyecto_de_norma_oficial_mexicana"),
    ("NORMA OFICIAL MEXICANA DE EMERGENCIA", "norma_oficial_mexicana_de_emergencia"),
    ("NORMA OFICIAL MEXICANA", "norma_oficial_mexicana"),
    ("RESPUESTA A LOS COMENTARIOS", "respuesta_a_comentarios"),
    ("RESPUESTAS A LOS COMENTARIOS", "respuesta_a_comentarios"),
    ("FE DE ERRATAS", "fe_de_erratas"),
    ("NOTA ACLARATORIA", "nota_aclaratoria"),
    ("TIPO DE CAMBIO", "indicador"),
    ("TASAS DE INTERES", "indicador"),
    ("TASA DE INTERES", "indicador"),
    ("VALOR DE LA UNIDAD DE INVERSION", "indicador"),
    ("INDICE NACIONAL DE PRECIOS", "indicador"),
    ("COSTO PORCENTUAL PROMEDIO", "indicador"),
    ("COSTO DE CAPTACION", "indicador"),
    ("LICITACION PUBLICA", "licitacion"),
    ("DECRETO", "decreto"),
    ("ACUERDO", "acuerdo"),
    ("RESOLUCION", "resolucion"),
    ("AVISO", "aviso"),
    ("CIRCULAR", "circular"),
    ("CONVOCATORIA", "convocatoria"),
    ("EDICTO", "edicto"),
    ("CONVENIO", "convenio"),
    ("EXTRACTO", "extracto"),
    ("DECLARATORIA", "declaratoria"),
    ("DECLARACION", "declaracion"),
    ("REGLAMENTO", "reglamento"),
    ("REGLAS", "reglas"),
    ("LINEAMIENTOS", "lineamientos"),
    ("LINEAMIENTO", "lineamientos"),
    ("LEY", "ley"),
    ("CODIGO", "codigo"),
    ("ESTATUTO", "estatuto"),
    ("MANUAL", "manual"),
    ("PROGRAMA", "programa"),
    ("OFICIO", "oficio"),
    ("NOTIFICACION", "notificacion"),
    ("SENTENCIA", "sentencia"),
    ("DECISION", "decision"),
    ("PROTOCOLO", "protocolo"),
    ("TRATADO", "tratado"),
    ("DISPOSICIONES", "disposiciones"),
    ("CRITERIOS", "criterios"),
    ("LISTA", "lista"),
    ("RELACION", "relacion"),
    ("ACTA", "acta"),
    ("AUTORIZACION", "autorizacion"),
    ("CANCELACION", "cancelacion"),
    ("SOLICITUD", "solicitud"),
    ("ESTADOS FINANCIEROS", "estados_financieros"),
    ("ESTADO DE POSICION FINANCIERA", "estados_financieros"),
    ("ANEXO", "anexo"),
    ("INDICE", "indicador"),
)
# "Primera Resolución de Modificaciones a la Resolución Miscelánea Fiscal" is a resolución.
_ORDINALS = {
    "PRIMERA", "SEGUNDA", "TERCERA", "CUARTA", "QUINTA", "SEXTA", "SEPTIMA", "OCTAVA",
    "NOVENA", "DECIMA", "UNDECIMA", "DUODECIMA", "PRIMER", "SEGUNDO", "TERCER", "TERCERO",
    "CUARTO", "QUINTO", "SEXTO", "SEPTIMO", "OCTAVO", "NOVENO", "DECIMO", "DECIMOPRIMERA",
    "DECIMOSEGUNDA", "DECIMOTERCERA", "DECIMOCUARTA", "DECIMOQUINTA", "ULTIMA", "NUEVA",
}  # fmt: skip

_CHALLENGE_PHRASES = (
    "verificando su navegador",
    "verificando el navegador",
    "checking your browser",
    "cf-browser-verification",
    "cf-challenge",
    "just a moment...",
    "enable javascript and cookies to continue",
    "please turn javascript on",
    "attention required! | cloudflare",
    "g-recaptcha",
    "h-captcha",
    "request unsuccessful. incapsula",
    "_incapsula_resource",
)
_META_REFRESH_RE = re.compile(r"<meta[^>]+http-equiv\s*=\s*[\"']?refresh", re.IGNORECASE)
_JS_REDIRECT_RE = re.compile(
    r"setTimeout\s*\(|location\.(?:replace|assign|reload)\s*\(|(?:window|document)\.location"
    r"(?:\.href)?\s*=",
    re.IGNORECASE,
)


def make_date(day: int, month: int, year: int) -> dt.date | None:
    """A date from its parts, or None where the parts do not form one."""
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def parse_dof_date(value: object) -> dt.date | None:
    """Read DD/MM/YYYY, DD-MM-YYYY, YYYY-MM-DD or "viernes 24 de enero 2014"."""
    if value is None:
        return None
    text = str(value)
    match = _ISO_DATE_RE.search(text)
    if match:
        return make_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = _NUMERIC_DATE_RE.search(text)
    if match:
        return make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _LONG_DATE_RE.search(fold_ascii(text))
    if match and match.group(2) in _MONTHS:
        return make_date(int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3)))
    return None


def normalize_edition(value: object) -> str | None:
    """MAT / VES / EXT from "Matutina", "vespertina", "EXT", "Extraordinaria" and so on."""
    if value is None:
        return None
    folded = fold_ascii(str(value))
    if not folded:
        return None
    for word in folded.replace("EDICION", " ").split():
        if word[:3] in _EDITIONS:
            return _EDITIONS[word[:3]]
    return None


def normalize_section(value: object) -> str | None:
    """PRIMERA / SEGUNDA / UNICA ... from "&nbsp; UNICA SECCION" or "unica"."""
    if value is None:
        return None
    words = [w for w in fold_ascii(clean_text(str(value))).split() if w != "SECCION"]
    return " ".join(words) or None


def doc_type_of(title: str | None) -> str | None:
    """The kind of instrument a DOF title announces, in lower case without accents."""
    words = fold_ascii(clean_text(title or "")).replace(",", " ").split()
    while words and words[0] in _ORDINALS:
        words = words[1:]
    head = " ".join(words)
    for phrase, kind in _DOC_TYPES:
        if head == phrase or head.startswith(phrase + " ") or head.startswith(phrase + "."):
            return kind
    return None


def query_params(url: str) -> dict[str, str]:
    """The URL's query parameters, last value winning, keys in lower case."""
    try:
        pairs = parse_qs(urlsplit(url).query, keep_blank_values=True)
    except ValueError:
        return {}
    return {key.lower(): values[-1] for key, values in pairs.items() if values}


def url_path(url: str) -> str:
    """The URL's path ('' when the URL cannot be split)."""
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def date_from_query(params: dict[str, str]) -> dt.date | None:
    """The date an index URL asks for (year, month, day) or a link carries (fecha)."""
    try:
        year, month, day = int(params["year"]), int(params["month"]), int(params["day"])
    except (KeyError, ValueError):
        return parse_dof_date(params.get("fecha"))
    return make_date(day, month, year)


def official_url(code: str, published_on: dt.date | None) -> str:
    """The DOF's own address for a note (the public, citable one)."""
    url = f"{OFFICIAL_BASE}/nota_detalle.php?codigo={code}"
    if published_on:
        url += f"&fecha={published_on.strftime('%d/%m/%Y')}"
    return url


def doc_fuente_url(code: str, sidof_base: str = SIDOF_BASE) -> str:
    """SIDOF's clean note text, which robots.txt allows (unlike nota_detalle.php)."""
    return f"{sidof_base.rstrip('/')}/notas/docFuente/{code}"


def check_date(served: dt.date | None, requested: dt.date | None, what: str) -> None:
    """Raise WrongDateError when the page serves another day than the one asked for."""
    if served and requested and served != requested:
        raise WrongDateError(
            f"The {what} serves {served.isoformat()} instead of the requested "
            f"{requested.isoformat()}; fetch it again later."
        )


def raise_if_interstitial(text: str, has_content: bool) -> None:
    """Raise InterstitialError on a bot check, captcha or redirecting holding page."""
    lowered = text.lower()
    phrase = next((p for p in _CHALLENGE_PHRASES if p in lowered), None)
    if phrase and not has_content:
        raise InterstitialError(f"The source answered with a bot check ({phrase!r}); retry later.")
    if _META_REFRESH_RE.search(text) and not has_content:
        raise InterstitialError("The source answered with a redirecting holding page; retry later.")
    if not has_content and len(text) < 20_000 and _JS_REDIRECT_RE.search(text):
        raise InterstitialError("The source answered with a script-redirect page; retry later.")
    if phrase and "verificando" in phrase:
        raise InterstitialError(f"The source answered with a bot check ({phrase!r}); retry later.")


def follow_doc_fuente(item: DocumentItem, sidof_base: str = SIDOF_BASE) -> FollowRequest:
    """Ask the spider for the note's text, carrying the listing's fields to merge it into."""
    meta = {"external_id": item.external_id, "item": item.to_contract(), "extra": item.extra}
    url = doc_fuente_url(item.external_id, sidof_base)
    return FollowRequest(url=url, kind="doc_fuente", meta=meta)


def dedupe(items: Iterable[DocumentItem]) -> list[DocumentItem]:
    """Keep the first item of each note code, in page order."""
    seen: set[str] = set()
    unique = []
    for item in items:
        if item.external_id not in seen:
            seen.add(item.external_id)
            unique.append(item)
    return unique
