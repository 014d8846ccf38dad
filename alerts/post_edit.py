"""Before and after the engine: case, word order and the engine's known mistranslations.

Pure functions applied around the machine translator in alerts.translate: headline case
lowered before Apertium reads it, Apertium's misplaced capitals and known wrong words
fixed in its output, English noun compounds with a protected modifier reordered (from
Apertium's own part-of-speech tags), Spanish articles and contractions.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- before and after the engine

PROPER_NOUNS_EN = frozenset(
    [
        "Mexico",
        "Canada",
        "China",
        "Korea",
        "Japan",
        "Vietnam",
        "India",
        "Brazil",
        "Argentina",
        "Chile",
        "Peru",
        "Colombia",
        "Guatemala",
        "Honduras",
        "Salvador",
        "Nicaragua",
        "Panama",
        "Ukraine",
        "Russia",
        "Taiwan",
        "Thailand",
        "Indonesia",
        "Malaysia",
        "Turkey",
        "Italy",
        "Germany",
        "France",
        "Spain",
        "Europe",
        "European",
        "Asia",
        "Africa",
        "America",
        "American",
        "Americans",
        "Mexican",
        "Canadian",
        "Chinese",
        "United",
        "States",
        "Texas",
        "California",
        "Arizona",
        "Florida",
        "Laredo",
        "Tijuana",
        "Mexicali",
        "Tecate",
        "Ensenada",
        "Nogales",
        "Calexico",
        "Otay",
        "Mesa",
        "Diego",
        "Paso",
        "Juárez",
        "Juarez",
        "Long",
        "Beach",
        "Los",
        "Angeles",
        "Houston",
        "Detroit",
        "Chicago",
        "Washington",
        "Baja",
        "Sonora",
        "Chihuahua",
        "Coahuila",
        "Tamaulipas",
        "Nuevo",
        "León",
        "Leon",
        "Uyghur",
        "USMCA",
        "CBP",
        "ACE",
        "IRS",
        "DHS",
        "USTR",
        "ITC",
        "FDA",
        "USDA",
        "EPA",
        "Congress",
        "San",
        "Santa",
    ]
)


def is_all_caps(text: str) -> bool:
    """Whether a title is written entirely in capitals ("AGENCIA NACIONAL DE ADUANAS")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def is_title_case(text: str) -> bool:
    """Whether most longer words are capitalised, as in English headline style."""
    words = [w for w in re.findall(r"[A-Za-zÀ-ÿ]+", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def lower_title_case(text: str) -> str:
    """'Duties on Steel Imports' -> 'duties on steel imports' (proper nouns and codes kept).

    English titles capitalise every word; Apertium reads a capitalised word as a name and
    leaves capitals in the Spanish output, which Spanish sentence case does not use.
    """
    if not is_title_case(text):
        return text

    def lower(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in PROPER_NOUNS_EN or word.isupper() or not word[:1].isupper():
            return word
        if re.match(r"XZQ\d+Q", word):
            return word
        return word[:1].lower() + word[1:] if word[1:].islower() or len(word) == 1 else word

    return re.sub(r"(?<![\w-])[A-Za-zÀ-ÿ][a-zà-ÿ]*(?![\w])", lower, text)


def join_broken_codes(text: str) -> str:
    """'NOM-028- STPS-2004' -> 'NOM-028-STPS-2004': a standard's code broken by a stray space."""
    return re.sub(r"\b((?:PROY-)?(?:NOM|NMX)-[A-Z0-9]+-)\s+(?=[A-Z0-9]+-\d)", r"\1", text)


def split_glued_hyphens(text: str) -> str:
    """'trabajo-Identificación' -> 'trabajo - Identificación' (NOM title parts, not codes)."""
    text = re.sub(r"(?<=[a-zà-ÿ]{3})-(?=[A-ZÁÉÍÓÚÑ][a-zà-ÿ])", " - ", text)
    # "Higiene industrial-medio ambiente laboral-determinación": parts of a NOM title, but
    # not a compound adjective ("obrero-patronales", "físico-químicas")
    return re.sub(r"\b([a-zà-ÿ]{4,})-(?=([a-zà-ÿ]{4,})\b)", _split_part, text)


def _split_part(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    compound = left.endswith("o") and right.endswith(COMPOUND_ADJECTIVE_ENDINGS)
    return match.group(0) if compound else f"{left} - "


COMPOUND_ADJECTIVE_ENDINGS = (
    "al",
    "ales",
    "ico",
    "ica",
    "icos",
    "icas",
    "ivo",
    "iva",
    "ivos",
    "ivas",
)


FUNCTION_WORDS = {
    "en": [
        "of",
        "the",
        "to",
        "and",
        "in",
        "for",
        "on",
        "with",
        "by",
        "from",
        "at",
        "as",
        "or",
        "a",
        "an",
    ],
    "es": [
        "de",
        "del",
        "la",
        "las",
        "el",
        "los",
        "y",
        "e",
        "o",
        "en",
        "para",
        "por",
        "con",
        "a",
        "al",
        "sobre",
        "un",
        "una",
    ],
}


def lower_function_words(text: str, target: str) -> str:
    """'Reforma Y Adiciona' -> 'Reforma y Adiciona': an article or preposition in mid-title.

    The engine capitalises the first word it translates after a protected span; articles
    and prepositions are never names, so mid-title they are written in lower case.
    """
    words = FUNCTION_WORDS.get(target, [])
    pattern = r"(?<=[\w,)]\s)(" + "|".join(w.capitalize() for w in words) + r")(?=\s)"
    return re.sub(pattern, lambda m: m.group(1).lower(), text)


_MOVED_CAPITAL_RE = re.compile(
    r"((?:XZQ\d+Q,|\s-)\s)((?:[a-zà-ÿ][\w-]*\s+){1,3}?)([A-ZÁÉÍÓÚÑ][a-zà-ÿ]+)\b"
)


def restore_moved_capital(text: str) -> str:
    """'NOM-062-ZOO-1999, technical Specifications' -> '..., Technical specifications'.

    A NOM title part starts with a capital; when the engine puts an adjective before the
    noun it keeps the capital on the noun, now second.
    """

    def swap(match: re.Match[str]) -> str:
        lead, words, noun = match.group(1), match.group(2), match.group(3)
        return lead + words[:1].upper() + words[1:] + noun.lower()

    return _MOVED_CAPITAL_RE.sub(swap, text)


_UNKNOWN_RE = re.compile(r"(?<![\w#*@])\*([^\W\d_][\w'-]*)")


def restore_unknown_case(raw: str, original: str) -> str:
    """'*middlebury, indiana' -> 'Middlebury, indiana': an unknown word keeps its source case.

    Headline titles are lowered before the engine; a word the engine does not know (a
    place, a company, a brand; marked with '*') passes through, and gets back the capital
    it had in the source.
    """
    forms: dict[str, str] = {}
    for word in re.findall(r"[^\W\d_][\w'-]*", original):
        if word[:1].isupper():
            forms.setdefault(word.lower(), word)

    def restore(match: re.Match[str]) -> str:
        word = match.group(1)
        return "*" + forms.get(word.lower(), word) if word.islower() else match.group(0)

    return _UNKNOWN_RE.sub(restore, raw)


def finish(text: str, original: str) -> str:
    """Tidy the engine's output: spacing, punctuation and a capital where the source had one."""
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    if original[:1].isupper() and text[:1].islower():
        text = text[:1].upper() + text[1:]
    if original[:1].islower() and text[:1].isupper() and not text[:2].isupper():
        text = text[:1].lower() + text[1:]
    return text


# Words Apertium gets wrong in this field, fixed in its output (never inside protected
# spans, which are still tokens at this point). Whole words, case kept.
ENGINE_FIXES: dict[str, dict[str, str]] = {
    "en": {
        "flesh": "meat",
        "definite": "definitive",
        "commodities": "goods",
        "commodity": "goods",
        "contours": "guidelines",
        "squad": "equipment",
        "montos": "amounts",
        "monto": "amount",
        "secretariat of": "Ministry of",
        "headline of": "head of",
        "designating when": "designating the",
        "headline": "head",
        "titling of": "head of",
        "leadership of": "office of",
        "juridical": "legal",
        "listed of": "list of",
        "this secretariat": "this Ministry",
        "relative to": "concerning",
        "in front of": "before",
        "commentaries": "comments",
        "seasons": "stations",
        "like units": "as units",
        "sakes": "goods",
        "squads": "equipment",
        "shod": "footwear",
        "use and handle": "use and handling",
        "handle of": "handling of",
        "his": "its",
        "to remain like": "to become",
        "methods of test": "test methods",
        "disposals": "provisions",
        "disposal": "provision",
        "padrón": "registry",
        "headlines": "holders",
        "faculties": "powers",
        "surgery": "consultation",
        "domicile": "address",
        "formats": "forms",
        "format": "form",
        "enlargement": "extension",
        "bimestre": "two-month period",
        "diagram": "scheme",
        "causal": "grounds",
        "measured of": "measures of",
        "contingents": "quotas",
        "contingent": "quota",
        "dictated": "issued",
        "semester": "half",
        "drunk": "beverages",
        "valid": "in force",
        "external trade": "foreign trade",
        "of general character": "general",
        "fiscal obligations": "tax obligations",
        "fiscal": "tax",
        "automotriz": "automotive",
        "trienal": "three-year",
        "conjoint": "joint",
        "operative": "operation",
        "comprobación": "audit",
        "preenvasados": "prepackaged",
        "desaduanamiento": "customs clearance",
        "informative statement": "information return",
        "term": "deadline",
        "salaries": "wages",
        "salary": "wage",
        "labour": "labor",
        "in the work": "at work",
        "of security": "of safety",
        "to present": "to file",
        "prestadoras": "providers",
        "skilled services": "specialized services",
        "vinculativos": "binding",
        "aduaneras": "customs",
        "aduaneros": "customs",
        "aduanero": "customs",
        "aduanera": "customs",
    },
    "es": {
        "concerniendo": "sobre",
        "reseña": "revisión",
        "reseñas": "revisiones",
        "óleo": "petróleo",
        "uñas": "clavos",
        "encima": "sobre",
        "guiaje": "orientación",
        "deber": "arancel",
        "deberes": "aranceles",
        "archivar": "presentar",
        "archivando": "presentando",
        "archivado": "presentado",
        "borde": "frontera",
        "outage": "interrupción",
        "shipments": "envíos",
        "importers": "importadores",
        "reclamaciones": "solicitudes",
        "ataque": "decomiso",
        "counterfeit": "falsificadas",
        "overdue": "vencidas",
        "headings": "partidas",
        "cargo": "carga",
        "automotive": "automotriz",
        "issuance": "emisión",
        "declaration": "declaración",
        "updated": "actualizado",
        "controles": "reglamentos",
        "planificó": "programada",
        "planificado": "programado",
        "horas comerciales": "horario comercial",
        "comercio extranjero": "comercio exterior",
        "aparato médica": "dispositivos médicos",
        "tierras": "causales",
        "cargadores": "transportistas",
        "de el": "del",
        "a el": "al",
        "imposition": "imposición",
        "prendas": "artículos",
        "prenda": "artículo",
        "citas": "fechas",
        "arancel adicional en": "arancel adicional sobre",
        "aranceles adicionales en": "aranceles adicionales sobre",
        "clearance": "despacho",
        "forfeiture": "decomiso",
        "merchandise": "mercancías",
        "exportation": "exportación",
        "seguro": "cierto",
        "seguros": "ciertos",
        "provisiones": "disposiciones",
        "póliza": "política",
        "supplemental": "suplementario",
        "intent": "intención",
        "petition": "petición",
        "waiver": "dispensa",
        "fisheries": "pesquerías",
        "fishery": "pesquería",
        "importer": "importador",
        "importation": "importación",
        "circumvention": "elusión",
        "revocation": "revocación",
        "geophysical": "geofísico",
        "pursuant": "conforme",
        "gaming": "juegos de azar",
        "pharmaceuticals": "productos farmacéuticos",
        "endangered": "en peligro",
        "airspace": "espacio aéreo",
        "coastwise": "de cabotaje",
        "airworthiness": "aeronavegabilidad",
        "alienígenas": "extranjeros",
        "alienígena": "extranjero",
        "seguras": "ciertas",
        "frontera de tierra": "frontera terrestre",
        "hacienda intelectual": "propiedad intelectual",
        "carga de raíl": "carga ferroviaria",
        "raíl": "ferrocarril",
        "costes de usuario": "tarifas de usuario",
        "colección": "recopilación",
        "vaso": "buque",
        "récord": "registro",
        "récords": "registros",
        "muelle": "primavera",
        "cita nueva": "nueva fecha",
        "pólizas": "políticas",
        "forfeit": "decomiso",
        "timeline": "calendario",
        "manifiesta": "manifiesto",
        # general Federal Register wording, by frequency in real titles
        "intención para buscar": "intención de solicitar",
        "para buscar": "para solicitar",
        "intención para": "intención de",
        "intención a": "intención de",
        "rescind": "rescindir",
        "sumisión": "presentación",
        "narrando a gobernar": "relativa a la regla",
        "narrando para gobernar": "relativa a la regla",
        "narrando a": "relativa a",
        "narrando al": "relativa al",
        "narrando para": "relativa a",
        "que narra a": "relativa a",
        "que narra al": "relativa al",
        "coste": "costo",
        "costes": "costos",
        "pipa": "tubería",
        "pipas": "tuberías",
        "el dato": "los datos",
        "del dato": "de los datos",
        "dato": "datos",
        "debajo": "bajo",
        "potestad": "autoridad",
        "cita de": "fecha de",
        "la cita": "la fecha",
        "para cita": "para nombramiento",
        "recibo de": "recepción de",
        "capa de acero": "lámina de acero",
        "capa de aluminio": "lámina de aluminio",
        "capa de latón": "lámina de latón",
        "a gobernar": "a la regla",
        "para gobernar": "a la regla",
        "modificar gobernar": "modificar la regla",
        "placement": "inclusión",
        "aventuras de junta": "empresas conjuntas",
        "facilidad": "instalación",
        "facilidades": "instalaciones",
        "el descuido": "la supervisión",
        "del descuido": "de la supervisión",
        "descuido": "supervisión",
        "cuidado de sanidad": "atención médica",
        "seguridades": "valores",
        "tráfico del aire": "tránsito aéreo",
        "el orden": "la orden",
        "del orden": "de la orden",
        "al orden": "a la orden",
        "un orden": "una orden",
        "colecciones de información": "recopilaciones de información",
        "que son entregados": "presentadas",
        "que son revisados": "revisadas",
        "filings": "presentaciones",
        "procediendo": "procedimiento",
        "cita eficaz": "fecha de entrada en vigor",
        "fecha eficaz": "fecha de entrada en vigor",
        "postals": "postales",
        "narrado": "relacionado",
        "narrados": "relacionados",
        "narrada": "relacionada",
        "narradas": "relacionadas",
    },
}


GLUED_COMPOUNDS = (
    # the engine glues "de" to the word before a hyphenated English compound it splits
    (re.compile(r"(?<=[a-záéíóúñ])de[Pp]lazo\s+[Ll]argo\b"), " a largo plazo"),
    (re.compile(r"(?<=[a-záéíóúñ])de(\d+)\s+[Dd]ías?\b"), r" de \1 días"),
)


def unglue_compounds(text: str) -> str:
    """'préstamodePlazo Largo' -> 'préstamo a largo plazo'; 'públicode30 Días' -> 'público de
    30 días'."""
    for pattern, replacement in GLUED_COMPOUNDS:
        text = pattern.sub(replacement, text)
    return text


# English words the engine does not know, written as a synonym it knows before it reads
# them, so that it also orders them ("foreign assembler's statement" -> "declaración del
# ensamblador extranjero"; an unknown word stays where English put it).
ENGINE_SYNONYMS_EN = {
    "declaration": "statement",
    "declarations": "statements",
    "intent": "intention",
    "supplemental": "supplementary",
}
_SYNONYM_RE = re.compile(
    r"(?<![\w-])(" + "|".join(ENGINE_SYNONYMS_EN) + r")(?![\w-])", re.IGNORECASE
)


def known_synonyms(text: str) -> str:
    """'Declaration of Free Entry' -> 'Statement of Free Entry' (words the engine knows)."""
    return _swap_words(_SYNONYM_RE, ENGINE_SYNONYMS_EN, text)


def _swap_words(pattern: re.Pattern[str], table: dict[str, str], text: str) -> str:
    """Each match replaced by its entry in `table` (keyed lower-case), a capital kept."""

    def swap(match: re.Match[str]) -> str:
        found = match.group(0)
        word = table[found.lower()]
        return word[:1].upper() + word[1:] if found[:1].isupper() else word

    return pattern.sub(swap, text)


def _fix_pattern(target: str) -> re.Pattern[str] | None:
    table = ENGINE_FIXES.get(target, {})
    if not table:
        return None
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)


_FIX_PATTERNS = {lang: _fix_pattern(lang) for lang in ENGINE_FIXES}


def fix_engine_words(text: str, target: str) -> str:
    """Replace the engine's known mistranslations in this field (case of the first letter kept)."""
    pattern = _FIX_PATTERNS.get(target)
    if target == "es":
        text = unglue_compounds(text)
    if pattern is None:
        return text
    return _swap_words(pattern, ENGINE_FIXES[target], text)


# ---------------------------------------------------------------- English noun compounds

Unit = tuple[str, str, str]  # (blank before, surface form, analysis) from Apertium's tagger
TOKEN_UNIT_RE = re.compile(r"^XZQ(\d+)Q$")
FEMININE_ENDINGS = ("a", "ión", "dad", "tad", "ud", "ie", "umbre")
FEMININE_WORDS = frozenset(
    [
        "ley",
        "norma",
        "secretaría",
        "resolución",
        "tarifa",
        "zona",
        "unidad",
        "ventanilla",
        "agencia",
        "oficina",
        "comisión",
        "alianza",
        "declaración",
        "orden",
        "participación",
        "certificación",
        "manifestación",
        "sección",
        "torre",
        "parte",
        "base",
        "clase",
        "llave",
        "red",
        "sal",
        "nave",
        "fuente",
    ]
)
ARTICLES_AND_PREPOSITIONS = frozenset(
    ["el", "la", "los", "las", "un", "una", "de", "del", "a", "al", "en", "por", "para", "con"]
)
HEAD_CLOSERS = frozenset(["de", "del", "para", "con", "sin", "a"])
QUANTIFIERS = frozenset(["cierto", "cierta", "ciertos", "ciertas"])
MASCULINE_WORDS = frozenset(["programa", "sistema", "día", "mapa", "problema", "tema"])
NOT_NOUN_FOLLOWERS = ("<det>", "<num>", "<prn>", "<adv>")


def _is_noun(surface: str, analysis: str) -> bool:
    if analysis.startswith("*"):  # unknown to the analyser: a lower-case word is a noun
        return surface.isalpha() and surface.islower()
    return "<n>" in analysis and "<np>" not in analysis


def _noun_run(units: list[Unit], start: int) -> int:
    """How many units from `start` form the noun phrase a modifier term qualifies."""
    end = start
    while end < len(units) and (_is_noun(units[end][1], units[end][2]) or "<ger>" in units[end][2]):
        if end > start and units[end][0].strip():
            break  # punctuation between words ends the phrase
        end += 1
    while end > start and not _is_noun(units[end - 1][1], units[end - 1][2]):
        end -= 1  # the phrase ends on a noun
    if end < len(units) and any(tag in units[end][2] for tag in NOT_NOUN_FOLLOWERS):
        return 0  # "The UMA rises 4.2%": the "noun" is a verb
    return end - start


def contract_articles(text: str) -> str:
    """'de el Programa' -> 'del Programa', 'a el' -> 'al' (Spanish contractions)."""
    return re.sub(r"\b([Dd]e|[Aa]) el\b", lambda m: m.group(1) + "l", text)


def spanish_article(term: str) -> str:
    """'la Ley Aduanera', 'el reporte anual IMMEX', 'ACE' (acronyms and single names: none)."""
    words = term.split()
    first = words[0] if words else ""
    if len(words) < 2 or not first.isalpha() or first.isupper():
        return term
    lowered = first.lower()
    if lowered in ARTICLES_AND_PREPOSITIONS:
        return term  # "de minimis", "la Ley ..." already has one
    feminine = lowered in FEMININE_WORDS or (
        lowered.endswith(FEMININE_ENDINGS) and lowered not in MASCULINE_WORDS
    )
    plural = lowered.endswith("s") and not lowered.endswith(("is", "us"))
    article = {(True, False): "la", (True, True): "las", (False, False): "el"}.get(
        (feminine, plural), "los"
    )
    return f"{article} {term}"


def _movable(token: re.Match[str], values: list[str]) -> bool:
    """A term can follow its noun with "de" unless it starts with a preposition ("de minimis")."""
    number = int(token.group(1))
    words = values[number].split() if number < len(values) else []
    if not words or words[0].lower() in ARTICLES_AND_PREPOSITIONS | QUANTIFIERS:
        return False
    if values[number].lower() in ("dba", "d/b/a"):
        return False  # "Labs DBA Acme": a company's other name, not a compound
    last = words[-1].lower()
    return last not in ARTICLES_AND_PREPOSITIONS and not last.endswith(
        (":", ";", ",", "-", "–", "—")
    )


def reorder_modifier_terms(units: list[Unit], values: list[str]) -> tuple[str, list[str]]:
    """'XZQ0Q outage scheduled' -> 'outage of XZQ0Q scheduled' (English noun compounds).

    An English title puts a protected name before the noun it qualifies ("ACE outage",
    "Federal Labor Law reform"); Spanish puts it after, with "de". The engine cannot move
    an opaque token, so the phrase is reordered before translation; the term gets the
    article Spanish needs ("de la Ley ...").
    """
    values = list(values)
    _article_for_subject(units, values)
    units, agreeing = move_adjectives_after_terms(units, values)
    units = move_head_terms_first(move_unknown_modifiers(units), values)
    text, values = _join_reordered(units, values)
    return text, [v + AGREE_MARK if i in agreeing else v for i, v in enumerate(values)]


def _join_reordered(units: list[Unit], values: list[str]) -> tuple[str, list[str]]:
    pieces: list[str] = []
    index = 0
    while index < len(units):
        blank, surface, _ = units[index]
        token = TOKEN_UNIT_RE.match(surface)
        chain = _term_chain(units, index, values)
        if chain:
            pieces.append(_chain_after_nouns(units, index, chain, values))
            index += len(chain[0]) + chain[1]
            continue
        run = _noun_run(units, index + 1) if token and _movable(token, values) else 0
        if token and run:
            nouns = units[index + 1 : index + 1 + run]
            phrase = "".join(b + s for b, s, _ in nouns).strip()
            number = int(token.group(1))
            if number < len(values):
                values[number] = spanish_article(values[number])
            pieces.append(f"{blank}{phrase} of {surface}")
            index += 1 + run
            continue
        pieces.append(blank + surface)
        index += 1
    return "".join(pieces), values


def _term_chain(units: list[Unit], start: int, values: list[str]) -> tuple[list[Unit], int] | None:
    """Two or more protected terms in a row and the nouns they qualify, or None.

    Every term but the last must be able to follow a noun with "de"; the last may also be
    one that opens with a preposition ("de minimis").
    """
    end = start
    while end < len(units) and TOKEN_UNIT_RE.match(units[end][1]):
        if end > start and (
            units[end][0] != " "
            or _is_link(units[end], values)
            or _is_conjoined(units[end], values)
        ):
            break
        end += 1
    terms = units[start:end]
    if len(terms) < 2:
        return None
    matches = [TOKEN_UNIT_RE.match(unit[1]) for unit in terms]
    if not all(m and int(m.group(1)) < len(values) for m in matches):
        return None
    if not all(m and _movable(m, values) for m in matches[:-1]):
        return None
    if any(m and _is_code(values[int(m.group(1))]) for m in matches[1:]):
        return None  # "Norma Oficial Mexicana NOM-035-STPS-2018": a code names the term before it
    last = values[int(matches[-1].group(1))] if matches[-1] else ""
    if not (matches[-1] and _movable(matches[-1], values)) and not last.lower().startswith("de "):
        return None
    run = _noun_run(units, end)
    if run:
        return terms, run
    head = values[int(matches[-1].group(1))] if matches[-1] else ""
    closes = _closes_compound(units, end) or (end < len(units) and _is_link(units[end], values))
    if len(terms) > 2 or not closes or _is_code(head):
        return None
    if _gender_number(head) is None or not (matches[0] and _movable(matches[0], values)):
        return None
    return terms[:-1], 1  # "XZQ0Q XZQ1Q from": the second term is the head


def _is_link(unit: Unit, values: list[str]) -> bool:
    """Whether a unit is a term token that links two phrases ("procedentes de")."""
    token = TOKEN_UNIT_RE.match(unit[1])
    number = int(token.group(1)) if token else len(values)
    words = values[number].split() if number < len(values) else []
    return bool(words) and words[-1].lower() in ARTICLES_AND_PREPOSITIONS


def _is_conjoined(unit: Unit, values: list[str]) -> bool:
    """Whether a unit is a term token that opens with a conjunction ("y sus partes")."""
    token = TOKEN_UNIT_RE.match(unit[1])
    number = int(token.group(1)) if token else len(values)
    words = values[number].split() if number < len(values) else []
    return bool(words) and words[0].lower() in ("y", "e", "o", "u")


def _is_code(value: str) -> bool:
    """A code or acronym ("NOM-035-STPS-2018", "ACE"), not a noun phrase."""
    return any(c.isdigit() for c in value) or value.replace("-", "").isupper()


def _chain_after_nouns(
    units: list[Unit], start: int, chain: tuple[list[Unit], int], values: list[str]
) -> str:
    """'XZQ0Q XZQ1Q entries' -> 'entries XZQ1Q of XZQ0Q': the innermost term comes first."""
    terms, run = chain
    nouns = units[start + len(terms) : start + len(terms) + run]
    pieces = ["".join(b + s for b, s, _ in nouns).strip()]
    for position, unit in enumerate(reversed(terms)):
        number = int(unit[1][3:-1])
        if position == 0 and values[number].lower().startswith("de "):
            pieces.append(unit[1])
            continue
        values[number] = spanish_article(values[number])
        pieces.append(f"of {unit[1]}")
    return terms[0][0] + " ".join(pieces)


def _article_for_subject(units: list[Unit], values: list[str]) -> None:
    """'Ministry of Economy extends ...' -> 'La Secretaría de Economía amplía ...'.

    A Spanish sentence gives its subject an article where an English headline has none.
    """
    if len(units) < 2:
        return
    token = TOKEN_UNIT_RE.match(units[0][1])
    if token and "<vblex><pri><p3>" in units[1][2] and int(token.group(1)) < len(values):
        number = int(token.group(1))
        values[number] = spanish_article(values[number])


_UNIT_RE = re.compile(r"([^^]*)\^((?:\\.|[^/$\\])*)/((?:\\.|[^$\\])*)\$")


def parse_tagged(stream: str) -> list[list[Unit]]:
    """Apertium tagger output (-p), one list of units per input line."""
    lines: list[list[Unit]] = [[]]
    for match in _UNIT_RE.finditer(stream):
        blank, surface, analysis = match.groups()
        if "\n" in blank:
            for _ in range(blank.count("\n")):
                lines.append([])
            blank = blank.rsplit("\n", 1)[1]
        lines[-1].append((blank, surface.replace("\\", ""), analysis))
    return lines


_ARTICLE_BEFORE_TOKEN_RE = re.compile(
    r"\b(del|al|el|los|las|la|un|una)(\s+)([*#@]?XZQ(\d+)Q)", re.IGNORECASE
)
_ARTICLES = {
    # (contraction/article, feminine, plural) -> form
    "del": {
        (False, False): "del",
        (True, False): "de la",
        (False, True): "de los",
        (True, True): "de las",
    },
    "al": {
        (False, False): "al",
        (True, False): "a la",
        (False, True): "a los",
        (True, True): "a las",
    },
    "el": {(False, False): "el", (True, False): "la", (False, True): "los", (True, True): "las"},
    "un": {(False, False): "un", (True, False): "una", (False, True): "unos", (True, True): "unas"},
}
_ARTICLES["la"] = _ARTICLES["los"] = _ARTICLES["las"] = _ARTICLES["el"]
_ARTICLES["una"] = _ARTICLES["un"]


def _gender_number(term: str) -> tuple[bool, bool] | None:
    """(feminine, plural) of a Spanish term's first word; None for names and acronyms."""
    words = term.split()
    first = words[0] if words else ""
    if not first.isalpha() or first.isupper() or len(words) < 2 and first[:1].isupper():
        return None
    lowered = first.lower()
    if lowered in ARTICLES_AND_PREPOSITIONS or words[-1].lower() in ARTICLES_AND_PREPOSITIONS:
        return None  # "de minimis"; "procedentes de" links two phrases, it names nothing
    plural = lowered.endswith("s") and not lowered.endswith(("is", "us"))
    singular = lowered[:-2] if lowered.endswith("es") else lowered[:-1] if plural else lowered
    if plural and singular.endswith("ion"):
        singular = singular[:-3] + "ión"  # "investigaciones" -> "investigación"
    if plural and lowered[:-1] in FEMININE_WORDS:
        singular = lowered[:-1]  # "torres" -> "torre", not "torr"
    feminine = singular in FEMININE_WORDS or (
        singular.endswith(FEMININE_ENDINGS) and singular not in MASCULINE_WORDS
    )
    return feminine, plural


def agree_articles_with_terms(raw: str, values: list[str]) -> str:
    """'del XZQ1Q' (declaración ...) -> 'de la XZQ1Q': the engine guessed a masculine term.

    The engine writes an article for a token it cannot see; the term's first word says
    which gender and number the article needs.
    """

    def agree(match: re.Match[str]) -> str:
        article, blank, token, number = match.groups()
        index = int(number)
        found = _gender_number(values[index]) if index < len(values) else None
        if found is None:
            return match.group(0)
        form = _ARTICLES[article.lower()][found]
        if article[:1].isupper():
            form = form[:1].upper() + form[1:]
        return f"{form}{blank}{token}"

    return _ARTICLE_BEFORE_TOKEN_RE.sub(agree, raw)


def agree_certain(text: str) -> str:
    """'cierto máquinas' -> 'ciertas máquinas'; 'cierto metal lockers' -> 'ciertos ...'.

    English 'Certain' has no gender or number; the first plural word within the next
    three says which form Spanish needs.
    """

    def agree(match: re.Match[str]) -> str:
        between = match.group(2).split()
        if len(between) > 1 and between[1].lower() in HEAD_CLOSERS:
            head = between[0]  # "cierto camarón de aguas": the head comes before "de"
        else:
            head = match.group(3)
        found = _gender_number(head.lower() + " x")
        if found is None or (not found[1] and head is match.group(3)):
            return match.group(0)
        form = ("ciert" + ("a" if found[0] else "o")) + ("s" if found[1] else "")
        word = match.group(1)
        form = form.capitalize() if word[:1].isupper() else form
        return form + match.group(0)[len(word) :]

    text = re.sub(
        r"\b([Cc]iert[oa]s?)\s+((?:(?![Cc]iert)[\w-]+\s+){0,2}?)(?![Cc]iert)([A-Za-záéíóúñ]+s)\b",
        agree,
        text,
    )
    return re.sub(
        r"\b([Cc])ierto\s+([a-záéíóúñ]+)\b(?!\s+[a-záéíóúñ]*s\b)", _feminine_certain, text
    )


def _feminine_certain(match: re.Match[str]) -> str:
    """'cierto placa cortada' -> 'cierta placa cortada' (a feminine singular noun next)."""
    found = _gender_number(match.group(2) + " x")
    if found is None or found != (True, False) or match.group(2) in ("de", "y"):
        return match.group(0)
    return f"{match.group(1)}ierta {match.group(2)}"


def _is_leading_noun(unit: Unit) -> bool:
    return _is_noun(unit[1], unit[2]) or "<adj>" in unit[2] or unit[1].lower() == "and"


def move_head_terms_first(units: list[Unit], values: list[str]) -> list[Unit]:
    """'business and operations XZQ0Q' -> 'XZQ0Q of business and operations' (head last).

    An English compound puts its head ("Advisory Committee") last; when the head is a
    protected term, its modifiers are nouns before it, and Spanish puts them after it
    with "de". Only a run that opens the title or follows punctuation moves.
    """
    out: list[Unit] = []
    for unit in units:
        token = TOKEN_UNIT_RE.match(unit[1])
        start = len(out)
        while start > 0 and _is_leading_noun(out[start - 1]) and not out[start - 1][0].strip(" "):
            if start < len(out) and out[start][0].strip(" "):
                break
            start -= 1
        run = out[start:]
        before = out[start - 1][2] if start > 0 else "<sent>"
        opens = before.endswith(("<sent>", "<pr>")) or "<det>" in before or before[:1] in "(;:"
        if (
            token
            and run
            and unit[0] == " "
            and opens
            and _is_noun(run[-1][1], run[-1][2])
            and run[0][1].lower() != "and"
            and int(token.group(1)) < len(values)
            and _gender_number(values[int(token.group(1))]) is not None
            and (
                values[int(token.group(1))][:1].isupper() or all(_is_noun(u[1], u[2]) for u in run)
            )
        ):
            first_blank = run[0][0]
            del out[start:]
            out.append((first_blank, unit[1], unit[2]))
            out.append((" ", "of", "of<pr>"))
            out.append((" ", run[0][1], run[0][2]))
            out.extend(run[1:])
            continue
        out.append(unit)
    return out


COMPOUND_OPENERS = ("<det>", "<pr>", "<sent>", "<cnjcoo>", "<vblex>", "<prn>")


# Unknown words that post-editing turns into Spanish adjectives (ENGINE_FIXES); the other
# fixed words are nouns, which after a noun would need "de", and stay where they are.
FIXED_ADJECTIVES = frozenset(
    ["supplemental", "counterfeit", "overdue", "geophysical", "endangered", "automotive"]
)


def _is_unknown_word(unit: Unit) -> bool:
    word = unit[1].lower()
    if word in ENGINE_FIXES["es"] and word not in FIXED_ADJECTIVES:
        return False
    return unit[2].startswith("*") and unit[1].isalpha() and not TOKEN_UNIT_RE.match(unit[1])


def _opens_compound(units: list[Unit], index: int) -> bool:
    """Whether a noun compound can start at `index` (title start, function word, punctuation)."""
    if index == 0 or units[index][0].strip():
        return True
    return any(tag in units[index - 1][2] for tag in COMPOUND_OPENERS)


def _closes_compound(units: list[Unit], index: int) -> bool:
    """Whether the noun compound ends before `index` (title end, a function word or punctuation)."""
    if index >= len(units) or units[index][0].strip():
        return True
    return any(tag in units[index][2] for tag in COMPOUND_OPENERS)


def move_unknown_modifiers(units: list[Unit]) -> list[Unit]:
    """'seminole tribe of' -> 'tribe seminole of': words the engine does not know, put after
    the one noun they qualify.

    Apertium reorders modifiers it knows ("biometric data" -> "datos biométricos") but
    leaves words it does not know (names, rare adjectives) where English puts them, before
    the noun; Spanish puts them after ("Tribu Seminole", "Universidad Fort Lewis"). Only a
    whole compound of one or two unknown words and one known noun (that cannot be read as a
    verb) moves.
    """
    out = list(units)
    index = 0
    while index < len(out):
        end = index
        while end < len(out) and end - index < 2 and _is_unknown_word(out[end]):
            if end > index and out[end][0] != " ":
                break
            end += 1
        if (
            end > index
            and end < len(out)
            and _opens_compound(out, index)
            and out[end][0] == " "
            and _is_noun(out[end][1], out[end][2])
            and not out[end][2].startswith("*")
            and not out[end][2].endswith(VERB_READING)  # "credit": read as a verb once moved
            and not (index > 0 and out[index - 1][1].lower() in ("a", "an"))
            and _closes_compound(out, end + 1)
        ):
            noun = out[end]
            moved = [(out[index][0], noun[1], noun[2])]
            moved += [(" ", unit[1], unit[2]) for unit in out[index:end]]
            out[index : end + 1] = moved
            index = end + 1
            continue
        index = max(end, index + 1)
    return out


VERB_READING = "|verb"  # added to a noun's analysis when the analyser also reads it as a verb
_READINGS_RE = re.compile(r"\^((?:\\.|[^/$\\])*)/((?:\\.|[^$\\])*)\$")


NOUN_READING = "|noun"  # added to an adjective's analysis when the analyser also reads it as a noun


def verb_readings(analysed: str) -> frozenset[str]:
    """Words (lower case) that the analyser reads both as a noun and as a verb ("credit"),
    or both as an adjective and as a noun ("commercial")."""
    return frozenset(
        surface.lower()
        for surface, readings in _READINGS_RE.findall(analysed)
        if "<n>" in readings and ("<vblex>" in readings or "<adj>" in readings)
    )


def mark_verb_readings(units: list[Unit], ambiguous: frozenset[str]) -> list[Unit]:
    """The units, a noun that could also be a verb marked with VERB_READING, an adjective
    that could also be a noun with NOUN_READING."""
    return [
        (blank, surface, _marked(surface, analysis, ambiguous))
        for blank, surface, analysis in units
    ]


def _marked(surface: str, analysis: str, ambiguous: frozenset[str]) -> str:
    if surface.lower() not in ambiguous:
        return analysis
    if "<n>" in analysis:
        return analysis + VERB_READING
    return analysis + NOUN_READING if "<adj>" in analysis else analysis


AGREE_MARK = "\u2063"  # on a term's value: the adjective after its token agrees with it
FIXED_POSITION_ADJECTIVES = frozenset(
    [
        "certain",
        "new",
        "south",
        "north",
        "east",
        "west",
        "southern",
        "northern",
        "eastern",
        "western",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "central",
        "continental",
        "such",
        "other",
        "same",
        "first",
        "last",
        "next",
        "former",
    ]
)


def _adjective_moves(units: list[Unit], index: int, values: list[str]) -> int | None:
    """The term number when the adjective at `index` qualifies the term token after it."""
    if index + 1 >= len(units) or "<adj>" not in units[index][2]:
        return None
    if units[index][2].endswith(NOUN_READING):
        return None  # "commercial" alone after a term reads as a noun ("anuncio")
    token = TOKEN_UNIT_RE.match(units[index + 1][1])
    if not token or units[index + 1][0] != " " or not _opens_compound(units, index):
        return None
    number = int(token.group(1))
    value = values[number] if number < len(values) else ""
    if units[index][1].lower() in FIXED_POSITION_ADJECTIVES or " de" in value or not value:
        return None
    if _gender_number(value) is None or value[:1].isupper() and value.split()[0].isupper():
        return None
    following = units[index + 2] if index + 2 < len(units) else None
    if following is not None and not _closes_compound(units, index + 2):
        return None  # "technical XZQ0Q report": the adjective may qualify the report
    return number


def move_adjectives_after_terms(
    units: list[Unit], values: list[str]
) -> tuple[list[Unit], set[int]]:
    """'national XZQ0Q;' -> 'XZQ0Q national;' (Consejo Asesor Nacional): an English adjective
    before a protected noun phrase follows it in Spanish.

    The engine cannot see the term, so it leaves the adjective in front and in the
    masculine singular; the numbers of the terms whose adjective moved are returned so
    that the adjective can agree with the term after translation (`agree_moved_adjectives`).
    """
    out = list(units)
    moved: set[int] = set()
    index = 0
    while index < len(out):
        number = _adjective_moves(out, index, values)
        if number is not None:
            adjective, token = out[index], out[index + 1]
            out[index : index + 2] = [(adjective[0], token[1], token[2]), (" ", *adjective[1:])]
            moved.add(number)
            index += 2
            continue
        index += 1
    return out, moved


def inflect_adjective(word: str, feminine: bool, plural: bool) -> str:
    """'técnico' -> 'técnicas' (feminine plural); 'nacional' -> 'nacionales'."""
    if feminine and word.endswith("o"):
        word = word[:-1] + "a"
    if not plural:
        return word
    if word.endswith(("a", "e", "i", "o", "u", "é")):
        return word + "s"
    if word.endswith("z"):
        return word[:-1] + "ces"
    for accented, plain in (("ón", "on"), ("án", "an"), ("és", "es"), ("ín", "in")):
        if word.endswith(accented):
            return word[: -len(accented)] + plain + "es"
    return word + "es"


def agree_moved_adjectives(raw: str, values: list[str]) -> tuple[str, list[str]]:
    """'XZQ0Q técnico' (term 'investigaciones') -> 'XZQ0Q técnicas'; marks taken off the values."""
    for number, value in enumerate(values):
        if not value.endswith(AGREE_MARK):
            continue
        found = _gender_number(value[: -len(AGREE_MARK)])
        if found is None:
            continue

        def agree(match: re.Match[str], found: tuple[bool, bool] = found) -> str:
            return match.group(1) + inflect_adjective(match.group(2), *found)

        raw = re.sub(rf"([*#@]?XZQ{number}Q\s+)([a-záéíóúñ]+)\b(?![\w-])", agree, raw, count=1)
    return raw, [v.removesuffix(AGREE_MARK) for v in values]


_SERIAL_COMMA_RE = re.compile(r"(?<=[^\W\d_)\]]), (?=(?:y|e|o|u) )")


def drop_serial_comma(text: str) -> str:
    """'Italia, Malasia, y Filipinas' -> 'Italia, Malasia y Filipinas'.

    English lists put a comma before the last 'and'; Spanish does not. Only a comma after
    another comma in the same part of the title (between semicolons and colons) goes, so
    that a comma joining two clauses stays.
    """
    parts = re.split(r"([;:])", text)
    return "".join(_drop_in_part(part) for part in parts)


def _drop_in_part(part: str) -> str:
    matches = list(_SERIAL_COMMA_RE.finditer(part))
    if not matches or ", " not in part[: matches[-1].start()]:
        return part
    last = matches[-1]
    return part[: last.start()] + " " + part[last.end() :]


_BARE_YEAR_RE = re.compile(
    r"\b(para|en|durante|a|de)\s+(año (?:fiscal|calendario)\b)", re.IGNORECASE
)


def article_before_year(text: str) -> str:
    """'para año fiscal 2024' -> 'para el año fiscal 2024': English 'for Fiscal Year' has none.

    A named year in Spanish takes the article ('del año calendario 2023'), and so does a
    section after 'conforme a' ('conforme a la Sección 301').
    """
    text = re.sub(r"\baño de calendario\b", "año calendario", text)
    text = re.sub(r"\b(conforme a|de acuerdo con) (Sección \d)", r"\1 la \2", text)

    def add(match: re.Match[str]) -> str:
        preposition, year = match.group(1), match.group(2)
        if preposition.lower() == "de":
            return ("Del " if preposition[:1].isupper() else "del ") + year
        if preposition.lower() == "a":
            return ("Al " if preposition[:1].isupper() else "al ") + year
        return f"{preposition} el {year}"

    return _BARE_YEAR_RE.sub(add, text)


_PROPOSED_RE = re.compile(r"(^|[;:]\s+)([Pp])ropuso\s+([a-záéíóúñ]{3,})\b")


def proposed_after_noun(text: str) -> str:
    """'; propuso revisiones a' -> '; revisiones propuestas a'.

    'Proposed' opening a part of an English title is a participle; the engine reads it as
    a past tense ('propuso'). Spanish puts the participle after the noun, agreeing with it.
    """

    def move(match: re.Match[str]) -> str:
        lead, capital, noun = match.groups()
        found = _gender_number(noun + " x")
        if found is None or noun.endswith(("ar", "er", "ir")):
            return match.group(0)
        ending = {(False, False): "o", (True, False): "a", (False, True): "os", (True, True): "as"}
        noun = noun[:1].upper() + noun[1:] if capital == "P" else noun
        return f"{lead}{noun} propuest{ending[found]}"

    return _PROPOSED_RE.sub(move, text)


_ORIGIN_RE = re.compile(r"(^|[;:]\s*)([^;:]*?)\b([Pp]rocedentes?)(?= de\b)")


def agree_origin(text: str) -> str:
    """'Muebles de dormitorio de madera procedente de' -> '... procedentes de'.

    'procedente(s) de' was chosen from the English goods before 'From' ("Furniture"); a
    plural Spanish head noun of the goods (the first word after the clause start, 'sobre'
    or 'en', past 'cierto') makes it plural.
    """

    def agree(match: re.Match[str]) -> str:
        lead, goods, word = match.groups()
        phrase = re.split(r"\b(?:sobre|en)\s+", goods)[-1].split()
        words = [w for w in phrase if w.lower() not in QUANTIFIERS]
        found = _gender_number(words[0].lower() + " x") if words else None
        if found is None or not words[0].isalpha() or not found[1]:
            return match.group(0)  # only ever made plural: an English plural is reliable
        return lead + goods + word.rstrip("s") + "s"

    return _ORIGIN_RE.sub(agree, text)


_SEGMENT_RE = re.compile(r"([;:]\s*)")
_LEAD_ARTICLE_RE = re.compile(r"^(\s*)(?:El|La|Los|Las|el|la|los|las)\s+(?=[*#@]?[^\W\d_])")


def drop_engine_articles(raw: str, protected: str, values: list[str] | None = None) -> str:
    """'La declaración del ensamblador' (source 'foreign assembler's statement') -> 'declaración
    del ensamblador': a part of a title opens without an article unless its source had one.

    The engine writes a sentence's article where an English headline has none; a source
    part opening with 'the' before a term ("The Zeta Program; ...") loses it as well, as
    Spanish titles do. Parts are matched one to one; the text is unchanged otherwise.
    """
    raw, protected = (
        _split_after_heads(raw, values or []),
        _split_after_heads(protected, values or []),
    )
    raw_parts, source_parts = _SEGMENT_RE.split(raw), _SEGMENT_RE.split(protected)
    if len(raw_parts) != len(source_parts):
        return raw
    out = []
    for part, source in zip(raw_parts, source_parts, strict=True):
        opening = source.strip().lower()
        article_in_source = opening.startswith(("the ", "a ", "an "))
        before_term = re.match(r"the\s+XZQ\d+Q", opening, re.IGNORECASE) is not None
        spanish_name = opening.split()[:1] in (["el"], ["la"], ["los"], ["las"])  # "El Paso"
        if (not article_in_source or before_term) and not spanish_name:
            part = _LEAD_ARTICLE_RE.sub(r"\1", part, count=1)
        out.append(part)
    return "".join(out).replace(_HEAD_BREAK, "")


_HEAD_BREAK = "\x00;"


def _split_after_heads(text: str, values: list[str]) -> str:
    """A break after a leading token whose term ends in a colon ('... de la agencia:')."""
    found = re.match(r"\s*[*#@]?XZQ(\d+)Q", text)
    if (
        found
        and text[found.end() : found.end() + 1].isspace()
        and int(found.group(1)) < len(values)
        and values[int(found.group(1))].endswith(":")
    ):
        return text[: found.end()] + _HEAD_BREAK + " " + text[found.end() :].lstrip()
    return text


# ---------------------------------------------------------------- English names of programs

_PROGRAM_NAME_RE = re.compile(
    r"\b(National|Sectoral|Special|Institutional|Regional) "
    r"(Strategy|Program|Plan|Policy|Registry|Inventory|Prize|Award) of "
    r"((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)(?=\s+\d|[,.;:)]|$)"
)
_NOT_MODIFIERS = frozenset(
    ["Mexico", "Mexican", "States", "Persons", "People", "Women", "Children", "Workers", "Youth"]
)


def order_named_programs(text: str) -> str:
    """'National Strategy of Civic Education 2024' -> 'National Civic Education Strategy 2024'.

    English puts the subject of a named national program before its head noun; a place or
    a group of people after 'of' stays where it is.
    """

    def order(match: re.Match[str]) -> str:
        scope, head, subject = match.groups()
        if any(word in _NOT_MODIFIERS for word in subject.split()):
            return match.group(0)
        return f"{scope} {subject} {head}"

    return _PROGRAM_NAME_RE.sub(order, text)
