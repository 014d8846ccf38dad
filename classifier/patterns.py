"""Expert patterns: instruments, agencies and terms that decide a topic, in Spanish and English.

Each rule gives a label a weight in logit units: STRONG names an instrument that settles
the topic on its own (Ley Aduanera, Decreto IMMEX, RMF, NOM-...-STPS); MEDIUM is a term
that usually does (pedimento, cuota compensatoria, salario minimo); WEAK only tips a
doubtful case (importacion). Negative weights encode the guidelines' hard negatives
(ISSSTE/Apartado B, Banxico rates, ESTA/I-94, budget calendars, procurement...), and a
VETO beats any positive evidence. Phrases are written normalised (lower case, no accents)
because the pipeline matches on normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRONG, MEDIUM, WEAK = 6.0, 3.0, 1.5
NEG, VETO = -4.0, -12.0


@dataclass(frozen=True)
class Rule:
    """Phrases that add `weight` to `label`; `high_impact` rules flag the item for staff."""

    label: str
    weight: float
    phrases: tuple[str, ...]
    langs: tuple[str, ...] = ("es", "en")
    high_impact: bool = False


def _r(label: str, weight: float, *phrases: str, langs: tuple[str, ...] = ("es", "en"),
       hi: bool = False) -> Rule:
    return Rule(label, weight, phrases, langs, hi)


ES, EN = ("es",), ("en",)

RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- customs (es)
    _r("customs", STRONG, "ley aduanera", "reglamento de la ley aduanera",
       "reglas generales de comercio exterior", "ley de comercio exterior",
       "impuestos generales de importacion y de exportacion",
       "impuestos generales de importacion y exportacion", "tigie", "ligie",
       "cuota compensatoria", "cuotas compensatorias", "investigacion antidumping",
       "practicas desleales de comercio internacional", "padron de importadores",
       "agente aduanal", "agentes aduanales", "agencia aduanal", "agencias aduanales",
       "reglas y criterios de caracter general en materia de comercio exterior",
       "materia aduanera", "pedimento", "pedimentos", "vucem",
       "ventanilla unica de comercio exterior", "numeros de identificacion comercial",
       "permiso previo de importacion", "aviso automatico de importacion",
       "programas de promocion sectorial", "prosec", "fracciones arancelarias",
       "fraccion arancelaria", "arancel-cupo", "cupo para importar", "cupos de importacion",
       "cupo de importacion", "cupo para exportar", "despacho de mercancias",
       "seccion aduanera", "aduanas", "anexo 22", "rgce", "ley aduanal",
       "contingente arancelario", "contingentes arancelarios", "promocion sectorial",
       "impuesto general de importacion",
       "reglas de caracter general en materia de comercio exterior",
       "miscelanea de comercio exterior", "acuerdo general sobre aranceles",
       "acuerdo general de aranceles", "recinto fiscalizado", "recintos fiscalizados",
       "deposito fiscal", "regimen aduanero", "regimenes aduaneros", "precios estimados",
       "cuenta aduanera de garantia", "padron de exportadores", "valor en aduana",
       "regla octava", "certificado de origen", "certificados de origen", langs=ES),
    _r("customs", STRONG, "t-mec", "tlcan", "tratado de libre comercio", "reglas de origen",
       "regla de origen", "examen de vigencia", "investigacion por subvenciones",
       "decreto immex", "operador economico autorizado", "socio comercial certificado",
       "acuerdo de asociacion economica", "acuerdo de complementacion economica",
       "tratado integral y progresista", "acuerdo de integracion comercial", langs=ES),
    # The IMMEX decree (and its maquiladora and PITEX predecessors) is a foreign-trade
    # instrument: the decree and its amendments are customs as well as immex. An SE list of
    # programme holders names the programmes, not the decree, and stays immex only.
    _r("customs", STRONG, "para el fomento de la industria manufacturera",
       "fomento y operacion de la industria maquiladora",
       "decreto para el fomento de la industria maquiladora",
       "programas de importacion temporal para producir articulos de exportacion", langs=ES),
    # DIEMSE is the maquila regime's annual tax return: tax as well as immex.
    _r("tax", STRONG, "diemse", "declaracion informativa de empresas manufactureras", langs=ES),
    # The IMMEX decree is a foreign-trade instrument: its amendments are customs and immex.
    _r("customs", STRONG, "immex decree", "decreto immex", langs=EN),
    _r("customs", MEDIUM, "aduana", "arancel", "aranceles", "comercio exterior",
       "punto de su entrada al pais", "punto de entrada", "importacion de", "importaciones de",
       "mercancias de comercio exterior", "anam", "agencia nacional de aduanas",
       "origen de las mercancias", "manifestacion de valor", "cupo", "cupos", "arancelario",
       "arancelarios", "arancelaria", "arancelarias", "en la importacion", "su importacion",
       "que se pretendan importar", "para importacion", "organizacion mundial del comercio",
       "importacion temporal", "importaciones temporales", langs=ES),
    _r("customs", WEAK, "importacion", "importaciones", "importar", "exportacion", "exportaciones",
       "fitosanitarios para la importacion", "zoosanitarios", langs=ES),
    # ---------------------------------------------------------------- customs (en)
    _r("customs", STRONG, "antidumping", "anti-dumping", "countervailing duty",
       "countervailing duties", "less-than-fair-value", "less than fair value",
       "customs duties", "customs broker", "customs brokers", "harmonized tariff schedule",
       "htsus", "section 232", "section 301", "ieepa", "reciprocal tariff", "additional duties",
       "international emergency economic powers act", "antidumping duties",
       "reciprocal tariffs", "tariff-rate quota", "tariff rate quota", "de minimis",
       "section 321", "foreign-trade zone", "foreign trade zone", "ftz", "drawback",
       "commercial gauger", "customs user fees", "merchandise processing fee",
       "harbor maintenance fee", "entry summary", "cbp form", "catair", "abi filers",
       "automated commercial environment", "in-bond", "bonded warehouse",
       "withhold release order", "import restrictions", "country of origin", "usmca",
       "united states-mexico-canada agreement", "ctpat", "c-tpat", "coac",
       "commercial customs operations advisory committee", "agoa", "cbtpa",
       "circumvention", "covered merchandise", "continued dumping and subsidy offset",
       "tonnage tax", "vessel entrance", "importer of record", "importers of record",
       "scope ruling", "sunset review", "sunset reviews", "tariff classification",
       "trade remedy", "cash deposit", "cargo manifest", "inward cargo manifest",
       "preferential tariff treatment", "generalized system of preferences",
       "adjusting imports", "cbp forms", "trade symposium", "duty free", "duty-free",
       "centralized examination station", "nafta", "certificate of origin",
       "certificates of origin", "commercial testing laboratories", "commercial gaugers",
       "customs automation", "trade facilitation", "entry is made", "entry of merchandise",
       "customs bond", "customs bonds", "vessel entry", "vessel entries", "ship's stores",
       "foreign assembler's declaration", "prior disclosure", "administrative rulings",
       "vessel repair", "foreign repair", "unlading", "commercial laboratory",
       "international mail shipments", "exportation of used", "lien notice",
       "manipulate, examine, sample", "delivery ticket", "foreign-trade zones",
       "foreign trade zones", "duty suspensions", "duty suspension", "miscellaneous tariff",
       "temporary importation under bond", "import entries", "import entry", "ad valorem duty",
       "ad valorem duties", "additional duty", "import duties", "import duty", "rates of duty",
       "port limits", langs=EN),
    _r("customs", MEDIUM, "section 337", "components thereof", "tariff act of 1930",
       "tariff", "tariffs", "ace", "abi", "imports of", "forced labor", "subject merchandise",
       "rgce", "user fees", "user fee", "port of entry", "ports of entry", langs=EN),
    _r("customs", WEAK, "imported", "importers", "merchandise", "quota", "duties", "cargo",
       "importation", "trade", langs=EN),
    # ---------------------------------------------------------------- immex
    _r("immex", STRONG, "immex", "maquiladora", "maquiladoras", "pitex",
       "regimen de maquila", "operacion de maquila", "operaciones de maquila",
       "empresas de maquila", "programa de maquila", "programas de maquila",
       "importacion temporal para producir articulos de exportacion",
       "industria manufacturera, maquiladora y de servicios de exportacion",
       "certificacion en materia de iva e ieps", "certificacion iva e ieps",
       "certificacion de iva e ieps", "modalidad iva e ieps",
       "esquema de certificacion de empresas",
       "control de inventarios", "sistema de control de cuentas de creditos y garantias",
       "scccyg", "transferencias virtuales", "diemse", "esquema integral de certificacion",
       "raoce",
       langs=ES, hi=True),
    _r("immex", STRONG, "immex", "maquiladora", "maquiladoras", "maquila",
       "vat/ieps certification", "vat and ieps certification", "annex 24", "annex 31",
       langs=EN, hi=True),
    # "maquila" alone also means any toll manufacturing (pesticide formulation "por maquila").
    _r("immex", MEDIUM, "maquila", langs=ES),
    _r("immex", MEDIUM, "albergue", "shelter", "submanufactura", langs=("es", "en")),
    # ---------------------------------------------------------------- tax (es)
    _r("tax", STRONG, "resolucion miscelanea fiscal", "codigo fiscal de la federacion",
       "impuesto sobre la renta", "impuesto al valor agregado",
       "impuesto especial sobre produccion y servicios", "ley de ingresos de la federacion",
       "ley federal de derechos", "ley de coordinacion fiscal",
       "colaboracion administrativa en materia fiscal", "estimulo fiscal", "estimulos fiscales",
       "beneficios fiscales", "ley de ingresos sobre hidrocarburos", "69-b",
       "comprobante fiscal digital", "cfdi", "resolucion de facilidades administrativas",
       "precios de transferencia", "tasa de recargos", "recargos", "impuestos sobre la renta",
       "ley del isr", "ley del iva", "ley del ieps", "rmf", "disposiciones fiscales",
       "leyes fiscales", "impuesto sobre automoviles nuevos", "doble tributacion",
       "ley federal del impuesto", "impuesto al activo", "coordinacion fiscal", "ley del impuesto",
       "miscelanea fiscal", "impuesto empresarial a tasa unica", "ietu",
       "impuesto a los depositos en efectivo", "impuesto sobre tenencia",
       "ley organica de la procuraduria de la defensa del contribuyente", "cff", langs=ES),
    # The UMA drives IMSS/INFONAVIT ceilings and tax thresholds alike (guidelines).
    _r("tax", STRONG, "unidad de medida y actualizacion", langs=ES),
    _r("tax", MEDIUM, "isr", "iva", "ieps", "contribuyentes", "materia fiscal",
       "declaracion anual", "buzon tributario", "saldos a favor", "defensa del contribuyente",
       "opinion de cumplimiento", "obligaciones fiscales", "32-d",
       langs=ES),
    # ---------------------------------------------------------------- tax (en)
    _r("tax", STRONG, "excise tax", "excise taxes", "internal revenue code",
       "internal revenue service", "income tax", "miscellaneous tax resolution",
       "federal tax code", "tax credit", "vat", "rmf", "tax payments", "deferred tax",
       langs=EN),
    _r("tax", MEDIUM, "irs", "taxpayer", "taxpayers", "tax", langs=EN),
    # ---------------------------------------------------------------- labor (es)
    _r("labor", STRONG, "ley federal del trabajo", "salarios minimos", "salario minimo",
       "comision nacional de los salarios minimos", "ley del seguro social",
       "instituto del fondo nacional de la vivienda para los trabajadores", "infonavit",
       "sistemas de ahorro para el retiro", "subcontratacion", "repse",
       "servicios especializados", "obras especializadas",
       "participacion de los trabajadores en las utilidades", "contratos colectivos",
       "contrato colectivo", "conciliacion y registro laboral", "competencias laborales",
       "estandar de competencia", "estandares de competencia", "jornada laboral",
       "cuotas obrero-patronales", "cuotas obrero patronales", "cuotas patronales",
       "aportaciones patronales",
       "centros de trabajo", "centro de trabajo", "seguridad y salud en el trabajo",
       "unidad de medida y actualizacion",
       "servicio nacional de empleo", "jovenes construyendo el futuro",
       langs=ES, hi=False),
    _r("labor", MEDIUM, "stps", "secretaria del trabajo y prevision social", "imss",
       "instituto mexicano del seguro social", "consejo tecnico", "trabajadores",
       "seguridad e higiene", "higiene industrial", "medio ambiente laboral", "ptu",
       "vacaciones", "aguinaldo", "laboral", "laborales", "patrones", "teletrabajo",
       "personas trabajadoras", langs=ES),
    # ---------------------------------------------------------------- labor (en)
    _r("labor", STRONG, "federal labor law", "minimum wage", "minimum wages",
       "occupational safety and health", "wage and hour", "social security law",
       "work week", "outsourcing reform", "employer contributions", "labor standards",
       "union memberships", langs=EN),
    _r("labor", MEDIUM, "stps", "imss", "infonavit", "repse", "employers", "employees",
       "workers", "paid vacation", langs=EN),
)

# The guidelines' hard negatives. Each entry: label (or "*" for every label), weight, phrases.
NEGATIVES: tuple[Rule, ...] = (
    # Public-sector social security cancels weak labor words but not a named private-sector
    # instrument bundled in the same decree (Ley del Seguro Social + Ley del ISSSTE is labor).
    _r("labor", -3.5, "issste", "trabajadores al servicio del estado", "apartado b",
       "trabajadores del estado", "seguridad social para las fuerzas armadas",
       "fuerzas armadas", langs=ES),
    _r("labor", VETO, "servicio profesional de carrera", "imss-bienestar",
       "imss bienestar", "suplira las ausencias", "suplir las ausencias", "ejercito",
       "plazas vacantes", "consumo de los trabajadores", "ex trabajadores migratorios",
       "extrabajadores migratorios", "exbraceros", "calendario de vacaciones", langs=ES),
    # Tourism NOMs carry "seguridad e higiene" for guests, not for a workforce.
    _r("labor", NEG, "servicios turisticos", "prestadores de servicios turisticos", langs=ES),
    # Federal civil servants are the US analogue of Apartado B.
    _r("labor", NEG, "federal employees", "federal employee", "federal workforce",
       "office of personnel management", "federal civilian", langs=EN),
    _r("*", VETO, "tipo de cambio", "equivalencia de las monedas", "unidad de inversion",
       "tasas de interes interbancarias", "calendario de presupuesto",
       "calendario mensual de ingresos", "licitacion publica", "licitacion", "edicto",
       "asociacion religiosa", "sucesion testamentaria", "calendario escolar",
       "presupuesto autorizado", "situacion de las finanzas publicas",
       "union de credito", "sociedad financiera popular", "indice nacional de precios",
       langs=ES),
    # Financial and commercial law: irrelevant alone, but a tax or labor law bundled into
    # the same decree still counts (guidelines: "a decree that amends any tax law is tax").
    # Weighted to cancel a medium term ("contribuyentes", "iva") but not a named tax law.
    _r("*", -2.5, "deuda publica", "codigo de comercio", "sociedad por acciones simplificada",
       "sociedades mercantiles", "proteccion al ahorro bancario", "responsabilidad hacendaria",
       langs=ES),
    _r("tax", VETO, "presupuesto de la procuraduria", "tribunal federal de justicia administrativa",
       "calendario", langs=ES),
    # Traveller and immigration processing: never customs, labor or immex. Not a tax veto:
    # an IRS form about wages of a nonresident alien is still a tax item.
    _r("customs,labor,immex", VETO, "electronic system for travel authorization", "esta", "i-94",
       "i-94w",
       "visa waiver", "global entry", "trusted traveler", "biometric", "biometrics",
       "passenger list", "crew list", "stonegarden", "environmental impact statement",
       "privacy act", "controlled substances", "export-import bank", "declaration zone",
       "immigration", "hiring center", "aliens", "alien", "western hemisphere travel initiative",
       "travel authorization", "passport", "visa", "culturally significant objects",
       "facial comparison", "advance passenger information", "boat landing", "death gratuity",
       langs=EN),
    _r("tax", VETO, "customs duties", "overdue accounts and refunds", langs=EN),
    # Energy-rate "tariffs" and consumer-protection "trade" rules are not about imports.
    _r("customs", NEG, "market-based rate", "tariff filing", "tariff filings", "rate tariff",
       "tariff amendment", "energy regulatory commission", "natural gas act", "federal power act",
       "federal trade commission", "trade regulation rule", "trade secrets", langs=EN),
    _r("customs", NEG, "etiquetado", "informacion comercial", langs=ES),
    # Press items about an agency's activity (visits, seizures, meetings) change no rule.
    _r("*", NEG - 3.0, "visita de trabajo", "rinde protesta", "conferencia de prensa",
       "estupefacientes",
       "asegura", "aseguran", "aseguramiento", "decomiso", "identifican presunto",
       "reunion de la comision", "fortalecen su cooperacion", "se reune con", "se reunen con",
       "se reunio con", "sostuvo una reunion", "sostienen reunion", langs=ES),
    # Government-internal acts of an agency in the field (its buildings, delegated powers,
    # organisation manuals) change no obligation (guidelines: "purely administrative act").
    _r("*", NEG - 1.0, "destinan al servicio", "destina al servicio", "inmuebles que se indican",
       "inmueble que se indica", "inmueble federal", "inmuebles federales",
       "manual de organizacion", "reglamento interior", "delegan facultades", "delega facultades",
       "se adscriben", "adscripcion", "dias inhabiles", "desincorporacion", "bienes muebles",
       "medicos residentes", langs=ES),
    # The T-MEC's labour chapter (rapid response mechanism) is a labour item, not customs.
    _r("customs", NEG, "mecanismo laboral", "respuesta rapida", "capitulo laboral", langs=ES),
    _r("customs", NEG, "rapid response labor mechanism", "labor chapter", langs=EN),
    _r("*", VETO, "sin publicaciones", "sin proyectos", "banco nacional de comercio exterior",
       "bancomext", "personas de negocios", langs=ES),
    # IVA/IEPS certification is the immex desk's; the VAT words in its name are not a tax item.
    _r("tax", NEG, "certificacion en materia de iva e ieps", "modalidad iva e ieps",
       "certificacion iva e ieps", "certificacion de iva e ieps", langs=ES),
    _r("tax", NEG, "vat/ieps certification", "vat and ieps certification", langs=EN),
    # Agricultural check-off orders assess "importers" but regulate no importation; the
    # TTB's own name holds "trade".
    _r("customs", NEG + 1.0, "promotion, research, and information order", "research and promotion",
       "standards of identity", "alcohol and tobacco tax and trade bureau", langs=EN),
    # Building a port is not a rule for goods crossing it (guidelines: infrastructure EIS).
    _r("customs", NEG, "environmental assessment", "record of decision", "floodplain",
       "finding of no significant impact", "border wall", langs=EN),
    # Fishery "quotas", explosives/firearms licensing (ATF importer licences, like DEA
    # registrations, are not customs items per the guidelines).
    _r("customs", NEG + 1.0, "fishery", "fisheries", "highly migratory species",
       "national marine fisheries service", "nmfs", "explosives", "explosives importers",
       "bureau of alcohol, tobacco, firearms", langs=EN),
    _r("labor", WEAK, "apartado a", langs=ES),
)

# Source and agency feature words (see normalize.feature_text): a CBP notice is about
# customs unless a hard negative says otherwise; an STPS note leans labor.
SOURCE_RULES: tuple[Rule, ...] = (
    _r("customs", WEAK, "zzsrcfederalregistercbp", langs=EN),
    _r("customs", MEDIUM, "zzsrccbpcsms", langs=EN),
    _r("labor", WEAK, "zzagstps", langs=ES),
    # The DOF's procurement section ("convocatorias para concursos de adquisiciones...").
    _r("*", VETO, "zzagccaaossp"),
)

# Structured keys that token phrases cannot express (they span hyphens or annex lists).
# Each has a literal needle tested first: a regex starting with \b is tried at every
# position and cost more than the PhraseMatcher itself.
REGEX_RULES: tuple[tuple[str, float, str, re.Pattern[str], bool], ...] = (
    ("labor", STRONG, "stps", re.compile(r"\bnom-? ?\d{1,3}- ?stps"), False),
    # RGCE annexes 24 (inventory control) and 30/31 (SCCCyG) named in the title make an
    # RGCE item immex as well (guidelines); other annex numbers leave it customs only.
    ("immex", STRONG, "comercio exterior", re.compile(
        r"comercio exterior[^.;]{0,40}?anexos?\b[^.;]{0,60}?\b(24|30|31)\b(?!-)"), True),
    ("immex", STRONG, "anexo", re.compile(
        r"\banexos? (?:[0-9]{1,2}(?:-[a-z])?, )*(?:[0-9]{1,2}(?:-[a-z])? y )?(24|30|31)\b(?!-)"
        r"[^.;]{0,80}(reglas generales de comercio exterior|rgce)"), True),
    ("immex", STRONG, "rgce", re.compile(
        r"\brgce[^.;]{0,40}?anexos?\b[^.;]{0,60}?\b(24|30|31)\b(?!-)"), True),
    ("immex", STRONG, "temporal", re.compile(
        r"importacion(es)? temporal(es)?[^.;]{0,80}(elaboracion|transformacion|reparacion)"), True),
    # The IVA/IEPS credit on temporary imports (LIVA 28-A, LIEPS 15-A) is the maquila regime.
    ("immex", STRONG, "temporal", re.compile(
        r"(iva|ieps)[^.;]{0,60}importacion(es)? temporal|importacion(es)? temporal(es)?[^.;]{0,60}"
        r"\b(iva|ieps)\b"), True),
    ("immex", STRONG, "28-a", re.compile(r"\b28-a de la ley del (iva|impuesto al valor)"), True),
    ("immex", STRONG, "15-a", re.compile(r"\b15-a de la ley del (ieps|impuesto especial)"), True),
    ("labor", NEG, "-tur-", re.compile(r"\bnom-?\d{1,3}-tur-"), False),
    ("*", VETO, "ref:", re.compile(r"\bref: ?\d{5,}"), False),
    # A NOM whose title speaks of importation is applied at the point of entry (guidelines);
    # one that does not (textile labelling) is not a customs item.
    ("customs", STRONG, "import", re.compile(
        r"\b(nom-|norma oficial mexicana)[^;]{0,250}?\bimport(acion|aciones|ar|en|ados?|adas?)\b"),
     False),
    ("customs", MEDIUM, "csms", re.compile(r"\bcsms ?#? ?\d"), False),
    ("customs", MEDIUM, "19 cfr", re.compile(r"\b19 cfr\b"), False),
    # US excise taxes collected on imports are customs as well as tax (guidelines).
    ("customs", STRONG, "excise tax", re.compile(
        r"excise tax(es)?\b[^.]{0,120}\bimport|\bimport(ed|s)?\b[^.]{0,80}excise tax"), False),
    ("customs", STRONG, "chapter 99", re.compile(r"\bchapter 99\b"), False),
)

HIGH_IMPACT_PHRASES: frozenset[str] = frozenset({
    "ley aduanera", "ley federal del trabajo", "salarios minimos", "resolucion miscelanea fiscal",
    "reglas generales de comercio exterior", "impuestos generales de importacion y de exportacion",
    "codigo fiscal de la federacion", "section 232", "section 301", "ieepa", "reciprocal tariffs",
    "usmca", "t-mec", "de minimis", "repse", "subcontratacion", "ley del seguro social",
})
