"""Formulaic parts of DOF, SAT, CBP and Federal Register titles, rendered by tested rules.

Official titles are built from a small set of shapes ("DECRETO por el que se reforman ...",
"Tercera Resolución de Modificaciones a ...", "CSMS # 65432100 - GUIDANCE: ...", "...;
Final rule"). A word-by-word engine gets these wrong every time, so each shape is a rule
that finds its span in the title and writes the target-language form. The spans are then
protected from the machine translator exactly like glossary terms; only the free text
between them goes through the engine. Every function here is pure.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

Render = Callable[[re.Match[str]], str]


@dataclasses.dataclass(frozen=True)
class Span:
    """A stretch of the source text [start, end) and what it becomes in the target."""

    start: int
    end: int
    text: str


@dataclasses.dataclass(frozen=True)
class Shape:
    """One tested title shape: where it is in a title and how it is written."""

    name: str
    pattern: re.Pattern[str]
    render: Render


# ---------------------------------------------------------------- shared vocabulary

MONTHS_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
ORDINALS_ES = [
    "primera",
    "segunda",
    "tercera",
    "cuarta",
    "quinta",
    "sexta",
    "séptima",
    "octava",
    "novena",
    "décima",
    "décima primera",
    "décima segunda",
]
ORDINALS_EN = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
]


def _pairs(source: list[str], target: list[str]) -> dict[str, str]:
    """Each lower-cased word of `source` mapped to the word at the same place in `target`."""
    return {word.lower(): other for word, other in zip(source, target, strict=True)}


MONTH_EN_OF = _pairs(MONTHS_ES, MONTHS_EN)
MONTH_ES_OF = _pairs(MONTHS_EN, MONTHS_ES)
WEEKDAY_ES_OF = _pairs(WEEKDAYS_EN, WEEKDAYS_ES)
ORDINAL_EN_OF = _pairs(ORDINALS_ES, ORDINALS_EN)
ORDINAL_ES_OF = _pairs(ORDINALS_EN, ORDINALS_ES)
PARAGRAPH_ORDINALS = {
    "primero": "first",
    "primer": "first",
    "segundo": "second",
    "tercero": "third",
    "tercer": "third",
    "cuarto": "fourth",
    "quinto": "fifth",
    "sexto": "sixth",
    "séptimo": "seventh",
    "octavo": "eighth",
    "noveno": "ninth",
    "décimo": "tenth",
    "último": "last",
}

# DOF document-type heads: Spanish form (any case) -> English form in capitals.
DOC_TYPES_ES_EN = {
    "decreto": "DECREE",
    "acuerdo": "AGREEMENT",
    "acuerdo general": "GENERAL AGREEMENT",
    "aclaraciones": "CLARIFICATIONS",
    "continuación": "CONTINUATION",
    "continuacion": "CONTINUATION",
    "aviso": "NOTICE",
    "avisos": "NOTICES",
    "resolución": "RESOLUTION",
    "resolucion": "RESOLUTION",
    "resolución final": "FINAL RESOLUTION",
    "resolucion final": "FINAL RESOLUTION",
    "resolución preliminar": "PRELIMINARY RESOLUTION",
    "resolucion preliminar": "PRELIMINARY RESOLUTION",
    "convenio": "AGREEMENT",
    "convenio de coordinación": "COORDINATION AGREEMENT",
    "convenio de colaboración": "COLLABORATION AGREEMENT",
    "convenio de coordinación y colaboración": "COORDINATION AND COLLABORATION AGREEMENT",
    "convenio específico de coordinación": "SPECIFIC COORDINATION AGREEMENT",
    "lineamientos": "GUIDELINES",
    "aclaración": "CLARIFICATION",
    "aclaracion": "CLARIFICATION",
    "nota aclaratoria": "CLARIFYING NOTE",
    "fe de erratas": "ERRATUM",
    "extracto": "EXCERPT",
    "sentencia": "JUDGMENT",
    "voto concurrente": "CONCURRING OPINION",
    "voto particular": "DISSENTING OPINION",
    "voto aclaratorio": "CLARIFYING OPINION",
    "oficio": "OFFICIAL LETTER",
    "circular": "CIRCULAR",
    "reglamento": "REGULATIONS",
    "reglas": "RULES",
    "lista": "LIST",
    "listado": "LIST",
    "declaratoria": "DECLARATION",
    "declaratoria de vigencia": "DECLARATION of validity",
    "respuesta": "RESPONSE",
    "respuestas": "RESPONSES",
    "proyecto": "DRAFT",
    "modificación": "AMENDMENT",
    "modificacion": "AMENDMENT",
    "convocatoria": "CALL",
    "programa": "PROGRAM",
    "estatuto": "STATUTE",
    "protocolo": "PROTOCOL",
    "manual": "MANUAL",
    "ley": "LAW",
    "disposiciones": "PROVISIONS",
    "criterios": "CRITERIA",
    "procedimiento": "PROCEDURE",
    "metodología": "METHODOLOGY",
    "metodologia": "METHODOLOGY",
    "norma": "STANDARD",
    "edicto": "EDICT",
    "índice": "INDEX",
    "indice": "INDEX",
    "relación": "LIST",
    "relacion": "LIST",
    "estrategia": "STRATEGY",
    "políticas": "POLICIES",
    "bases": "BASES",
    "resumen": "SUMMARY",
    "resumen de convocatoria": "SUMMARY OF CALL FOR BIDS",
    "criterio de interpretación": "INTERPRETATION CRITERION",
    "informe": "REPORT",
}

# Verbs of "por el que se ..." / "que ..." clauses: stem -> English gerund. Both the
# singular and the plural third person are recognised ("reforma", "reforman").
VERBS_ES_EN = {
    "reforma": "amending",
    "adiciona": "adding",
    "deroga": "repealing",
    "modifica": "amending",
    "expide": "issuing",
    "establece": "establishing",
    "da a conocer": "announcing",
    "dan a conocer": "announcing",
    "actualiza": "updating",
    "emite": "issuing",
    "determina": "determining",
    "aprueba": "approving",
    "otorga": "granting",
    "prorroga": "extending",
    "suspende": "suspending",
    "delega": "delegating",
    "declara": "declaring",
    "crea": "creating",
    "abroga": "repealing",
    "autoriza": "authorizing",
    "fija": "setting",
    "sujeta": "subjecting",
    "sujetan": "subjecting",
    "exenta": "exempting",
    "exime": "exempting",
    "informa": "reporting",
    "comunica": "announcing",
    "publica": "publishing",
    "deja sin efectos": "rescinding",
    "dejan sin efectos": "rescinding",
    "cancela": "cancelling",
    "designa": "designating",
    "nombra": "appointing",
    "aclara": "clarifying",
    "amplía": "extending",
    "amplia": "extending",
    "reduce": "reducing",
    "regula": "regulating",
    "implementa": "implementing",
    "habilita": "enabling",
    "instruye": "instructing",
    "reconoce": "recognizing",
    "señala": "indicating",
    "identifica": "identifying",
    "asigna": "assigning",
    "transfiere": "transferring",
    "inicia": "initiating",
    "concluye": "concluding",
    "dispone": "providing",
    "aplica": "applying",
    "convoca": "calling",
    "sustituye": "replacing",
    "incorpora": "incorporating",
    "integra": "integrating",
    "desincorpora": "divesting",
    "extingue": "dissolving",
    "ordena": "ordering",
    "precisa": "specifying",
    "homologa": "harmonizing",
    "define": "defining",
    "describe": "describing",
    "promueve": "promoting",
    "difunde": "disseminating",
    "elimina": "eliminating",
    "otorgan facilidades": "granting facilities",
    "retira": "withdrawing",
    "hace del conocimiento público": "making public",
    "hacen del conocimiento público": "making public",
    "constituye": "establishing",
    "sectoriza": "assigning to a sector",
    "acredita": "accrediting",
    "disuelve": "dissolving",
    "reestructura": "restructuring",
    "fusiona": "merging",
    "condona": "waiving",
    "prohíbe": "prohibiting",
    "prohibe": "prohibiting",
    "restringe": "restricting",
    "permite": "allowing",
    "abre": "opening",
    "clasifica": "classifying",
    "valida": "validating",
    "certifica": "certifying",
    "inscribe": "registering",
    "registra": "registering",
    "revoca": "revoking",
    "renueva": "renewing",
    "libera": "releasing",
    "reasigna": "reassigning",
    "adscribe": "assigning",
    "destina": "allocating",
    "ubica": "locating",
}


def _verb_alternatives() -> str:
    forms = set()
    for verb in VERBS_ES_EN:
        forms.add(verb)
        head, *rest = verb.split(" ")
        plural = head + "n"
        forms.add(" ".join([plural, *rest]))
    return "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))


VERB_RE = _verb_alternatives()


def _gerund(form: str) -> str:
    key = " ".join(form.lower().split())
    if key in VERBS_ES_EN:
        return VERBS_ES_EN[key]
    head, *rest = key.split(" ")
    return VERBS_ES_EN.get(" ".join([head[:-1], *rest]), key)


def _join_en(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _join_es(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


def _split_list(text: str, conjunction: str) -> list[str]:
    """'a, b y c' -> ['a', 'b', 'c'] (conjunction 'y' or 'and')."""
    parts = re.split(rf",\s*(?:{conjunction}\s+)?|\s+{conjunction}\s+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _head_case(source: str, target: str) -> str:
    """A DOF head ("DECRETO", "NORMA Oficial") keeps its capitals; "Acuerdo" -> "Agreement"."""
    first = source.split()[0]
    mixed = target != target.upper()  # "DECLARATION of validity": only the head word shouts
    if len(first) > 1 and first.isupper():
        return target if mixed else target.upper()
    if mixed:
        head, _, rest = target.partition(" ")
        return f"{head.capitalize()} {rest}".strip()
    if len(source.split()) > 1 and all(w[:1].isupper() for w in source.split()):
        return target.title()  # "Voto Concurrente" -> "Concurring Opinion"
    return target[:1].upper() + target[1:].lower()


# ---------------------------------------------------------------- Spanish -> English

NAME_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+"
# Words that open a body's name, never a surname after "de" ("Pérez de la Secretaría ...").
BODY_WORDS = (
    "Secretar[íi]a|Comisi[óo]n|Direcci[óo]n|Unidad|Administraci[óo]n|Procuradur[íi]a|Suprema|"
    "Naci[óo]n|Federaci[óo]n|Rep[úu]blica|Estado|Ciudad|Instituto|Tribunal|Consejo|Junta|"
    "Universidad|Sala|Corte|Oficina|Coordinaci[óo]n|Subsecretar[íi]a|Fiscal[íi]a|Municipio|"
    "Gobierno|Cámara|Camara|Senado|Banco|Servicio|Agencia|Sistema|Ley|Norma|Acci[óo]n|"
    "Controversia|Amparo|Pleno|Primera|Segunda|Justicia|Econom[íi]a|Hacienda|Salud|Trabajo|"
    "Energ[íi]a|Educaci[óo]n|Marina|Defensa|Comunicaciones|Gobernaci[óo]n|Bienestar|Cultura|Turismo"
)
NAME_PARTICLE = rf"(?:de\s+la|de\s+los|del|de)\s+(?!(?:{BODY_WORDS})\b)"
PERSON = rf"{NAME_WORD}(?:\s+(?:{NAME_PARTICLE})?{NAME_WORD}){{1,4}}"
SURNAMED = (
    rf"\b{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+ez"
    rf"(?:\s+{NAME_WORD})?\b"
)
NUM = r"\d+(?:o\.?(?![a-z])|º|°)?(?:[- ](?:bis|ter|qu[áa]ter|(?-i:[A-Z]))\b(?:[ -]\d+)?)?"
NUM_LIST = rf"{NUM}(?:(?:,\s*|\s+y\s+){NUM})*"
DATE_ES = (
    rf"(?P<d>\d{{1,2}})(?:o\.|º)?\s+de\s+(?P<m>{'|'.join(MONTHS_ES)})\s+(?:de|del)\s+(?P<y>\d{{4}})"
)


def _number(text: str) -> str:
    """'5o.' -> '5', '216 Bis' -> '216 Bis'."""
    text = re.sub(r"(\d)(?:o\.?|º|°)(?![a-z])", r"\1", text.strip())
    return re.sub(r"\b(bis|ter)\b", lambda m: m.group(1).capitalize(), text)


def _date_en(day: str, month: str, year: str) -> str:
    return f"{MONTH_EN_OF[month.lower()]} {int(day)}, {year}"


def _render_date_es_en(match: re.Match[str]) -> str:
    lead = match.group("lead") or ""
    date = _date_en(match.group("d"), match.group("m"), match.group("y"))
    prefix = {
        "": "",
        "el": "on",
        "del": "of",
        "al": "to",
        "a partir del": "from",
        "a partir de": "from",
        "hasta el": "until",
        "desde el": "since",
    }
    words = " ".join(lead.lower().replace("día", "").replace("dia", "").split())
    publication = match.group("pub")
    if publication:
        published = {"publicado": "published", "publicada": "published"}.get(
            publication.lower()[:9], "published"
        )
        return f"{published} on {date}"
    return (prefix.get(words, words) + " " + date).strip()


def _render_articles(match: re.Match[str]) -> str:
    det = (match.groupdict().get("det") or "").lower()
    numbers = [_number(n) for n in _split_list(match.group("nums"), "y")]
    noun = "Articles" if len(numbers) > 1 else "Article"
    lead = {"un": "an ", "del": "of ", "al": "to ", "a los": "to ", "de los": "of "}.get(det, "")
    return f"{lead}{noun} {_join_en(numbers)}"


def _render_fraction(match: re.Match[str]) -> str:
    det = (match.group("det") or "").lower()
    numerals = _split_list(match.group("nums"), "y")
    noun = "sections" if len(numerals) > 1 else "section"
    lead = {"una": "", "la": "", "las": "", "de la": "of ", "a la": "to "}.get(det, "")
    return f"{lead}{noun} {_join_en(numerals)}"


def _render_paragraph(match: re.Match[str]) -> str:
    det = (match.group("det") or "").lower()
    ordinal = PARAGRAPH_ORDINALS[(match.group("ord1") or match.group("ord2")).lower()]
    lead = {"un": "a", "el": "the", "del": "of the", "al": "to the"}.get(det, "the")
    return f"{lead} {ordinal} paragraph"


def _render_resolution(match: re.Match[str]) -> str:
    ordinal = ORDINAL_EN_OF[match.group("ord").lower()]
    article = "the "
    return f"{ordinal} Resolution of Amendments to {article}"


def _render_annexes(match: re.Match[str]) -> str:
    lead = match.group("lead") or ""
    items = [i.strip() for i in _split_list(match.group("nums"), "y")]
    noun = "Annexes" if len(items) > 1 or match.group("noun").lower().endswith("s") else "Annex"
    prefix = "and its " if lead else ""
    return f"{prefix}{noun} {_join_en(items)}"


def _render_head_es_en(match: re.Match[str]) -> str:
    head = match.group("head")
    english = DOC_TYPES_ES_EN[" ".join(head.lower().split())]
    english = _head_case(head, english)
    verbs = match.group("verbs")
    if not verbs:
        return english
    gerunds = [_gerund(v) for v in _split_list(verbs, "y")]
    tail = _join_en(gerunds)
    return f"{english} {tail}{_various(match)}"


def _various(match: re.Match[str]) -> str:
    if not match.group("various"):
        return ""
    text = " various tax provisions" if match.group("fiscal") else " various provisions"
    joined = " ".join((match.group("various_of") or "").lower().split())
    return text + {"": "", "de": " of", "del": " of the"}[joined]


def _render_clause_es_en(match: re.Match[str]) -> str:
    gerunds = [_gerund(v) for v in _split_list(match.group("verbs"), "y")]
    tail = _join_en(gerunds)
    return f"{tail}{_various(match)}"


def _render_nom_head(match: re.Match[str]) -> str:
    """'PROYECTO de Modificación a la Norma Oficial Mexicana de Emergencia' and its parts."""
    words = " ".join(match.group(0).lower().split())
    parts = []
    if words.startswith("proyecto"):
        parts.append("Draft")
    if "modificaci" in words:
        parts.append("Amendment to")
    if "oficial" in words:
        standard = "Official Mexican Standard"
    else:  # a bare 'norma' before its code (older titles) says only 'standard'
        standard = "Mexican Standard" if "mexicana" in words else "Standard"
    parts.append(("Emergency " if "emergencia" in words else "") + standard)
    english = " ".join(parts)
    first = match.group(0).split()[0]
    if first.isupper() and len(first) > 1 and len(parts) > 1:
        lead, rest = english.split(" ", 1)
        return f"{lead.upper()} {rest}"
    return english


LAW_PARTS_ES_EN = {"titulo": "Title", "capitulo": "Chapter", "libro": "Book"}
CARDINALS_EN = {
    "first": "One",
    "second": "Two",
    "third": "Three",
    "fourth": "Four",
    "fifth": "Five",
    "sixth": "Six",
    "seventh": "Seven",
    "eighth": "Eight",
    "ninth": "Nine",
    "tenth": "Ten",
}


def _render_law_part(match: re.Match[str]) -> str:
    """'Título Cuarto' -> 'Title Four', 'CAPÍTULO TERCERO' -> 'CHAPTER THREE' (a law's parts)."""
    kind = match.group("kind").lower().replace("í", "i")
    english = (
        f"{LAW_PARTS_ES_EN[kind]} {CARDINALS_EN[PARAGRAPH_ORDINALS[match.group('ord').lower()]]}"
    )
    if match.group("kind").isupper():
        return english.upper()
    return english if match.group("kind")[:1].isupper() else english.lower()


def _render_comments(match: re.Match[str]) -> str:
    head = match.group("head")
    english = "RESPONSES" if head.lower().endswith("s") else "RESPONSE"
    if not head.isupper():
        english = english.capitalize()
    tail = " on" if match.group("about") else ""
    return f"{english} to comments received{tail}"


PERSON_TITLES_ES_EN = {
    "doctor": "Dr.",
    "doctora": "Dr.",
    "licenciado": "",
    "licenciada": "",
    "ingeniero": "Eng.",
    "ingeniera": "Eng.",
    "maestro": "",
    "maestra": "",
    "ministro": "Justice",
    "ministra": "Justice",
    "secretario": "Secretary",
    "secretaria": "Secretary",
    "ciudadano": "",
    "ciudadana": "",
}


def _render_person(match: re.Match[str]) -> str:
    """A person's name stays as written; a spelled-out title before it is translated."""
    article = re.match(r"(?:del|de\s+la|el|la)\s+", match.group(0))
    text = match.group(0)[article.end() :] if article else match.group(0)
    first, _, rest = re.sub(r"^señora?\s+", "", text).partition(" ")
    title = PERSON_TITLES_ES_EN.get(first.lower())
    if title is None or not rest:
        return match.group(0)
    of = "of " if article and article.group(0).lower().startswith("de") else ""
    return f"{of}{title} {rest}".strip()


def _render_diverso(match: re.Match[str]) -> str:
    """'el diverso por el que ...' names a document of the head's type: 'the decree ...'."""
    head = match.string.split()[0].lower() if match.string.split() else ""
    noun = DOC_TYPES_ES_EN.get(head, "").lower() if head in ("decreto", "acuerdo") else "one"
    article = {"el": "the", "al": "to the", "del": "of the"}[match.group(0).split()[0].lower()]
    return f"{article} {noun or 'one'}"


def _fixed(table: dict[str, str]) -> Render:
    def render(match: re.Match[str]) -> str:
        return table[" ".join(match.group(0).lower().rstrip(".").split())] + (
            "." if match.group(0).endswith(".") else ""
        )

    return render


FIXED_TITLES_ES_EN = {
    "tipo de cambio para solventar obligaciones denominadas en moneda extranjera pagaderas en "
    "la república mexicana": "EXCHANGE RATE for settling obligations denominated in foreign "
    "currency payable in the Mexican Republic",
    "tasas de interés interbancarias de equilibrio": "INTERBANK EQUILIBRIUM interest rates",
    "tasa de interés interbancaria de equilibrio": "INTERBANK EQUILIBRIUM interest rate",
    "valor de la unidad de inversión": "VALUE of the investment unit",
    "costo porcentual promedio de captación de fondos": "AVERAGE PERCENTAGE COST of raising funds",
    "avisos judiciales y generales": "JUDICIAL AND GENERAL NOTICES",
    "índice nacional de precios al consumidor": "NATIONAL CONSUMER PRICE INDEX",
    "indice nacional de precios al consumidor": "NATIONAL CONSUMER PRICE INDEX",
}


def _shapes_es_en() -> tuple[Shape, ...]:
    flags = re.IGNORECASE
    heads = "|".join(
        sorted((re.escape(h).replace(r"\ ", r"\s+") for h in DOC_TYPES_ES_EN), key=len)[::-1]
    )
    connector = (
        r"(?:por|mediante|en)\s+(?:el|la|los|las)\s+(?:que|cual|cuales)\s+se"
        r"|que\s+(?=(?:" + VERB_RE + r")\b)"
    )
    and_connector = r";?\s*y\s+se"
    verbs = rf"(?P<verbs>(?:{VERB_RE})(?:(?:,\s*|\s+y\s+|,\s*y\s+)(?:se\s+)?(?:{VERB_RE}))*)"
    various = (
        r"(?P<various>\s+diversa?s\s+(?:disposiciones|art[íi]culos)(?P<fiscal>\s+fiscales)?"
        r"(?P<various_of>\s+(?:de|del))?)?"
    )
    return (
        Shape(
            "codes (NOM, NMX, forms) kept as written",
            re.compile(
                r"(?<![\w-])(?=[A-Z0-9/.-]*\d)(?:PROY-)?[A-Z]{2,}[A-Z0-9]*(?:[-/][A-Z0-9]+)+(?![\w-])"
            ),
            lambda m: m.group(0),
        ),
        Shape(
            "procedure-sheet numbers ('95/LA', '12/CFF') kept as written",
            re.compile(r"(?<![\w/-])\d+/[A-Z]{2,5}(?![\w/-])"),
            lambda m: m.group(0),
        ),
        Shape(
            "people's names after a title or with a Spanish surname, kept as written",
            re.compile(
                r"(?:\b(?:Dr|Dra|Lic|Ing|Mtro|Mtra|Arq|C\.P)\.\s+|"
                r"\b(?:[Dd]octora?|[Ll]icenciad[oa]|[Ii]ngenier[oa]|[Mm]aestr[oa]|"
                r"[Ss]ecretari[oa]|[Cc]iudadan[oa]|"
                r"(?:(?:del|de\s+la|el|la)\s+)?(?:señora?\s+)?[Mm]inistr[oa])\s+)"
                rf"{PERSON}|{SURNAMED}"
            ),
            _render_person,
        ),
        Shape(
            "Mexican company names kept as written",
            re.compile(
                # a title's head word ("AVISO de", "Aviso de") does not start a name
                r"(?<![\w])(?!^\S+\s+(?:de|del|la|las|los|al|y|e)\s)"
                r"(?![A-ZÁÉÍÓÚÑ]{2,}\s+(?:de|del|la|las|los|al|y|e)\s)"
                r"(?:[A-ZÁÉÍÓÚÑ0-9][\wÁÉÍÓÚÑáéíóúñ&'.-]*,?\s+"
                r"(?:(?:de|del|la|las|los|al|y|e)\s+(?=[A-ZÁÉÍÓÚÑ0-9])){0,2}){1,8}"
                r"(?:S\.\s?A\.(?:\s?P\.\s?I\.)?(?:\s+(?:de|DE)\s+C\.\s?V\.)?|"
                r"S\.\s+(?:de|DE)\s+R\.\s?L\.(?:\s+(?:de|DE)\s+C\.\s?V\.)?|S\.\s?C\.|A\.\s?C\.|"
                r"S\.\s?N\.\s?C\.)(?:,\s+(?:I\.\s?B\.\s?D\.|SOFOM[\w ,.]*?))?(?![\w])"
            ),
            lambda m: m.group(0),
        ),
        Shape(
            "fixed DOF daily titles",
            re.compile(
                r"^(?:" + "|".join(re.escape(t) for t in FIXED_TITLES_ES_EN) + r")\.?$", flags
            ),
            _fixed(FIXED_TITLES_ES_EN),
        ),
        Shape(
            "comments on a draft standard",
            re.compile(
                r"^(?P<head>respuestas?)\s+a\s+los\s+comentarios(?:\s+(?:recibidos|efectuados))?"
                r"(?P<about>,?\s+(?:(?:respecto|en\s+relación)\s+)?(?:del|al|a\s+la|de\s+la))?",
                flags,
            ),
            _render_comments,
        ),
        Shape(
            "Mexican standard heads",
            re.compile(
                r"\b(?:(?:proyecto\s+de\s+)?modificaci[oó]n\s+(?:de|a)\s+la\s+|proyecto\s+de\s+)?"
                r"norma(?:\s+(?:oficial\s+)?mexicana(?:\s+de\s+emergencia)?)?"
                r"(?=:?\s+(?:PROY-|NOM|NMX))",
                flags,
            ),
            _render_nom_head,
        ),
        Shape(
            "document type head and clause",
            re.compile(
                rf"^(?P<head>{heads})(?:\s+(?:{connector})\s*{verbs}{various})?(?=[\s,.:;]|$)",
                flags,
            ),
            _render_head_es_en,
        ),
        Shape(
            "clause 'por el que se ...' inside a title",
            re.compile(rf"\b(?:{connector})\s*{verbs}{various}(?=[\s,.;:]|$)", flags),
            _render_clause_es_en,
        ),
        Shape(
            "'y se reforman ...' after a first clause",
            re.compile(rf"{and_connector}\s+{verbs}{various}(?=[\s,.;:]|$)", flags),
            lambda m: (
                ("; and " if m.group(0).startswith(";") else " and ") + _render_clause_es_en(m)
            ),
        ),
        Shape(
            "', se deroga ...' after a first clause",
            re.compile(rf"(?P<punct>[,;])\s*se\s+{verbs}{various}(?=[\s,.;:]|$)", flags),
            lambda m: m.group("punct") + " " + _render_clause_es_en(m),
        ),
        Shape(
            "ordinal resolution of amendments",
            re.compile(
                r"\b(?P<ord>" + "|".join(ORDINALS_ES) + r")\s+resoluci[oó]n\s+de\s+"
                r"modificaciones\s+a\s+(?:la|las)\s+",
                flags,
            ),
            _render_resolution,
        ),
        Shape(
            "resolution of amendments",
            re.compile(r"\bresoluci[oó]n\s+de\s+modificaciones\s+a\s+(?:la|las)\s+", flags),
            lambda m: "Resolution of Amendments to the ",
        ),
        Shape(
            "annexes",
            re.compile(
                r"(?P<lead>\by\s+su(?:s)?\s+)?\b(?P<noun>anexos?)\s+"
                r"(?P<nums>[\dA-Z]+(?:[.-][\dA-Z]+)*(?:(?:,\s*|\s+y\s+)[\dA-Z]+(?:[.-][\dA-Z]+)*)*)",
                flags,
            ),
            _render_annexes,
        ),
        Shape(
            "appendix",
            re.compile(r"\bap[ée]ndice\s+(?P<n>(?:[A-Z]-?)?\d+(?:-[A-Z0-9]+)*)", flags),
            lambda m: f"Appendix {m.group('n')}",
        ),
        Shape(
            "dates",
            re.compile(
                r"(?:(?P<pub>publicad[oa]s?)\s+(?:en\s+el\s+Diario\s+Oficial\s+de\s+la\s+"
                r"Federaci[oó]n\s+)?el\s+(?:d[íi]a\s+)?|(?P<lead>a\s+partir\s+del?|hasta\s+el|desde\s+el"
                r"|el(?:\s+d[íi]a)?|del|al)\s+)?" + DATE_ES,
                flags,
            ),
            _render_date_es_en,
        ),
        Shape(
            "month and year",
            re.compile(r"\b(?P<m>" + "|".join(MONTHS_ES) + r")\s+de\s+(?P<y>\d{4})\b", flags),
            lambda m: f"{MONTH_EN_OF[m.group('m').lower()]} {m.group('y')}",
        ),
        Shape(
            "fiscal year",
            re.compile(r"\b(?:para\s+)?el\s+ejercicio\s+fiscal\s+(?:de\s+)?(?P<y>\d{4})", flags),
            lambda m: (
                ("for " if m.group(0).lower().startswith("para") else "")
                + f"{'Fiscal Year' if 'E' in m.group(0) else 'fiscal year'} {m.group('y')}"
            ),
        ),
        Shape(
            "for a year",
            re.compile(r"\bpara\s+(?:el\s+)?(?P<y>(?:19|20)\d{2})\b", flags),
            lambda m: f"for {m.group('y')}",
        ),
        Shape(
            "articles",
            re.compile(
                rf"\b(?:(?P<det>el|los|un|del|al|a\s+los|de\s+los)\s+)?art[íi]culos?\s+"
                rf"(?P<nums>{NUM_LIST})",
                flags,
            ),
            _render_articles,
        ),
        Shape(
            "fractions (sections of an article)",
            re.compile(
                r"\b(?:(?P<det>una|la|las|de\s+la|a\s+la)\s+)?fracci(?:ón|on|ones)\s+"
                r"(?P<nums>[IVXLC]+(?:\s+(?:Bis|Ter))?(?:(?:,\s*|\s+y\s+)[IVXLC]+(?:\s+(?:Bis|Ter))?)*)\b",
                flags,
            ),
            _render_fraction,
        ),
        Shape(
            "titles, chapters and books of a law by ordinal",
            re.compile(
                r"\b(?P<kind>t[íi]tulo|cap[íi]tulo|libro)\s+(?P<ord>"
                + "|".join(o for o in PARAGRAPH_ORDINALS if o != "último")
                + r")\b",
                flags,
            ),
            _render_law_part,
        ),
        Shape(
            "paragraphs",
            re.compile(
                r"\b(?:(?P<det>el|un|del|al)\s+)?(?:p[áa]rrafo\s+(?P<ord1>"
                + "|".join(PARAGRAPH_ORDINALS)
                + r")|(?P<ord2>"
                + "|".join(PARAGRAPH_ORDINALS)
                + r")\s+p[áa]rrafo)\b",
                flags,
            ),
            _render_paragraph,
        ),
        Shape(
            "notice to manufacturers",
            re.compile(
                r"\ba\s+los\s+industriales,\s+comerciantes\s+y\s+p[úu]blico\s+en\s+general",
                flags,
            ),
            lambda m: "to manufacturers, traders and the general public",
        ),
        Shape(
            "'en materia fiscal'",
            re.compile(
                r"\ben\s+materia\s+(?P<kind>fiscal\s+federal|fiscal|federal|com[úu]n|laboral|"
                r"aduanera|penal|civil|electoral)\b",
                flags,
            ),
            lambda m: (
                "on "
                + {
                    "fiscal federal": "federal tax",
                    "fiscal": "tax",
                    "federal": "federal",
                    "común": "common",
                    "comun": "common",
                    "laboral": "labor",
                    "aduanera": "customs",
                    "penal": "criminal",
                    "civil": "civil",
                    "electoral": "electoral",
                }[" ".join(m.group("kind").lower().split())]
                + " matters"
            ),
        ),
        Shape(
            "'en materia de'",
            re.compile(r"\ben\s+materia\s+(?:de|del)\b", flags),
            lambda m: "regarding" if m.group(0).lower().endswith("de") else "regarding the",
        ),
        Shape(
            "'en términos del artículo ...'",
            re.compile(
                rf"\ben\s+t[ée]rminos\s+de(?:l|\s+los)?\s+art[íi]culos?\s+(?P<nums>{NUM_LIST})",
                flags,
            ),
            lambda m: "under " + _render_articles(m),
        ),
        Shape(
            "'a que se refiere'",
            re.compile(r"\ba\s+que\s+se\s+refieren?(?:\s+(?:el|la|los|las))?\b", flags),
            lambda m: "referred to in",
        ),
        Shape(
            "'en términos del'",
            re.compile(r"\ben\s+t[ée]rminos\s+(?:del|de\s+la|de)\b", flags),
            lambda m: "under" if m.group(0).lower().endswith("del") else "under",
        ),
        Shape(
            "'que celebran'",
            re.compile(r"\bque\s+celebran\b", flags),
            lambda m: "entered into by",
        ),
        Shape(
            "'el diverso'",
            re.compile(
                r"\b(?:el|al|del)\s+(?:diverso|similar)(?=\s+(?:por|mediante|que|en)\b)", flags
            ),
            _render_diverso,
        ),
        Shape(
            "'originarias de'",
            re.compile(r"\boriginari[oa]s?\s+(?:de|del)\b", flags),
            lambda m: (
                "originating in" if m.group(0).lower().endswith("de") else "originating in the"
            ),
        ),
        Shape(
            "'sobre las importaciones de'",
            re.compile(r"\b(?:sobre\s+)?(?:las\s+)?importaciones\s+de\b", flags),
            lambda m: ("on " if m.group(0).lower().startswith("sobre") else "") + "imports of",
        ),
    )


# ---------------------------------------------------------------- English -> Spanish

CSMS_LABELS = {
    "guidance": "ORIENTACIÓN",
    "updated guidance": "ORIENTACIÓN ACTUALIZADA",
    "update": "ACTUALIZACIÓN",
    "reminder": "RECORDATORIO",
    "new": "NUEVO",
    "attention": "ATENCIÓN",
    "correction": "CORRECCIÓN",
    "information": "INFORMACIÓN",
    "action required": "ACCIÓN REQUERIDA",
    "revised": "REVISADO",
    "important": "IMPORTANTE",
    "clarification": "ACLARACIÓN",
    "notice": "AVISO",
    "test": "PRUEBA",
}
FR_TYPES = {
    "final rule": "Regla final",
    "interim final rule": "Regla final provisional",
    "notice of proposed rulemaking": "Aviso de propuesta de reglamentación",
    "proposed rule": "Regla propuesta",
    "direct final rule": "Regla final directa",
    "advance notice of proposed rulemaking": "Aviso anticipado de propuesta de reglamentación",
    "notice": "Aviso",
    "notices": "Avisos",
    "correction": "Corrección",
    "correcting amendment": "Enmienda correctiva",
    "withdrawal": "Retiro",
    "extension of comment period": "Ampliación del periodo de comentarios",
    "reopening of comment period": "Reapertura del periodo de comentarios",
    "delay of effective date": "Aplazamiento de la fecha de entrada en vigor",
    "request for comments": "Solicitud de comentarios",
    "notice of public meeting": "Aviso de reunión pública",
    "technical amendment": "Enmienda técnica",
    "technical amendments": "Enmiendas técnicas",
}
INFO_COLLECTION = {
    "extension": "Prórroga",
    "revision": "Revisión",
    "new collection": "Nueva recopilación",
    "reinstatement": "Restablecimiento",
    "proposed extension": "Propuesta de prórroga",
    "proposed revision": "Propuesta de revisión",
}
LAB_KINDS = {
    "commercial gauger and laboratory": "aforador comercial y laboratorio",
    "commercial laboratory": "laboratorio comercial",
    "commercial gauger": "aforador comercial",
}


def _date_es(month: str, day: str, year: str | None) -> str:
    name = MONTH_ES_OF[month.lower()]
    return f"{int(day)} de {name}" + (f" de {year}" if year else "")


def _render_date_en_es(match: re.Match[str]) -> str:
    lead = " ".join((match.group("lead") or "").lower().split())
    weekday = match.group("wd")
    date = _date_es(match.group("m"), match.group("d"), match.group("y"))
    if weekday:
        date = f"{WEEKDAY_ES_OF[weekday.lower()]} {date}"
    prefix = {
        "": "",
        "on": "el",
        "through": "hasta el",
        "until": "hasta el",
        "by": "a más tardar el",
        "from": "desde el",
        "since": "desde el",
        "before": "antes del",
        "after": "después del",
        "effective": "a partir del",
        "beginning": "a partir del",
        "starting": "a partir del",
        "as of": "a partir del",
    }[lead]
    return f"{prefix} {date}".strip()


def _render_csms(match: re.Match[str]) -> str:
    head = match.group("head")
    label = match.group("label")
    if not label:
        return head
    spanish = CSMS_LABELS[" ".join(label.lower().split())]
    ordinal = (match.group("ordinal") or "").lower()
    if ordinal:
        spanish += " " + {"second": "SEGUNDO", "third": "TERCER", "final": "FINAL"}[ordinal]
        spanish = {"RECORDATORIO SEGUNDO": "SEGUNDO RECORDATORIO"}.get(spanish, spanish)
    if not label.isupper():
        spanish = spanish.capitalize()
    return f"{head} {spanish}:"


def _render_fr_type(match: re.Match[str]) -> str:
    """'; Correction.' -> '; corrección.': lower case after a semicolon, the full stop kept."""
    kind = FR_TYPES[" ".join(match.group("kind").lower().split())]
    stop = "." if match.group(0).endswith(".") else ""
    return "; " + kind[:1].lower() + kind[1:] + stop


def _render_info_collection(match: re.Match[str]) -> str:
    kind = match.group("kind")
    text = "Actividades de recopilación de información de la agencia:"
    if kind:
        text += " " + INFO_COLLECTION[" ".join(kind.lower().split())] + ";"
    return text


def _render_lab(match: re.Match[str]) -> str:
    act = " ".join(match.group("act").lower().split())
    spanish_act = {
        "accreditation and approval": "Acreditación y aprobación",
        "accreditation": "Acreditación",
        "approval": "Aprobación",
        "approval and accreditation": "Aprobación y acreditación",
    }[act]
    kind = LAB_KINDS[" ".join(match.group("kind").lower().split())]
    return f"{spanish_act} de {match.group('who').strip()} como {kind}{match.group('dot')}"


CBP_FORMULAS = (
    (
        "notice of issuance of final determination concerning",
        "Aviso de emisión de determinación final relativa a",
    ),
    (
        "extension and amendment of import restrictions imposed on",
        "Prórroga y modificación de las restricciones a la importación impuestas a",
    ),
    (
        "extension and amendment of import restrictions on",
        "Prórroga y modificación de las restricciones a la importación de",
    ),
    (
        "extension of import restrictions imposed on",
        "Prórroga de las restricciones a la importación impuestas a",
    ),
    ("extension of import restrictions on", "Prórroga de las restricciones a la importación de"),
    ("imposition of import restrictions on", "Imposición de restricciones a la importación de"),
    ("notice of availability of a", "Aviso de disponibilidad de un"),
    ("notice of availability for a", "Aviso de disponibilidad de un"),
    ("notice of availability of the", "Aviso de disponibilidad del"),
    ("notice of availability for the", "Aviso de disponibilidad del"),
    ("notice of availability of", "Aviso de disponibilidad de"),
    ("notice of availability for", "Aviso de disponibilidad de"),
    ("notice of finding that", "Aviso de determinación de que"),
    (
        "quarterly irs interest rates used in calculating interest on overdue accounts and "
        "refunds of customs duties",
        "Tasas de interés trimestrales del IRS utilizadas para calcular los intereses sobre "
        "cuentas vencidas y reembolsos de derechos de aduana",
    ),
)


def _cbp_formula(found: str) -> str:
    return dict(CBP_FORMULAS)[" ".join(found.lower().split())]


US_STATES = "|".join(
    [
        "Alabama",
        "Alaska",
        "Arizona",
        "Arkansas",
        "California",
        "Colorado",
        "Connecticut",
        "Delaware",
        "Florida",
        "Georgia",
        "Hawaii",
        "Idaho",
        "Illinois",
        "Indiana",
        "Iowa",
        "Kansas",
        "Kentucky",
        "Louisiana",
        "Maine",
        "Maryland",
        "Massachusetts",
        "Michigan",
        "Minnesota",
        "Mississippi",
        "Missouri",
        "Montana",
        "Nebraska",
        "Nevada",
        "New Hampshire",
        "New Jersey",
        "New Mexico",
        "New York",
        "North Carolina",
        "North Dakota",
        "Ohio",
        "Oklahoma",
        "Oregon",
        "Pennsylvania",
        "Rhode Island",
        "South Carolina",
        "South Dakota",
        "Tennessee",
        "Texas",
        "Utah",
        "Vermont",
        "Virginia",
        "Washington",
        "West Virginia",
        "Wisconsin",
        "Wyoming",
        "Puerto Rico",
        "Guam",
    ]
)
US_STATE_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|DC"
)
SUNSET_ORDINALS = {
    "first": "primera",
    "second": "segunda",
    "third": "tercera",
    "fourth": "cuarta",
    "fifth": "quinta",
    "sixth": "sexta",
}
NOT_GOODS_BEFORE_FROM = frozenset(
    [
        "departure",
        "exemption",
        "exemptions",
        "exclusion",
        "exclusions",
        "withdrawal",
        "removal",
        "release",
        "transfer",
        "exit",
        "separation",
        "serious",
        "distinguishing",
        "away",
    ]
)


def _render_origin(match: re.Match[str]) -> str:
    """'Acetone From Korea:' -> 'procedente de'; 'Parts Thereof From China:' -> 'procedentes de'.

    A trade-remedy title names goods and the country they come from; Spanish says
    'procedente(s) de', agreeing with the goods (the word before 'From', or before 'Thereof').
    """
    before = re.findall(r"[A-Za-z']+", match.string[: match.start()])
    words = [w.lower() for w in before if w.lower() != "thereof"]
    last = words[-1] if words else ""
    thereof = bool(before) and before[-1].lower() == "thereof"
    plural = thereof or (last.endswith("s") and not last.endswith(("ss", "us", "is")))
    return "procedentes de" if plural else "procedente de"


def _shapes_en_es() -> tuple[Shape, ...]:
    flags = re.IGNORECASE
    labels = "|".join(sorted(CSMS_LABELS, key=len, reverse=True)).replace(" ", r"\s+")
    fr_kinds = "|".join(sorted(FR_TYPES, key=len, reverse=True)).replace(" ", r"\s+")
    months = "|".join(MONTHS_EN)
    # "Section 232", "Section 301(b)(1)": the number, then parenthesised subsections
    section_number = r"(?P<n>\d{3}(?:\([a-z0-9]{1,4}\))*)(?![\w(])"
    return (
        Shape(
            "codes (NOM, NMX, forms) kept as written",
            re.compile(
                r"(?<![\w-])(?=[A-Z0-9/.-]*\d)(?:PROY-)?[A-Z]{2,}[A-Z0-9]*(?:[-/][A-Z0-9]+)+(?![\w-])"
            ),
            lambda m: m.group(0),
        ),
        Shape(
            "CSMS number and label",
            re.compile(
                rf"^(?P<head>CSMS\s*#?\s*(?P<n>\d[\d-]*)\s*[-–—:])"
                rf"(?:\s*(?P<ordinal>second|third|final)?\s*(?P<label>{labels})\s*:)?",
                flags,
            ),
            _render_csms,
        ),
        Shape(
            "a vessel's name in capitals",
            re.compile(
                r"\bVessel\s+(?P<name>[A-Z0-9][A-Z0-9'&.-]*(?:\s+[A-Z0-9][A-Z0-9'&.-]*)*)\b(?!\s+[a-z])"
            ),
            lambda m: f"embarcación {m.group('name')}",
        ),
        Shape(
            "accreditation of a commercial gauger or laboratory",
            re.compile(
                r"^(?P<act>accreditation\s+and\s+approval|approval\s+and\s+accreditation|"
                r"accreditation|approval)\s+of\s+(?P<who>.+?),?\s+as\s+an?\s+"
                r"(?P<kind>commercial\s+gauger\s+and\s+laboratory|commercial\s+laboratory|"
                r"commercial\s+gauger)(?P<dot>\.?)$",
                flags,
            ),
            _render_lab,
        ),
        Shape(
            "company names kept as written",
            re.compile(
                r"(?<![\w])[A-Z][\w&'.-]*,?\s+"
                r"(?:(?:[A-Z][\w&'.-]*|and|&|of\s+(?:the\s+)?Americas?),?\s+){0,5}"
                r"(?:Inc\.?|LLC|L\.L\.C\.|LP|L\.P\.|Corp\.?|Corporation|Co\.|Ltd\.?)(?![\w])"
                r"(?:\s+(?:DBA|dba|d/b/a)\s+[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4})?"
            ),
            lambda m: m.group(0),
        ),
        Shape(
            "'Certain ...' opening a trade-remedy title",
            re.compile(r"^Certain(?=\s+[A-Za-z])"),
            lambda m: "cierto",
        ),
        Shape(
            "goods 'From' a country before a colon (trade-remedy titles)",
            re.compile(
                r"(?<=[\w)] )"
                + "".join(f"(?<!{w.capitalize()} )(?<!{w} )" for w in NOT_GOODS_BEFORE_FROM)
                + r"From(?=\s+(?:the\s+)?[A-Z][\w'.-]*"
                r"(?:,?\s+(?:and|of|the|[A-Z][\w'.-]*))*\s*[:;])"
            ),
            _render_origin,
        ),
        Shape(
            "a US place and its state ('Valley City, Ohio', 'Laurel, MD') kept as written",
            re.compile(
                r"(?<![\w-])(?:(?:[A-Z][a-z]+|St\.)\s+){0,2}[A-Z][a-z]+,\s+"
                rf"(?:{US_STATES}|(?:{US_STATE_CODES})(?![\w-]))"
            ),
            lambda m: m.group(0),
        ),
        Shape(
            "schedules of controlled substances",
            re.compile(r"\bSchedules\s+of\s+Controlled\s+Substances\b", flags),
            lambda m: "Listas de sustancias controladas",
        ),
        Shape(
            "a controlled-substance schedule ('in Schedule II')",
            re.compile(r"\b(?:(?P<lead>(?i:in|into))\s+)?Schedule\s+(?P<n>I|II|III|IV|V)\b"),
            lambda m: ("en la " if m.group("lead") else "") + f"Lista {m.group('n')}",
        ),
        Shape(
            "an N-day notice of intent",
            re.compile(r"\b(?P<n>\d+)-Day\s+Notice\s+of\s+Intent\b", flags),
            lambda m: f"Aviso de {m.group('n')} días de intención",
        ),
        Shape(
            "an expedited sunset review by ordinal ('Expedited Fifth Sunset Review')",
            re.compile(
                r"\bExpedited\s+(?P<ord>first|second|third|fourth|fifth|sixth)\s+Sunset\s+Review\b",
                flags,
            ),
            lambda m: f"{SUNSET_ORDINALS[m.group('ord').lower()]} revisión por extinción expedita",
        ),
        Shape(
            "form numbers ('Form 3173', 'Form I-94')",
            re.compile(r"\bForms?(?=\s+[A-Z]{0,4}-?\d)"),
            lambda m: "formularios" if m.group(0).endswith("s") else "formulario",
        ),
        Shape(
            "agency information collection activities",
            re.compile(
                r"^agency\s+information\s+collection\s+activities\s*[:;]"
                r"(?:\s*(?P<kind>proposed\s+extension|proposed\s+revision|extension|revision|"
                r"new\s+collection|reinstatement)\s*[;:])?",
                flags,
            ),
            _render_info_collection,
        ),
        Shape(
            "CBP's recurring Federal Register formulas",
            re.compile(
                r"^(?:notice\s+of\s+issuance\s+of\s+final\s+determination\s+concerning|"
                r"extension\s+and\s+amendment\s+of\s+import\s+restrictions(?:\s+imposed)?\s+on|"
                r"extension\s+of\s+import\s+restrictions(?:\s+imposed)?\s+on|"
                r"imposition\s+of\s+import\s+restrictions\s+on|"
                r"notice\s+of\s+availability\s+(?:of|for)(?:\s+(?:a|the))?|"
                r"notice\s+of\s+finding\s+that|"
                r"quarterly\s+IRS\s+interest\s+rates\s+used\s+in\s+calculating\s+interest\s+on\s+"
                r"overdue\s+accounts\s+and\s+refunds\s+of\s+customs\s+duties)",
                flags,
            ),
            lambda m: _cbp_formula(m.group(0)),
        ),
        Shape(
            "Federal Register document type at the end",
            re.compile(rf";\s*(?P<kind>{fr_kinds})\.?$", flags),
            _render_fr_type,
        ),
        Shape(
            "ACE deployment",
            re.compile(
                r"\b(?:Automated\s+Commercial\s+Environment\s+\(ACE\)|ACE)\s+"
                r"(?P<prod>Production\s+)?Deployment\b",
                flags,
            ),
            lambda m: (
                "Implementación "
                + ("en producción " if m.group("prod") else "")
                + ("del Automated Commercial Environment (ACE)" if "(" in m.group(0) else "de ACE")
            ),
        ),
        Shape(
            "dates",
            re.compile(
                r"(?:(?P<lead>on|through|until|by|from|since|before|after|effective|beginning|"
                r"starting|as\s+of)\s+)?(?:(?P<wd>" + "|".join(WEEKDAYS_EN) + r"),?\s+)?"
                rf"(?P<m>{months})\s+(?P<d>\d{{1,2}})(?:,\s*(?P<y>\d{{4}}))?\b",
                flags,
            ),
            _render_date_en_es,
        ),
        Shape(
            "month and year",
            re.compile(rf"\b(?:(?P<lead>in)\s+)?(?P<m>{months})\s+(?P<y>\d{{4}})\b", flags),
            lambda m: (
                ("en " if m.group("lead") else "")
                + f"{MONTH_ES_OF[m.group('m').lower()]} de "
                + m.group("y")
            ),
        ),
        Shape(
            "Section NNN duties",
            re.compile(r"\bSection\s+(?P<n>\d{3})\s+(?:duties|tariffs)\b", flags),
            lambda m: f"Aranceles de la Sección {m.group('n')}",
        ),
        Shape(
            "Section NNN",
            re.compile(rf"\bSection\s+{section_number}", flags),
            lambda m: f"Sección {m.group('n')}",
        ),
        Shape(
            "under Section NNN",
            re.compile(rf"\bunder\s+Section\s+{section_number}", flags),
            lambda m: f"conforme a la Sección {m.group('n')}",
        ),
        Shape(
            "Chapter NN",
            re.compile(r"\bChapter\s+(?P<n>\d{1,2})\b", flags),
            lambda m: f"capítulo {m.group('n')}",
        ),
        Shape(
            "Entry Type NN",
            re.compile(r"\bEntry\s+Type\s+(?P<n>\d{2})\b", flags),
            lambda m: f"tipo de entrada {m.group('n')}",
        ),
        Shape(
            "ordinal resolution of amendments",
            re.compile(
                r"\b(?P<ord>" + "|".join(ORDINALS_EN) + r")\s+Resolution\s+of\s+(?:Amendments|"
                r"Modifications)\s+to\s+the\b",
                flags,
            ),
            lambda m: (
                ORDINAL_ES_OF[m.group("ord").lower()].capitalize()
                + " Resolución de Modificaciones a"
            ),
        ),
        Shape(
            "annexes",
            re.compile(r"\b(?P<noun>Annex(?:es)?)\s+(?P<nums>\d+(?:-[A-Z])?)\b", flags),
            lambda m: (
                ("Anexos " if m.group("noun").lower().endswith("es") else "Anexo ")
                + m.group("nums")
            ),
        ),
        Shape(
            "for a year",
            re.compile(r"\bfor\s+(?P<y>(?:19|20)\d{2})\b", flags),
            lambda m: f"para {m.group('y')}",
        ),
    )


SHAPES: dict[tuple[str, str], tuple[Shape, ...]] = {
    ("es", "en"): _shapes_es_en(),
    ("en", "es"): _shapes_en_es(),
}


def find_spans(text: str, source: str, target: str) -> list[Span]:
    """Every rule-rendered span of `text`, without overlaps, in text order.

    Where two shapes compete for the same words the longer match wins ("en términos del
    artículo 69-B" over "del artículo 69-B"); on equal length the earlier shape wins.
    """
    found: list[tuple[int, int, int, re.Match[str], Shape]] = []
    for order, shape in enumerate(SHAPES.get((source, target), ())):
        for match in shape.pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start() - match.end(), order, match.start(), match, shape))
    taken: list[Span] = []
    for _, _, _, match, shape in sorted(found, key=lambda f: f[:3]):
        if not _overlaps(taken, match.start(), match.end()):
            taken.append(Span(match.start(), match.end(), shape.render(match)))
    return sorted(taken, key=lambda span: span.start)


def _overlaps(spans: Iterable[Span], start: int, end: int) -> bool:
    return any(start < span.end and span.start < end for span in spans)


def longest_spans(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, the longest first where two compete, in text order."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not _overlaps(kept, span.start, span.end):
            kept.append(span)
    return sorted(kept, key=lambda span: span.start)


def merge_spans(first: list[Span], second: list[Span]) -> list[Span]:
    """Spans of `first`, plus those of `second` that do not overlap them, in text order."""
    kept = list(first)
    for span in second:
        if not _overlaps(kept, span.start, span.end):
            kept.append(span)
    return sorted(kept, key=lambda span: span.start)
