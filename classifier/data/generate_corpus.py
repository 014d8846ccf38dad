# ruff: noqa: E501  (vocabulary and title templates read better unbroken; this is data)
"""Generate the project's own training corpus (templates x hand-written vocabulary).

Run `python classifier/data/generate_corpus.py` to rewrite the committed JSON-lines files.
The output is deterministic for a given seed, so training on the committed files is
reproducible. Every phrase here was written for the project in the style of the sources
(DOF titles, SAT/gob.mx headlines, CSMS subjects, Federal Register titles and abstracts);
none is copied from the reference captures.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
T = TypeVar("T")
SEED = 20260511

SHCP = "SECRETARIA DE HACIENDA Y CREDITO PUBLICO"
SE = "SECRETARIA DE ECONOMIA"
STPS = "SECRETARIA DEL TRABAJO Y PREVISION SOCIAL"
IMSS = "INSTITUTO MEXICANO DEL SEGURO SOCIAL"
INFONAVIT = "INSTITUTO DEL FONDO NACIONAL DE LA VIVIENDA PARA LOS TRABAJADORES"
EJECUTIVO = "PODER EJECUTIVO"
LEGISLATIVO = "PODER LEGISLATIVO"
BANXICO = "BANCO DE MEXICO"
SADER = "SECRETARIA DE AGRICULTURA Y DESARROLLO RURAL"
SSA = "SECRETARIA DE SALUD"
SEMARNAT = "SECRETARIA DE MEDIO AMBIENTE Y RECURSOS NATURALES"
ANAM = "AGENCIA NACIONAL DE ADUANAS DE MEXICO"
CONASAMI = "COMISION NACIONAL DE LOS SALARIOS MINIMOS"
INEGI = "INSTITUTO NACIONAL DE ESTADISTICA Y GEOGRAFIA"
JUDICIAL = "PODER JUDICIAL"
AVISOS = "AVISOS"
ISSSTE = "INSTITUTO DE SEGURIDAD Y SERVICIOS SOCIALES DE LOS TRABAJADORES DEL ESTADO"
SENER = "SECRETARIA DE ENERGIA"
SEGOB = "SECRETARIA DE GOBERNACION"
SCT = "SECRETARIA DE INFRAESTRUCTURA, COMUNICACIONES Y TRANSPORTES"
SEDENA = "SECRETARIA DE LA DEFENSA NACIONAL"
FUNCION = "SECRETARIA ANTICORRUPCION Y BUEN GOBIERNO"
CNDH = "COMISION NACIONAL DE LOS DERECHOS HUMANOS"
TFJA = "TRIBUNAL FEDERAL DE JUSTICIA ADMINISTRATIVA"
SEP = "SECRETARIA DE EDUCACION PUBLICA"
CRE = "COMISION NACIONAL DE ENERGIA"

YEARS = [str(y) for y in range(2012, 2027)]
ORDINALS = [
    "PRIMERA",
    "SEGUNDA",
    "TERCERA",
    "CUARTA",
    "QUINTA",
    "SEXTA",
    "SEPTIMA",
    "OCTAVA",
    "NOVENA",
    "DÉCIMA",
]
ORD_EN = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh"]
MONTHS = [
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
ESTADOS = [
    "Baja California",
    "Chihuahua",
    "Coahuila de Zaragoza",
    "Nuevo León",
    "Sonora",
    "Tamaulipas",
    "Jalisco",
    "Querétaro",
    "Guanajuato",
    "Aguascalientes",
    "San Luis Potosí",
    "Puebla",
    "Estado de México",
    "Yucatán",
    "Durango",
    "Zacatecas",
    "Oaxaca",
    "Veracruz de Ignacio de la Llave",
    "Sinaloa",
    "Michoacán de Ocampo",
]
CIUDADES = [
    "Tijuana",
    "Ciudad Juárez",
    "Nogales",
    "Reynosa",
    "Matamoros",
    "Nuevo Laredo",
    "Mexicali",
    "Piedras Negras",
    "Ciudad Acuña",
    "Agua Prieta",
    "Manzanillo",
    "Lázaro Cárdenas",
    "Veracruz",
    "Altamira",
    "Colombia",
    "Tecate",
    "San Luis Río Colorado",
]
PAISES = [
    "la República Popular China",
    "los Estados Unidos de América",
    "la República de Corea",
    "Japón",
    "la República Federal de Alemania",
    "Taipei Chino",
    "la India",
    "la República Federativa de Brasil",
    "la Federación de Rusia",
    "Ucrania",
    "el Reino de España",
    "la República de Indonesia",
    "Vietnam",
    "Tailandia",
]
PRODUCTOS = [
    "lámina rolada en frío",
    "tubería de acero sin costura",
    "placa de acero en hoja",
    "alambrón de hierro o acero sin alear",
    "sulfato de amonio",
    "vajillas de cerámica",
    "poliestireno cristal",
    "hule sintético",
    "aceros planos recubiertos",
    "malla hexagonal de alambre",
    "cable de acero",
    "ácido cítrico",
    "papel bond",
    "sosa cáustica",
    "llantas para automóvil",
    "ferromanganeso",
    "tela de mezclilla",
    "conexiones de acero al carbono",
    "varilla corrugada",
    "lápices de grafito",
    "calzado de piel",
    "bicicletas",
    "hojas de aluminio",
    "electrodos de grafito",
]
MERCANCIAS = [
    "carne de bovino",
    "frijol",
    "azúcar",
    "leche en polvo",
    "maíz amarillo",
    "aguacate",
    "manzana",
    "pierna y muslo de pollo",
    "café verde",
    "arroz",
    "vehículos usados",
    "neumáticos usados",
    "acero",
    "textiles y prendas de vestir",
    "calzado",
    "juguetes",
    "mercancías sensibles",
    "productos siderúrgicos",
    "hidrocarburos",
    "aceite de palma",
    "semilla de soya",
    "algodón",
]
PRODUCTS_EN = [
    "Certain Cold-Rolled Steel Flat Products",
    "Aluminum Extrusions",
    "Certain Oil Country Tubular Goods",
    "Wooden Cabinets and Vanities",
    "Quartz Surface Products",
    "Utility Scale Wind Towers",
    "Steel Concrete Reinforcing Bar",
    "Crystalline Silicon Photovoltaic Cells",
    "Stainless Steel Sheet and Strip",
    "Certain Softwood Lumber Products",
    "Polyethylene Terephthalate Resin",
    "Certain Paper Plates",
    "Forged Steel Fittings",
    "Hardwood and Decorative Plywood",
    "Brake Drums",
    "Glycine",
    "Tomatoes",
    "Fresh Garlic",
    "Honey",
    "Mattresses",
    "Certain Tool Chests and Cabinets",
    "Light-Walled Rectangular Pipe and Tube",
    "Chassis and Subassemblies Thereof",
    "Thermal Paper",
    "Overhead Door Counterbalance Torsion Springs",
]
COUNTRIES_EN = [
    "the People's Republic of China",
    "Mexico",
    "the Republic of Korea",
    "India",
    "Vietnam",
    "Taiwan",
    "Turkey",
    "Brazil",
    "Canada",
    "Malaysia",
    "Thailand",
    "Indonesia",
    "Germany",
    "Japan",
    "the Socialist Republic of Vietnam",
    "Italy",
]
PORTS_EN = [
    "Laredo, Texas",
    "Otay Mesa, California",
    "Nogales, Arizona",
    "El Paso, Texas",
    "Calexico, California",
    "Eagle Pass, Texas",
    "Brownsville, Texas",
    "Santa Teresa, New Mexico",
    "Port of Houston",
    "Port of Long Beach",
    "Detroit, Michigan",
    "Pharr, Texas",
]
COMPANIES_EN = [
    "Inspectorate America Corporation",
    "SGS North America, Inc.",
    "Intertek USA, Inc.",
    "Camin Cargo Control, Inc.",
    "AmSpec LLC",
    "Saybolt LP",
    "King Laboratories, Inc.",
    "Chem-Lab Gauging Services",
    "Gulf Coast Petroleum Inspection Co.",
]


def pick(rng: random.Random, seq: Sequence[T]) -> T:
    """Return one element of `seq`."""
    return rng.choice(seq)


def dmy(rng: random.Random) -> str:
    """A Spanish long date."""
    return f"{rng.randint(1, 28)} de {pick(rng, MONTHS)} de {pick(rng, YEARS)}"


def mdy(rng: random.Random) -> str:
    """An English long date."""
    return f"{pick(rng, MONTHS_EN)} {rng.randint(1, 28)}, {pick(rng, YEARS)}"


def annexes(rng: random.Random, allowed: list[str], k: tuple[int, int] = (1, 5)) -> str:
    """A Spanish annex list such as '1, 5 y 22'."""
    chosen = sorted(set(rng.sample(allowed, rng.randint(*k))), key=lambda a: (len(a), a))
    return chosen[0] if len(chosen) == 1 else ", ".join(chosen[:-1]) + " y " + chosen[-1]


def immex_annexes(rng: random.Random) -> str:
    """An annex list that names at least one IMMEX annex (24, 30, 31)."""
    chosen = set(rng.sample(RGCE_PLAIN_ANNEX, rng.randint(1, 4)))
    chosen.add(rng.choice(RGCE_IMMEX_ANNEX))
    items = sorted(chosen, key=lambda a: (len(a), a))
    return ", ".join(items[:-1]) + " y " + items[-1]


def nom_key(rng: random.Random, suffix: str) -> str:
    """An invented NOM key like NOM-031-STPS-2011."""
    return f"NOM-{rng.randint(1, 140):03d}-{suffix}-{pick(rng, YEARS)}"


# ----------------------------------------------------------------- customs (es)
RGCE_PLAIN_ANNEX = [
    "1",
    "1-A",
    "2",
    "3",
    "4",
    "5",
    "6",
    "10",
    "14",
    "15",
    "16",
    "17",
    "19",
    "21",
    "22",
    "23",
    "25",
    "26",
    "27",
]
# Guidelines: only annexes 24, 30 and 31 named in a title make an RGCE item immex.
RGCE_IMMEX_ANNEX = ["24", "30", "31"]


def customs_es(rng: random.Random) -> tuple[str, str | None, list[str]]:
    """One Spanish customs example: (text, agency, labels)."""
    y = pick(rng, YEARS)
    options: list[Callable[[], tuple[str, str | None]]] = [
        lambda: (
            f"{pick(rng, ORDINALS)} Resolución de Modificaciones a las Reglas Generales de "
            f"Comercio Exterior para {y} y sus anexos {annexes(rng, RGCE_PLAIN_ANNEX)}.",
            SHCP,
        ),
        lambda: (f"Reglas Generales de Comercio Exterior para {y}.", SHCP),
        lambda: (
            f"Anexo 22 de las Reglas Generales de Comercio Exterior para {y}, Instructivo para "
            "el llenado del pedimento.",
            SHCP,
        ),
        lambda: (
            f"ACLARACIÓN a la {pick(rng, ORDINALS).capitalize()} Resolución de Modificaciones a las "
            f"Reglas Generales de Comercio Exterior para {y}, publicada el {dmy(rng)}.",
            SHCP,
        ),
        lambda: (
            "DECRETO por el que se modifica la Tarifa de la Ley de los Impuestos Generales de "
            "Importación y de Exportación.",
            SE,
        ),
        lambda: (
            "DECRETO por el que se modifica la Tarifa de la Ley de los Impuestos Generales de "
            f"Importación y de Exportación, en relación con {pick(rng, MERCANCIAS)}.",
            SE,
        ),
        lambda: (
            "DECRETO por el que se expide la Ley de los Impuestos Generales de Importación y de "
            "Exportación, y se reforman y adicionan diversas disposiciones de la Ley Aduanera.",
            EJECUTIVO,
        ),
        lambda: (
            f"DECRETO por el que se reforma el artículo {rng.randint(1, 200)} de la Ley Aduanera.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se reforman, adicionan y derogan diversas disposiciones de la "
            "Ley Aduanera.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se reforman y adicionan diversas disposiciones del Reglamento de "
            "la Ley Aduanera.",
            EJECUTIVO,
        ),
        lambda: ("DECRETO por el que se reforma la Ley de Comercio Exterior.", EJECUTIVO),
        lambda: (
            "RESOLUCIÓN final de la investigación antidumping sobre las importaciones de "
            f"{pick(rng, PRODUCTOS)} originarias de {pick(rng, PAISES)}, independientemente del "
            "país de procedencia.",
            SE,
        ),
        lambda: (
            "RESOLUCIÓN por la que se acepta la solicitud de parte interesada y se declara el "
            f"inicio de la investigación antidumping sobre las importaciones de {pick(rng, PRODUCTOS)} "
            f"originarias de {pick(rng, PAISES)}.",
            SE,
        ),
        lambda: (
            "RESOLUCIÓN final del examen de vigencia de las cuotas compensatorias impuestas a "
            f"las importaciones de {pick(rng, PRODUCTOS)} originarias de {pick(rng, PAISES)}.",
            SE,
        ),
        lambda: (
            "RESOLUCIÓN preliminar de la investigación por subvenciones sobre las importaciones de "
            f"{pick(rng, PRODUCTOS)} originarias de {pick(rng, PAISES)}.",
            SE,
        ),
        lambda: (
            f"AVISO sobre la vigencia de cuotas compensatorias que se extinguirán en el año {y}.",
            SE,
        ),
        lambda: (
            f"ACUERDO por el que se da a conocer el cupo para importar {pick(rng, MERCANCIAS)} "
            f"originario de {pick(rng, PAISES)}, durante {y}.",
            SE,
        ),
        lambda: (
            f"ACUERDO por el que se dan a conocer los cupos de importación de {pick(rng, MERCANCIAS)} "
            "con arancel-cupo preferencial al amparo del Tratado entre los Estados Unidos Mexicanos, "
            "los Estados Unidos de América y Canadá.",
            SE,
        ),
        lambda: (
            "ACUERDO por el que la Secretaría de Economía emite reglas y criterios de carácter "
            "general en materia de comercio exterior.",
            SE,
        ),
        lambda: (
            "ACUERDO que modifica al diverso por el que la Secretaría de Economía emite reglas y "
            "criterios de carácter general en materia de Comercio Exterior.",
            SE,
        ),
        lambda: (
            "ACUERDO que establece la clasificación y codificación de mercancías cuya importación "
            f"está sujeta a regulación por parte de la {pick(rng, ['Secretaría de Salud', 'Secretaría de Energía', 'Secretaría de la Defensa Nacional', 'Secretaría de Medio Ambiente y Recursos Naturales'])}.",
            SE,
        ),
        lambda: (
            "ACUERDO por el que se sujeta al requisito de permiso previo de importación "
            f"la mercancía {pick(rng, MERCANCIAS)}.",
            SE,
        ),
        lambda: (
            "ACUERDO que identifica las fracciones arancelarias de la Tarifa de la Ley de los "
            "Impuestos Generales de Importación y de Exportación en las que se clasifican las "
            "mercancías sujetas al cumplimiento de las normas oficiales mexicanas en el punto de "
            "su entrada al país, y en el de su salida.",
            SE,
        ),
        lambda: (
            "ACUERDO por el que se dan a conocer los Números de Identificación Comercial (NICO) y "
            "sus tablas de correlación.",
            SE,
        ),
        lambda: (
            "RESOLUCIÓN por la que se establecen las Reglamentaciones Uniformes relativas a la "
            "interpretación, aplicación y administración de las disposiciones en materia "
            "aduanera del Tratado entre México, Estados Unidos y Canadá (T-MEC).",
            SHCP,
        ),
        lambda: (
            "DECRETO por el que se establecen diversos Programas de Promoción Sectorial (PROSEC).",
            SE,
        ),
        lambda: (
            f"ACUERDO por el que se establece el horario de servicio de la Aduana de {pick(rng, CIUDADES)}.",
            ANAM,
        ),
        lambda: (
            f"ACUERDO por el que se habilita la Sección Aduanera de {pick(rng, CIUDADES)} para el "
            "despacho de mercancías de comercio exterior.",
            ANAM,
        ),
        lambda: (
            "ACUERDO por el que se determina la circunscripción territorial de las aduanas y sus "
            "secciones aduaneras.",
            ANAM,
        ),
        lambda: (
            "ACUERDO por el que se dan a conocer los requisitos para la inscripción en el Padrón "
            "de Importadores de Sectores Específicos.",
            SHCP,
        ),
        lambda: (
            "CONVOCATORIA para obtener la autorización para ejercer la patente de agente aduanal.",
            ANAM,
        ),
        lambda: (
            "NORMA Oficial Mexicana " + nom_key(rng, "FITO") + ", Por la que se establecen los "
            f"requisitos fitosanitarios para la importación de {pick(rng, MERCANCIAS)}.",
            SADER,
        ),
        lambda: (
            "PROYECTO de Norma Oficial Mexicana PROY-" + nom_key(rng, "ZOO") + ", Requisitos "
            f"zoosanitarios para la importación de {pick(rng, MERCANCIAS)} a los Estados Unidos Mexicanos.",
            SADER,
        ),
        lambda: (
            "ACUERDO por el que se establecen los requisitos para la importación de "
            f"{pick(rng, MERCANCIAS)} por las aduanas del país.",
            SADER,
        ),
        lambda: (
            "ACUERDO por el que se modifica el diverso por el que se establece el mecanismo de "
            f"monitoreo de las importaciones de {pick(rng, ['acero', 'productos siderúrgicos', 'calzado', 'textiles'])}.",
            SE,
        ),
        lambda: (
            "DECRETO por el que se otorgan facilidades administrativas en materia aduanera y de "
            "comercio exterior.",
            EJECUTIVO,
        ),
        lambda: (
            "ACUERDO por el que se establece el Aviso Automático de Importación de "
            f"{pick(rng, ['productos siderúrgicos', 'calzado', 'textiles', 'hidrocarburos'])}.",
            SE,
        ),
        lambda: (
            "DECRETO por el que se establece el impuesto general de importación para la región "
            "fronteriza y la franja fronteriza norte.",
            SE,
        ),
        lambda: (
            "ACUERDO por el que se modifican los Lineamientos para la operación de la Ventanilla "
            "Única de Comercio Exterior Mexicana (VUCEM).",
            ANAM,
        ),
        lambda: (
            "DECRETO por el que se aprueba el Protocolo Modificatorio al Tratado de Libre "
            f"Comercio entre los Estados Unidos Mexicanos y {pick(rng, PAISES)}.",
            "SECRETARIA DE RELACIONES EXTERIORES",
        ),
        lambda: (
            "ACUERDO por el que se da a conocer el mecanismo de asignación del cupo para "
            f"exportar {pick(rng, MERCANCIAS)} a los Estados Unidos de América.",
            SE,
        ),
        lambda: (
            "ACUERDO por el que se dan a conocer las reglas de origen aplicables a "
            f"{pick(rng, MERCANCIAS)} en el marco del T-MEC.",
            SE,
        ),
    ]
    text, agency = rng.choice(options)()
    return text, agency, ["customs"]


def customs_es_headline(rng: random.Random) -> tuple[str, str | None, list[str]]:
    """SAT / ANAM / SE gob.mx-style Spanish customs headlines."""
    y = pick(rng, YEARS)
    heads = [
        f"SAT publica la {pick(rng, ORDINALS).capitalize()} Resolución de Modificaciones a las RGCE {y}",
        "ANAM informa sobre la suspensión en el Padrón de Importadores por inconsistencias en pedimentos",
        "Cambios en el llenado del pedimento: entra en vigor la nueva versión del Anexo 22",
        f"Economía modifica aranceles a {pick(rng, MERCANCIAS)} para proteger a la industria nacional",
        f"Aduana de {pick(rng, CIUDADES)} amplía horario para el despacho de mercancías",
        "Se actualizan las fracciones arancelarias sujetas a NOM en el punto de entrada",
        "Economía impone cuota compensatoria a importaciones de "
        f"{pick(rng, PRODUCTOS)} de {pick(rng, PAISES)}",
        "ANAM recuerda requisitos de la manifestación de valor electrónica",
        "Nuevos requisitos para agentes aduanales y agencias aduanales",
        "Entra en vigor la actualización de la TIGIE y los NICO",
        "T-MEC: aviso sobre certificación de origen para exportadores",
        "Economía publica aviso de cupo de importación de " + pick(rng, MERCANCIAS),
    ]
    return pick(rng, heads), pick(rng, ["SAT", ANAM, SE, None]), ["customs"]


# ----------------------------------------------------------------- immex
def immex_es(rng: random.Random) -> tuple[str, str | None, list[str]]:
    """Spanish IMMEX examples with the additive customs/tax labels."""
    y = pick(rng, YEARS)
    options: list[Callable[[], tuple[str, str | None, list[str]]]] = [
        lambda: (
            "DECRETO por el que se reforma el diverso para el Fomento de la Industria "
            "Manufacturera, Maquiladora y de Servicios de Exportación.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO por el que se modifican diversos Decretos de Programas de Promoción "
            "Sectorial y el Decreto para el Fomento de la Industria Manufacturera, Maquiladora y "
            "de Servicios de Exportación.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO por el que se modifica la Tarifa de la Ley de los Impuestos Generales de "
            "Importación y de Exportación, el Decreto IMMEX y el Decreto PROSEC.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO para el Fomento de la Industria Manufacturera, Maquiladora y de Servicios "
            "de Exportación.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO para el fomento y operación de la industria maquiladora de exportación.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "AVISO por el que se dan a conocer los titulares y números de Programas IMMEX "
            f"suspendidos durante {y}.",
            SE,
            ["immex"],
        ),
        lambda: (
            "AVISO mediante el cual se da a conocer la relación de Programas para la Industria "
            "Manufacturera, Maquiladora y de Servicios de Exportación cancelados.",
            SE,
            ["immex"],
        ),
        lambda: (
            f"AVISO sobre la presentación del reporte anual de operaciones de comercio exterior "
            f"de los programas IMMEX correspondiente a {y}.",
            SE,
            ["immex"],
        ),
        lambda: (
            f"{pick(rng, ORDINALS)} Resolución de Modificaciones a las Reglas Generales de "
            f"Comercio Exterior para {y} y sus anexos {immex_annexes(rng)}.",
            SHCP,
            ["customs", "immex"],
        ),
        lambda: (
            f"{pick(rng, ORDINALS)} Resolución de Modificaciones a las Reglas Generales de "
            f"Comercio Exterior para {y} y sus anexos 1, 22 y {pick(rng, ['24', '30', '31'])}.",
            SHCP,
            ["customs", "immex"],
        ),
        lambda: (
            f"Anexo 24 de las Reglas Generales de Comercio Exterior para {y}, Información mínima "
            "del sistema automatizado de control de inventarios.",
            SHCP,
            ["customs", "immex"],
        ),
        lambda: (
            f"Anexo 30 de las Reglas Generales de Comercio Exterior para {y}, Sistema de Control "
            "de Cuentas de Créditos y Garantías.",
            SHCP,
            ["customs", "immex"],
        ),
        # Certification alone is the immex desk's; customs is added only when the title names
        # a customs instrument (the RGCE) as the one that changes.
        lambda: (
            "Reglas para la certificación en materia de IVA e IEPS de empresas con programa "
            "IMMEX, modalidad IVA e IEPS rubros A, AA y AAA.",
            SHCP,
            ["immex"],
        ),
        lambda: (
            f"{pick(rng, ORDINALS)} Resolución de Modificaciones a las Reglas Generales de "
            f"Comercio Exterior para {y}, en materia de certificación en materia de IVA e IEPS.",
            SHCP,
            ["customs", "immex"],
        ),
        lambda: (
            f"{pick(rng, ORDINALS)} Resolución de Modificaciones a la Resolución Miscelánea "
            f"Fiscal para {y} en materia de ISR para empresas maquiladoras.",
            SHCP,
            ["immex", "tax"],
        ),
        lambda: (
            "DECRETO por el que se otorgan estímulos fiscales en materia del impuesto sobre la "
            "renta a empresas que realizan operaciones de maquila.",
            EJECUTIVO,
            ["immex", "tax"],
        ),
        lambda: (
            "RESOLUCIÓN que modifica las reglas de operación de maquila en materia del impuesto "
            "sobre la renta, artículo 182 de la Ley del ISR (safe harbor).",
            SHCP,
            ["immex", "tax"],
        ),
        lambda: (
            "ACUERDO que modifica las reglas y criterios de carácter general en materia de "
            "comercio exterior relativos a los Programas IMMEX y PROSEC.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "ACUERDO por el que se establecen los requisitos para la importación temporal de "
            "mercancías para elaboración, transformación o reparación al amparo de programas "
            "IMMEX.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "RESOLUCIÓN por la que se otorga el crédito fiscal del IVA e IEPS a empresas con "
            "certificación en materia de IVA e IEPS.",
            SHCP,
            ["immex", "tax"],
        ),
        lambda: (
            "Lineamientos para la operación de la modalidad de albergue de los programas IMMEX.",
            SE,
            ["immex"],
        ),
        lambda: (
            "ACUERDO por el que se dan a conocer las reglas de las transferencias virtuales de "
            "mercancías importadas temporalmente por empresas con programa IMMEX.",
            SHCP,
            ["customs", "immex"],
        ),
        *immex_es_more(rng, y),
    ]
    return rng.choice(options)()


IMMEX_ARTICLES = ["3", "4", "5", "8", "11", "14", "21", "24", "25", "27", "29"]
IMMEX_CAUSES = [
    "no presentar el reporte anual de operaciones de comercio exterior",
    "no acreditar el domicilio fiscal registrado",
    "encontrarse en el listado del artículo 69-B del Código Fiscal de la Federación",
    "no contar con la opinión positiva de cumplimiento de obligaciones fiscales",
]


def immex_es_more(
    rng: random.Random, y: str
) -> list[Callable[[], tuple[str, str | None, list[str]]]]:
    """More IMMEX wording: decree amendments, SE programme lists, maquila tax instruments."""
    arts = " y ".join(sorted(rng.sample(IMMEX_ARTICLES, 2), key=int))
    cause = pick(rng, IMMEX_CAUSES)
    ordinal = pick(rng, ORDINALS)
    return [
        lambda: (
            f"DECRETO por el que se reforman los artículos {arts} del Decreto para el Fomento de "
            "la Industria Manufacturera, Maquiladora y de Servicios de Exportación.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO por el que se modifican el Decreto para el Fomento de la Industria "
            "Manufacturera, Maquiladora y de Servicios de Exportación y la Tarifa de la Ley de los "
            "Impuestos Generales de Importación y de Exportación, en materia de mercancías "
            "sensibles.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO que modifica al diverso para el fomento y operación de la industria "
            "maquiladora de exportación.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO que establece programas de importación temporal para producir artículos de "
            "exportación.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO por el que se reforman los decretos de programas de importación temporal "
            "para producir artículos de exportación y de la industria maquiladora.",
            SE,
            ["customs", "immex"],
        ),
        lambda: (
            f"AVISO por el que se comunica la cancelación de Programas IMMEX de las empresas que "
            f"incurrieron en la causal de {cause}.",
            SE,
            ["immex"],
        ),
        lambda: (
            "RELACIÓN de titulares de Programas para la Industria Manufacturera, Maquiladora y de "
            f"Servicios de Exportación suspendidos durante {y}.",
            SE,
            ["immex"],
        ),
        lambda: (
            "AVISO por el que se da a conocer el formato del reporte anual de operaciones de "
            "comercio exterior de las empresas con Programa IMMEX.",
            SE,
            ["immex"],
        ),
        lambda: (
            f"ANEXOS 24 y 31 de la {ordinal} Resolución de Modificaciones a las Reglas Generales de "
            f"Comercio Exterior para {y}.",
            SHCP,
            ["customs", "immex"],
        ),
        lambda: (
            f"Anexo 31 de las Reglas Generales de Comercio Exterior para {y}, Sistema de Control de "
            "Cuentas de Créditos y Garantías.",
            SHCP,
            ["customs", "immex"],
        ),
        lambda: (
            f"Reglas Generales de Comercio Exterior para {y} y sus anexos {immex_annexes(rng)}.",
            SHCP,
            ["customs", "immex"],
        ),
        lambda: (
            "DECRETO por el que se otorga un estímulo fiscal en materia del impuesto empresarial "
            "a tasa única a las empresas maquiladoras.",
            EJECUTIVO,
            ["immex", "tax"],
        ),
        lambda: (
            "DECRETO por el que se exime parcialmente del pago del impuesto sobre la renta a los "
            "contribuyentes que realicen operaciones de maquila.",
            EJECUTIVO,
            ["immex", "tax"],
        ),
        lambda: (
            "DECRETO por el que se exime del pago del impuesto al activo a las empresas con "
            "programa de maquila.",
            EJECUTIVO,
            ["immex", "tax"],
        ),
        lambda: (
            "RESOLUCIÓN que establece reglas para la aplicación del crédito fiscal del IVA e IEPS "
            "en importaciones temporales, artículos 28-A de la Ley del IVA y 15-A de la Ley del "
            "IEPS.",
            SHCP,
            ["immex", "tax"],
        ),
        lambda: (
            f"{ordinal} Resolución de Modificaciones a la Resolución Miscelánea Fiscal para {y}, en "
            "materia de operaciones de maquila y de la declaración informativa de empresas "
            "manufactureras, maquiladoras y de servicios de exportación.",
            SHCP,
            ["immex", "tax"],
        ),
        lambda: (
            f"ACUERDO por el que se dan a conocer los requisitos para obtener la certificación en "
            f"materia de IVA e IEPS bajo la modalidad {pick(rng, ['A', 'AA', 'AAA'])}.",
            SHCP,
            ["immex"],
        ),
        lambda: (
            "LINEAMIENTOS para las empresas de albergue y las empresas extranjeras que operan "
            "bajo su Programa IMMEX.",
            SE,
            ["immex"],
        ),
    ]


def immex_headline(rng: random.Random) -> tuple[str, str | None, list[str], str]:
    """SAT / SE headlines and English trade-press items about IMMEX."""
    y = pick(rng, YEARS)
    heads: list[tuple[str, str | None, list[str], str]] = [
        (
            f"Recuerda presentar el reporte anual IMMEX antes del último día hábil de mayo de {y}",
            SE,
            ["immex"],
            "es",
        ),
        (
            "SAT amplía la vigencia de la certificación en materia de IVA e IEPS",
            "SAT",
            ["immex"],
            "es",
        ),
        ("Economía suspende programas IMMEX de empresas no localizadas", SE, ["immex"], "es"),
        (
            "Nuevo procedimiento para la renovación de la certificación IVA e IEPS de empresas IMMEX",
            "SAT",
            ["immex"],
            "es",
        ),
        (
            "Preguntas frecuentes sobre el Anexo 24 y el control de inventarios de importaciones temporales",
            "SAT",
            ["customs", "immex"],
            "es",
        ),
        (
            "Declaración informativa de empresas manufactureras, maquiladoras y de servicios de "
            "exportación (DIEMSE): plazo de presentación",
            "SAT",
            ["immex", "tax"],
            "es",
        ),
        (
            "Mexico amends the IMMEX Decree to tighten requirements for maquiladora programs",
            None,
            ["customs", "immex"],
            "en",
        ),
        ("Mexico publishes list of suspended IMMEX programs", None, ["immex"], "en"),
        (
            "SAT reminds IMMEX companies of the VAT/IEPS certification renewal deadline",
            None,
            ["immex"],
            "en",
        ),
        (
            "Changes to Annex 24 inventory control requirements for maquiladoras under the RGCE",
            None,
            ["customs", "immex"],
            "en",
        ),
        (
            "Shelter operations under the IMMEX program: what foreign principals must file",
            None,
            ["immex"],
            "en",
        ),
        (
            "Maquiladora safe harbor income tax rules updated in the Miscellaneous Tax Resolution",
            None,
            ["immex", "tax"],
            "en",
        ),
        (
            "Economía publica la relación de programas IMMEX cancelados por no presentar el reporte "
            "anual",
            SE,
            ["immex"],
            "es",
        ),
        (
            "Empresas maquiladoras: cálculo del ISR con la opción de safe harbor del artículo 182",
            "SAT",
            ["immex", "tax"],
            "es",
        ),
        (
            "Mexico's Economy Ministry cancels IMMEX programs that missed the annual report",
            None,
            ["immex"],
            "en",
        ),
        (
            "New SAT rules on the VAT and IEPS tax credit for temporary imports by maquiladoras",
            None,
            ["immex", "tax"],
            "en",
        ),
    ]
    text, agency, labels, lang = rng.choice(heads)
    return text, agency, labels, lang


# ----------------------------------------------------------------- tax (es)
RMF_ANNEX = [
    "1",
    "1-A",
    "3",
    "5",
    "7",
    "8",
    "9",
    "11",
    "14",
    "15",
    "17",
    "19",
    "23",
    "25",
    "25-Bis",
    "27",
]
COMBUSTIBLES = ["gasolinas", "diésel", "gasolina menor a 91 octanos", "combustibles automotrices"]


def tax_es(rng: random.Random) -> tuple[str, str | None, list[str]]:
    """Spanish tax examples."""
    y = pick(rng, YEARS)
    period = f"del {rng.randint(1, 28)} al {rng.randint(1, 28)} de {pick(rng, MONTHS)} de {y}"
    options: list[Callable[[], tuple[str, str | None]]] = [
        lambda: (
            f"Resolución Miscelánea Fiscal para {y} y sus Anexos {annexes(rng, RMF_ANNEX)}.",
            SHCP,
        ),
        lambda: (
            f"{pick(rng, ORDINALS)} Resolución de Modificaciones a la Resolución Miscelánea Fiscal "
            f"para {y} y sus Anexos {annexes(rng, RMF_ANNEX)}.",
            SHCP,
        ),
        lambda: (
            f"ANEXO {pick(rng, RMF_ANNEX)} de la Resolución Miscelánea Fiscal para {y}.",
            SHCP,
        ),
        lambda: (
            f"Resolución de Facilidades Administrativas para los sectores de contribuyentes "
            f"que en la misma se señalan para {y}.",
            SHCP,
        ),
        lambda: (
            "ACUERDO por el que se dan a conocer los porcentajes, los montos del estímulo fiscal "
            "y las cuotas disminuidas del impuesto especial sobre producción y servicios, así "
            f"como las cantidades por litro aplicables a los combustibles que se indican, {period}.",
            SHCP,
        ),
        lambda: (
            "ACUERDO por el cual se dan a conocer los montos de los estímulos fiscales "
            f"aplicables a la enajenación de {pick(rng, COMBUSTIBLES)} en la región fronteriza con "
            f"los Estados Unidos de América, {period}.",
            SHCP,
        ),
        lambda: (
            f"ACUERDO por el que se actualizan las cuotas del impuesto especial sobre producción y "
            f"servicios para {y}.",
            SHCP,
        ),
        lambda: ("DECRETO de estímulos fiscales región fronteriza norte.", EJECUTIVO),
        lambda: (
            "DECRETO por el que se modifica el diverso de estímulos fiscales región fronteriza "
            "norte y región fronteriza sur.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se reforman, adicionan y derogan diversas disposiciones de la Ley "
            "del Impuesto sobre la Renta, de la Ley del Impuesto al Valor Agregado, de la Ley del "
            "Impuesto Especial sobre Producción y Servicios y del Código Fiscal de la Federación.",
            EJECUTIVO,
        ),
        lambda: (
            f"DECRETO por el que se reforma el artículo {rng.randint(1, 200)} del Código Fiscal "
            "de la Federación.",
            EJECUTIVO,
        ),
        lambda: (
            f"DECRETO por el que se adiciona una fracción al artículo {rng.randint(1, 40)} de la "
            "Ley del Impuesto al Valor Agregado.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones de la Ley Federal de Derechos.",
            EJECUTIVO,
        ),
        lambda: (f"LEY de Ingresos de la Federación para el Ejercicio Fiscal de {y}.", EJECUTIVO),
        lambda: (
            "DECRETO por el que se reforman y adicionan diversas disposiciones de la Ley de "
            "Coordinación Fiscal.",
            EJECUTIVO,
        ),
        lambda: (
            "CONVENIO de Colaboración Administrativa en Materia Fiscal Federal, que celebran la "
            f"Secretaría de Hacienda y Crédito Público y el Estado de {pick(rng, ESTADOS)}.",
            SHCP,
        ),
        lambda: (
            f"ANEXO No. {rng.randint(1, 20)} al Convenio de Colaboración Administrativa en Materia "
            f"Fiscal Federal, celebrado entre el Gobierno Federal y el Estado de {pick(rng, ESTADOS)}.",
            SHCP,
        ),
        lambda: (
            f"OFICIO 500-05-{y}-{rng.randint(10000, 99999)} mediante el cual se comunica "
            "listado global definitivo en términos del artículo 69-B del Código Fiscal de la "
            "Federación.",
            SHCP,
        ),
        lambda: (
            "OFICIO mediante el cual se da a conocer el listado de contribuyentes que se ubicaron "
            "en el supuesto del artículo 69-B Bis del Código Fiscal de la Federación.",
            SHCP,
        ),
        lambda: (f"TASA de recargos vigente para el mes de {pick(rng, MONTHS)} de {y}.", SHCP),
        lambda: (
            "DECRETO por el que se otorgan estímulos fiscales a la producción y distribución "
            "cinematográfica nacional.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se otorgan beneficios fiscales a los contribuyentes que se indican.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones de la Ley de Ingresos sobre "
            "Hidrocarburos.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se reforman la Ley de Amparo y el Código Fiscal de la Federación.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se expide la Ley de Miscelánea en Materia Mercantil y se reforma "
            "la Ley Federal de Derechos.",
            EJECUTIVO,
        ),
        lambda: ("REGLAMENTO de la Ley del Impuesto sobre la Renta.", EJECUTIVO),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones del Reglamento del Código "
            "Fiscal de la Federación.",
            EJECUTIVO,
        ),
        lambda: (
            "ACUERDO por el que se da a conocer la versión del Anexo 20 de la Resolución "
            "Miscelánea Fiscal, comprobante fiscal digital por Internet (CFDI).",
            SHCP,
        ),
        lambda: (
            "DECRETO por el que se otorga un estímulo fiscal en materia del impuesto al valor "
            f"agregado a los contribuyentes de {pick(rng, ESTADOS)} afectados por fenómenos naturales.",
            EJECUTIVO,
        ),
        lambda: (
            "RESOLUCIÓN por la que se expiden los formatos oficiales de los avisos e "
            "informaciones que deben presentarse en cumplimiento de la Ley del ISR.",
            SHCP,
        ),
        lambda: (bundled_decree(rng, pick(rng, TAX_LAWS)), EJECUTIVO),
        lambda: (
            "DECRETO por el que se reforman y adicionan diversas disposiciones de la Ley Orgánica "
            "de la Procuraduría de la Defensa del Contribuyente.",
            EJECUTIVO,
        ),
    ]
    text, agency = rng.choice(options)()
    return text, agency, ["tax"]


TAX_LAWS = [
    "la Ley de Coordinación Fiscal",
    "la Ley Federal de Derechos",
    "el Código Fiscal de la Federación",
    "la Ley del Impuesto sobre la Renta",
    "la Ley del Impuesto al Valor Agregado",
]
NON_TAX_LAWS = [
    "la Ley Federal de Presupuesto y Responsabilidad Hacendaria",
    "la Ley General de Deuda Pública",
    "la Ley General de Sociedades Mercantiles",
    "la Ley de Inversión Extranjera",
    "el Código de Comercio",
    "la Ley Orgánica de la Administración Pública Federal",
    "la Ley de Instituciones de Crédito",
    "la Ley del Mercado de Valores",
    "la Ley General de Contabilidad Gubernamental",
]


def bundled_decree(rng: random.Random, tax_law: str | None) -> str:
    """A reform decree over several laws; a tax law among them makes the whole item tax."""
    laws = rng.sample(NON_TAX_LAWS, rng.randint(1, 3)) + ([tax_law] if tax_law else [])
    rng.shuffle(laws)
    listed = ", de ".join(laws[:-1]) + " y de " + laws[-1] if len(laws) > 1 else laws[0]
    verb = pick(rng, ["se reforman", "se reforman, adicionan y derogan", "se adicionan"])
    return f"DECRETO por el que {verb} diversas disposiciones de {listed}."


def tax_headline(rng: random.Random) -> tuple[str, str | None, list[str]]:
    """SAT-style Spanish tax headlines."""
    y = pick(rng, YEARS)
    heads = [
        f"SAT publica la Resolución Miscelánea Fiscal para {y}",
        f"Declaración anual {y}: personas morales deben presentarla a más tardar el 31 de marzo",
        "Nueva versión del CFDI 4.0 y del complemento de nómina",
        "El SAT actualiza el listado de contribuyentes con operaciones inexistentes (69-B)",
        "Opinión de cumplimiento de obligaciones fiscales: cambios en la regla 2.1.37",
        "Estímulo fiscal de IVA e ISR en la región fronteriza norte: requisitos para renovar el aviso",
        "SAT informa las cuotas semanales del IEPS a combustibles",
        "Buzón Tributario: nuevas obligaciones para contribuyentes",
        "Precios de transferencia: SAT publica criterios normativos",
        "Devoluciones de saldos a favor de IVA: SAT agiliza el trámite",
    ]
    return pick(rng, heads), pick(rng, ["SAT", SHCP, None]), ["tax"]


# ----------------------------------------------------------------- labor (es)
NOM_STPS_TOPICS = [
    "Condiciones de seguridad e higiene en los centros de trabajo donde se manejen sustancias químicas",
    "Factores de riesgo psicosocial en el trabajo-Identificación, análisis y prevención",
    "Equipo de protección personal-Selección, uso y manejo en los centros de trabajo",
    "Electricidad estática en los centros de trabajo-Condiciones de seguridad",
    "Trabajos en altura-Condiciones de seguridad",
    "Colores y señales de seguridad e higiene, e identificación de riesgos por fluidos conducidos en tuberías",
    "Prevención y protección contra incendios en los centros de trabajo",
    "Condiciones de seguridad para la prevención y protección contra incendios",
    "Recipientes sujetos a presión, recipientes criogénicos y generadores de vapor o calderas",
    "Ruido en los centros de trabajo-Condiciones de seguridad e higiene",
    "Manejo y almacenamiento de materiales-Condiciones de seguridad y salud en el trabajo",
    "Servicios preventivos de seguridad y salud en el trabajo",
    "Ergonomía-Identificación, análisis, prevención y control de factores de riesgo ergonómico",
    "Sistema armonizado para la identificación y comunicación de peligros y riesgos por sustancias químicas peligrosas",
    "Iluminación en los centros de trabajo",
    "Condiciones térmicas elevadas o abatidas-Condiciones de seguridad e higiene",
    "Mantenimiento de las instalaciones eléctricas en los centros de trabajo",
    "Soldadura y corte-Condiciones de seguridad e higiene",
    "Teletrabajo-Condiciones de seguridad y salud en el trabajo",
]


def labor_es(rng: random.Random) -> tuple[str, str | None, list[str]]:
    """Spanish labor examples."""
    y = pick(rng, YEARS)
    nom = nom_key(rng, "STPS")
    topic = pick(rng, NOM_STPS_TOPICS)
    options: list[Callable[[], tuple[str, str | None, list[str]]]] = [
        lambda: (f"NORMA Oficial Mexicana {nom}, {topic}.", STPS, ["labor"]),
        lambda: (f"PROYECTO de Norma Oficial Mexicana PROY-{nom}, {topic}.", STPS, ["labor"]),
        lambda: (
            f"RESPUESTA a los comentarios recibidos respecto del Proyecto de Norma Oficial "
            f"Mexicana PROY-{nom}, {topic}.",
            STPS,
            ["labor"],
        ),
        lambda: (
            f"ACLARACIÓN a la Norma Oficial Mexicana {nom}, {topic}, publicada el {dmy(rng)}.",
            STPS,
            ["labor"],
        ),
        lambda: (
            f"PROCEDIMIENTO alternativo autorizado por la Secretaría del Trabajo y Previsión "
            f"Social para la Norma Oficial Mexicana {nom}, {topic}.",
            STPS,
            ["labor"],
        ),
        lambda: (
            f"AVISO por el que se da a conocer el Programa Nacional de Infraestructura de la "
            f"Calidad en materia de normas de seguridad y salud en el trabajo para {y}.",
            STPS,
            ["labor"],
        ),
        lambda: (
            "RESOLUCIÓN del H. Consejo de Representantes de la Comisión Nacional de los Salarios "
            "Mínimos que fija los salarios mínimos generales y profesionales vigentes a partir del "
            f"1 de enero de {y}.",
            CONASAMI,
            ["labor"],
        ),
        lambda: (
            "RESOLUCIÓN que fija el salario mínimo general para la Zona Libre de la Frontera "
            f"Norte vigente a partir del 1 de enero de {y}.",
            CONASAMI,
            ["labor"],
        ),
        lambda: (
            "DECRETO por el que se reforman, adicionan y derogan diversas disposiciones de la Ley "
            "Federal del Trabajo.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            f"DECRETO por el que se reforman los artículos {rng.randint(60, 80)} y "
            f"{rng.randint(81, 99)} de la Ley Federal del Trabajo, en materia de vacaciones.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            "DECRETO por el que se reforma el artículo 123 apartado A de la Constitución Política "
            "de los Estados Unidos Mexicanos, en materia de reducción de la jornada laboral.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones de la Ley Federal del Trabajo, "
            "en materia de plataformas digitales.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones en materia de subcontratación "
            "laboral.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            "ACUERDO por el que se dan a conocer las disposiciones de carácter general para el "
            "registro de personas físicas o morales que presten servicios especializados o "
            "ejecuten obras especializadas (REPSE).",
            STPS,
            ["labor"],
        ),
        lambda: (
            "ACUERDO por el que se reforman las disposiciones del Registro de Prestadoras de "
            "Servicios Especializados u Obras Especializadas.",
            STPS,
            ["labor"],
        ),
        lambda: (
            "DECRETO por el que se reforman y adicionan diversas disposiciones de la Ley del "
            "Seguro Social.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones de la Ley del Instituto del "
            "Fondo Nacional de la Vivienda para los Trabajadores.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            "ACUERDO ACDO.AS2.HCT."
            + f"{rng.randint(100000, 999999)}/{rng.randint(1, 400)}.P.DIR dictado "
            "por el H. Consejo Técnico en sesión ordinaria, por el que se aprueban las reglas "
            "para el pago de cuotas obrero-patronales.",
            IMSS,
            ["labor"],
        ),
        lambda: (
            "ACUERDO del H. Consejo Técnico del Instituto Mexicano del Seguro Social por el que se "
            "aprueba el esquema de incorporación de personas trabajadoras del hogar.",
            IMSS,
            ["labor"],
        ),
        lambda: (
            "REGLAS para el otorgamiento de créditos a los trabajadores derechohabientes del "
            "Instituto del Fondo Nacional de la Vivienda para los Trabajadores.",
            INFONAVIT,
            ["labor"],
        ),
        lambda: (
            "RESOLUCIÓN por la que se determina el porcentaje de aportaciones patronales al "
            "INFONAVIT.",
            INFONAVIT,
            ["labor"],
        ),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones de la Ley de los Sistemas de "
            "Ahorro para el Retiro.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            "RESOLUCIÓN de la Comisión Nacional para la Participación de los Trabajadores en las "
            "Utilidades de las Empresas.",
            STPS,
            ["labor"],
        ),
        lambda: (
            "ACUERDO por el que se emiten los lineamientos para el registro de contratos "
            "colectivos de trabajo y reglamentos interiores de trabajo ante el Centro Federal de "
            "Conciliación y Registro Laboral.",
            "CENTRO FEDERAL DE CONCILIACION Y REGISTRO LABORAL",
            ["labor"],
        ),
        lambda: (
            "ACUERDO por el que se da a conocer el Estándar de Competencia EC"
            f"{rng.randint(100, 1600):04d} del Consejo Nacional de Normalización y Certificación de "
            "Competencias Laborales.",
            "CONSEJO NACIONAL DE NORMALIZACION Y CERTIFICACION DE COMPETENCIAS LABORALES",
            ["labor"],
        ),
        lambda: (
            "ACUERDO por el que se emiten las Reglas de Operación del Programa Jóvenes "
            f"Construyendo el Futuro para el ejercicio fiscal {y}.",
            STPS,
            ["labor"],
        ),
        lambda: (
            "ACUERDO por el que se establecen los lineamientos de operación del Servicio Nacional "
            "de Empleo.",
            STPS,
            ["labor"],
        ),
        lambda: (
            "DECRETO por el que se reforma la Ley Federal del Trabajo, en materia de "
            f"{pick(rng, ['licencias de paternidad', 'trabajo en el hogar', 'teletrabajo', 'prima dominical', 'trabajadores agrícolas', 'aguinaldo', 'silla para trabajar'])}.",
            EJECUTIVO,
            ["labor"],
        ),
        lambda: (
            "VALOR de la Unidad de Medida y Actualización (UMA) que estará vigente a partir del "
            f"1 de febrero de {y}.",
            INEGI,
            ["labor", "tax"],
        ),
        lambda: (
            "SÍNTESIS de la Recomendación General sobre el salario mínimo y las condiciones "
            "laborales de las personas trabajadoras.",
            CNDH,
            ["labor"],
        ),
        lambda: (
            "ACUERDO por el que se publican los Estándares de Competencia aprobados por el Comité "
            f"de Gestión por Competencias de {pick(rng, ['la industria automotriz', 'manufactura eléctrica', 'logística', 'la industria textil'])}.",
            "CONSEJO NACIONAL DE NORMALIZACION Y CERTIFICACION DE COMPETENCIAS LABORALES",
            ["labor"],
        ),
    ]
    return rng.choice(options)()


def labor_headline(rng: random.Random) -> tuple[str, str | None, list[str]]:
    """STPS / IMSS gob.mx headlines."""
    y = pick(rng, YEARS)
    heads = [
        f"Aumenta el salario mínimo en la Zona Libre de la Frontera Norte para {y}",
        "STPS recuerda a los patrones la obligación de aplicar la NOM-035 sobre riesgo psicosocial",
        "Reparto de utilidades: fecha límite para el pago de la PTU",
        "IMSS informa cambios en el cálculo de cuotas obrero-patronales",
        "Renovación del registro REPSE: requisitos y plazos para empresas de servicios especializados",
        "Reforma laboral de vacaciones dignas: lo que deben saber los empleadores",
        "INFONAVIT actualiza el esquema de aportaciones patronales",
        "Jornada laboral de 40 horas: STPS presenta calendario de implementación",
        "Inspecciones de la STPS en centros de trabajo de la industria manufacturera",
    ]
    return pick(rng, heads), pick(rng, [STPS, IMSS, "STPS", None]), ["labor"]


# ----------------------------------------------------------------- customs (en)
CBP_FORMS = [
    "Entry Summary (CBP Form 7501)",
    "Cargo Release (CBP Form 3461)",
    "Request for Information (CBP Form 28)",
    "Application for Foreign Trade Zone Admission (CBP Form 214)",
    "Declaration for Free Entry of Returned American Products (CBP Form 3311)",
    "Importer ID Input Record (CBP Form 5106)",
    "Customs Bond (CBP Form 301)",
    "Drawback Process Regulations",
    "Application To Establish Centralized Examination Station",
    "Inward Cargo Manifest for Vessel Under Five Tons",
    "Declaration of Owner for Merchandise Obtained",
    "Transportation Entry and Manifest of Goods Subject to CBP Inspection and Permit (CBP Form 7512)",
    "Vessel Entrance or Clearance Statement",
    "Certificate of Origin for Textile Goods",
]
CSMS_SUBJECTS = [
    "ACE Deployment: New Functionality for Entry Summary Processing",
    "UPDATED GUIDANCE: Section 232 Duties on Steel and Aluminum Derivative Products",
    "Guidance: Additional Duties on Products of China under Section 301",
    "Implementation of Reciprocal Tariffs under IEEPA: Chapter 99 Headings",
    "USMCA Implementation: Rules of Origin Guidance for Importers",
    "Reminder: CATAIR Changes for ABI Filers",
    "De Minimis Shipments: Suspension of Duty-Free Treatment under Section 321",
    "Antidumping and Countervailing Duty Messages: Cash Deposit Rate Updates",
    "Withhold Release Order Issued Against Goods Produced with Forced Labor",
    "Quota Status Report for Tariff-Rate Quota Commodities",
    "ACE Outage Notification: Cargo Release and Entry Summary Unavailable",
    "Harbor Maintenance Fee Quarterly Payment Reminder",
    "Merchandise Processing Fee Adjustment for Fiscal Year",
    "Trade Remedy Entries: Instructions for Filing Type 03 Entries",
    "Updated Guidance on Steel Melted and Poured Country of Origin Reporting",
    "FTZ Admissions: New Requirements for Privileged Foreign Status",
    "In-Bond Regulations: Reminder on Arrival and Export Reporting",
    "GSP Expiration: Filing Instructions for Claims",
    "Automated Commercial Environment (ACE) Portal Enhancements for Brokers",
    "Customs Broker License Examination Results and Continuing Education Requirements",
    "Entry Type 86 Test Modification",
    "Drawback Claims Filing Deadline under TFTEA",
    "CTPAT Trade Compliance Program Updates",
    "PGA Message Set: FDA and USDA Filing Requirements in ACE",
    "Tariff Classification Guidance for Electric Vehicle Batteries",
]
ABSTRACT_CBP = [
    "U.S. Customs and Border Protection (CBP) will be submitting the following information "
    "collection request to the Office of Management and Budget (OMB) for review and approval "
    "in accordance with the Paperwork Reduction Act of 1995.",
    "This document amends the U.S. Customs and Border Protection (CBP) regulations to update "
    "requirements for importers of record and customs brokers filing entries.",
    "This notice announces the importation procedures and filing requirements for merchandise "
    "subject to additional duties.",
    "This document provides notice that CBP is adjusting certain customs user fees and limitations "
    "for Fiscal Year {y}.",
]


def customs_en(rng: random.Random) -> tuple[str, str, list[str]]:
    """English customs examples: (text, source, labels)."""
    y = pick(rng, YEARS)
    prod, ctry = pick(rng, PRODUCTS_EN), pick(rng, COUNTRIES_EN)
    num = f"{y[-2:]}-{rng.randint(100, 999999):06d}"
    options: list[Callable[[], tuple[str, str]]] = [
        lambda: (
            f"CSMS # {num} - {pick(rng, CSMS_SUBJECTS)}. {pick(rng, ['Please be advised that', 'This message provides', 'Effective immediately,'])} "
            "CBP is issuing guidance to the trade community on the filing of entries in ACE.",
            "cbp_csms",
        ),
        lambda: (f"CSMS #{num} - {pick(rng, CSMS_SUBJECTS)}", "cbp_csms"),
        lambda: (
            f"Agency Information Collection Activities: {pick(rng, ['Extension', 'Revision', 'New Collection'])}; "
            f"{pick(rng, CBP_FORMS)}. {pick(rng, ABSTRACT_CBP[:1])}",
            "federal_register_cbp",
        ),
        lambda: (
            f"Accreditation and Approval of {pick(rng, COMPANIES_EN)} ({pick(rng, PORTS_EN)}) as a "
            "Commercial Gauger and Laboratory. Notice is hereby given, pursuant to CBP regulations, "
            "that the company has been approved to gauge petroleum and petroleum products for "
            "customs purposes.",
            "federal_register_cbp",
        ),
        lambda: (
            "Quarterly IRS Interest Rates Used in Calculating Interest on Overdue Accounts and "
            "Refunds of Customs Duties. This notice advises the public of the interest rates "
            f"applicable to overdue customs duties for the calendar quarter beginning {mdy(rng)}.",
            "federal_register_cbp",
        ),
        lambda: (
            f"{prod} From {ctry}: Preliminary Results of Antidumping Duty Administrative Review; "
            f"{y}-{int(y) + 1}. The Department of Commerce preliminarily determines that sales of "
            "subject merchandise were made at less than normal value.",
            "federal_register_other",
        ),
        lambda: (
            f"{prod} From {ctry}: Final Affirmative Countervailing Duty Determination. The "
            "Department of Commerce determines that countervailable subsidies are being provided "
            "to producers and exporters of the subject merchandise.",
            "federal_register_other",
        ),
        lambda: (
            f"{prod} From {ctry}: Initiation of Less-Than-Fair-Value Investigation.",
            "federal_register_other",
        ),
        lambda: (f"{prod} From {ctry}: Antidumping Duty Order.", "federal_register_other"),
        lambda: (
            f"{prod} From {ctry}: Final Results of Expedited Sunset Review of the Countervailing "
            "Duty Order.",
            "federal_register_other",
        ),
        lambda: (
            f"{prod} From {ctry}; Institution of Anti-Dumping and Countervailing Duty "
            "Investigations and Scheduling of Preliminary Phase Investigations.",
            "federal_register_other",
        ),
        lambda: (
            f"{prod} From {ctry}: Affirmative Preliminary Determination of Circumvention of the "
            "Antidumping Duty Order.",
            "federal_register_other",
        ),
        lambda: (
            "Initiation of Five-Year (Sunset) Reviews. The Department of Commerce is initiating "
            "the five-year reviews of the antidumping and countervailing duty orders listed in "
            "this notice.",
            "federal_register_other",
        ),
        lambda: (
            f"Certain {pick(rng, ['Semiconductor Devices', 'Smartphones', 'Lithium-Ion Batteries', 'Video Game Consoles', 'LED Lighting Products'])} "
            "and Components Thereof; Notice of Institution of Investigation under Section 337 of "
            "the Tariff Act of 1930.",
            "federal_register_other",
        ),
        lambda: (
            "Notice of Action in the Section 301 Investigation of China's Acts, Policies, and "
            "Practices Related to Technology Transfer. The Office of the United States Trade "
            "Representative is modifying the list of products subject to additional duties.",
            "federal_register_other",
        ),
        lambda: (
            f"Adjusting Imports of {pick(rng, ['Steel', 'Aluminum', 'Copper', 'Timber and Lumber', 'Automobiles and Automobile Parts', 'Semiconductors'])} "
            "Into the United States. By the President of the United States of America: A "
            "Proclamation under Section 232 of the Trade Expansion Act of 1962.",
            "federal_register_other",
        ),
        lambda: (
            "Modifications to the Harmonized Tariff Schedule of the United States. This "
            "proclamation modifies the HTSUS to implement tariff changes.",
            "federal_register_other",
        ),
        lambda: (
            f"Extension of Import Restrictions Imposed on Archaeological and Ethnological Material "
            f"of {pick(rng, ['Peru', 'Guatemala', 'Italy', 'Cyprus', 'Honduras', 'Belize'])}. This "
            "document amends the CBP regulations to reflect an extension of import restrictions.",
            "federal_register_cbp",
        ),
        lambda: (
            f"Notice of Issuance of Final Determination Concerning Country of Origin of "
            f"{pick(rng, ['Certain Office Chairs', 'Network Switches', 'Medical Monitors', 'Printed Circuit Board Assemblies'])}. "
            "This notice advises interested parties that CBP has issued a final determination "
            "for purposes of U.S. Government procurement.",
            "federal_register_cbp",
        ),
        lambda: (
            f"Customs User Fees and Limitations for Fiscal Year {y}. "
            + ABSTRACT_CBP[3].format(y=y),
            "federal_register_cbp",
        ),
        lambda: (
            "Meeting of the Commercial Customs Operations Advisory Committee (COAC). The COAC "
            "will hold its quarterly meeting to discuss trade modernization and CTPAT.",
            "federal_register_cbp",
        ),
        lambda: (
            "Modernized Drawback: Technical Corrections. This document amends the CBP regulations "
            "pertaining to drawback of duties.",
            "federal_register_cbp",
        ),
        lambda: (
            "Foreign-Trade Zone Board: Approval of Subzone Status and Production Activity. An "
            f"application has been submitted to the FTZ Board for subzone status at {pick(rng, PORTS_EN)}.",
            "federal_register_other",
        ),
        lambda: (
            f"Designation of {pick(rng, PORTS_EN)} as a User Fee Facility for Commercial Cargo. "
            "This document designates a port of entry for the clearance of commercial shipments.",
            "federal_register_cbp",
        ),
        lambda: (
            "Implementation of the United States-Mexico-Canada Agreement (USMCA) Uniform "
            "Regulations Regarding Rules of Origin. This interim final rule amends the CBP "
            "regulations to implement the preferential tariff treatment provisions.",
            "federal_register_cbp",
        ),
        lambda: (
            "Distribution of Continued Dumping and Subsidy Offset to Affected Domestic Producers. "
            "This notice announces the intention to distribute assessed antidumping duties.",
            "federal_register_cbp",
        ),
        lambda: (
            "Tonnage Tax and Light Money on Vessel Entries: Technical Amendments.",
            "federal_register_cbp",
        ),
        lambda: (
            "Notice of Bond Sufficiency Requirements for Importers of Merchandise Subject to "
            "Additional Duties. CBP is updating continuous bond sufficiency guidance.",
            "federal_register_cbp",
        ),
        lambda: (
            "African Growth and Opportunity Act (AGOA): Determination of Eligibility for "
            "Preferential Tariff Treatment.",
            "federal_register_other",
        ),
        lambda: (
            "Fiscal Year Tariff-Rate Quota Allocations for Raw Cane Sugar, Refined and "
            "Specialty Sugar, and Sugar-Containing Products.",
            "federal_register_other",
        ),
    ]
    text, source = rng.choice(options)()
    return text, source, ["customs"]


def tax_en(rng: random.Random) -> tuple[str, str, list[str]]:
    """English tax examples, including excise taxes collected on imports (customs+tax)."""
    y = pick(rng, YEARS)
    goods = pick(
        rng,
        [
            "Distilled Spirits",
            "Wine",
            "Beer",
            "Cigars and Cigarettes",
            "Tobacco Products",
            "Certain Chemicals",
            "Sport Fishing Equipment",
            "Heavy Truck Tires",
        ],
    )
    options: list[Callable[[], tuple[str, str, list[str]]]] = [
        lambda: (
            f"{pick(rng, ['Refund', 'Deferral', 'Collection', 'Drawback'])} of Federal Excise Tax "
            f"on Imported {goods}. {pick(rng, ['This document', 'This interim final rule', 'This notice'])} "
            f"{pick(rng, ['amends the CBP regulations on', 'explains the procedures for', 'announces changes to'])} "
            "the excise taxes that CBP collects at entry on imported merchandise.",
            "federal_register_cbp",
            ["customs", "tax"],
        ),
        lambda: (
            f"Excise Tax on Imported {goods}: Reporting on the Entry Summary. Importers must report "
            "the federal excise tax due with the entry summary.",
            pick(rng, ["federal_register_cbp", "cbp_csms"]),
            ["customs", "tax"],
        ),
        lambda: (
            "Refund of Alcohol Excise Tax on Imported Spirits, Wines and Beer. This document amends "
            "the CBP regulations to implement refund procedures for federal excise tax paid on "
            "imported alcohol.",
            "federal_register_cbp",
            ["customs", "tax"],
        ),
        lambda: (
            "Deferred Tax Payments on Consumption Entries of Imported Distilled Spirits. CBP is "
            "modifying the collection of excise taxes on imports.",
            "federal_register_cbp",
            ["customs", "tax"],
        ),
        lambda: (
            f"Guidance on the {pick(rng, ['Section 45X Advanced Manufacturing Production Credit', 'Corporate Alternative Minimum Tax', 'Global Intangible Low-Taxed Income', 'Transfer Pricing Documentation Rules'])}. "
            "This document contains proposed regulations under the Internal Revenue Code relating "
            "to the income tax.",
            "federal_register_other",
            ["tax"],
        ),
        lambda: (
            "Mexico publishes its Miscellaneous Tax Resolution (RMF) for "
            + y
            + ", with new CFDI and VAT withholding rules.",
            "sat",
            ["tax"],
        ),
        lambda: (
            "Mexico extends the Northern Border Region VAT and income tax incentives.",
            "sat",
            ["tax"],
        ),
        lambda: (
            "SAT updates the list of taxpayers with non-existent operations under Article 69-B of "
            "the Federal Tax Code.",
            "sat",
            ["tax"],
        ),
    ]
    return rng.choice(options)()


def labor_en(rng: random.Random) -> tuple[str, str, list[str]]:
    """English labor items: Mexican labor news and rare US employer-obligation items."""
    options: list[tuple[str, str, list[str]]] = [
        (
            "Mexico raises minimum wages, with a higher increase in the Northern Border Free Zone.",
            "sat",
            ["labor"],
        ),
        (
            "Mexico's Federal Labor Law reform extends paid vacation for employees.",
            "sat",
            ["labor"],
        ),
        (
            "Mexico: STPS publishes new workplace safety standard NOM-036-STPS on ergonomics.",
            "sat",
            ["labor"],
        ),
        (
            "Mexico's outsourcing reform: REPSE registration requirements for specialized service providers.",
            "sat",
            ["labor"],
        ),
        (
            "IMSS employer contributions increase under the Social Security Law reform.",
            "sat",
            ["labor"],
        ),
        (
            "Mexico approves constitutional reform to reduce the work week to 40 hours.",
            "sat",
            ["labor"],
        ),
        (
            "Occupational Safety and Health Standards: Heat Injury and Illness Prevention in Outdoor and "
            "Indoor Work Settings. OSHA is proposing a standard for employers.",
            "federal_register_other",
            ["labor"],
        ),
        (
            "Wage and Hour Division: Defining and Delimiting the Exemptions for Executive, "
            "Administrative and Professional Employees.",
            "federal_register_other",
            ["labor"],
        ),
    ]
    return rng.choice(options)


# ----------------------------------------------------------------- hard negatives (es)
LEYES_OTRAS = [
    "Ley General de Salud",
    "Ley General de Educación",
    "Ley de Aguas Nacionales",
    "Ley General de Sociedades Mercantiles",
    "Ley Federal de Protección al Consumidor",
    "Ley de Instituciones de Crédito",
    "Ley General de Población",
    "Ley de Migración",
    "Ley Orgánica de la Administración Pública Federal",
    "Ley General de Víctimas",
    "Ley Federal de Telecomunicaciones y Radiodifusión",
    "Ley de la Industria Eléctrica",
    "Ley General del Equilibrio Ecológico y la Protección al Ambiente",
    "Ley Agraria",
    "Ley de Vivienda",
    "Ley Federal de Procedimiento Administrativo",
    "Ley General de Transparencia y Acceso a la Información Pública",
    "Ley del Servicio Exterior Mexicano",
    "Ley de Protección al Ahorro Bancario",
    "Ley de Hidrocarburos",
    "Ley Federal de Presupuesto y Responsabilidad Hacendaria",
    "Ley General de Deuda Pública",
    "Código Nacional de Procedimientos Penales",
    "Ley Orgánica del Ejército y Fuerza Aérea Mexicanos",
    "Ley General de Protección Civil",
]
NOM_NEG = [
    ("SSA1", "Productos y servicios. Especificaciones sanitarias de los alimentos preenvasados"),
    ("SSA2", "Para la prevención y control de enfermedades transmitidas por vector"),
    ("SSA3", "Del expediente clínico"),
    (
        "SEMARNAT",
        "Que establece los límites máximos permisibles de contaminantes en las descargas de aguas residuales",
    ),
    (
        "SEMARNAT",
        "Que establece las especificaciones de protección ambiental para la exploración minera",
    ),
    (
        "SCFI",
        "Información comercial-Etiquetado de productos textiles, prendas de vestir y sus accesorios",
    ),
    ("SCFI", "Información comercial-Etiquetado general de productos"),
    ("SCFI", "Instrumentos de medición-Sistemas para medición y despacho de gasolina"),
    ("ENER", "Eficiencia energética de refrigeradores y congeladores electrodomésticos"),
    ("SCT", "Para el transporte terrestre de materiales y residuos peligrosos"),
    ("NUCL", "Requerimientos para instalaciones radiactivas"),
    ("SAG/FITO", "Por la que se establece la campaña contra plagas reglamentadas del aguacatero"),
    ("ZOO", "Campaña Nacional contra la tuberculosis bovina"),
    ("PESC", "Pesca responsable en embalses de aguas continentales"),
    ("CONAGUA", "Requisitos durante la construcción de pozos de extracción de agua"),
    ("SE", "Seguridad de juguetes-Requisitos"),
    (
        "SCFI",
        "Prácticas comerciales-Elementos de información para la comercialización de vehículos usados",
    ),
]


def negative_es(rng: random.Random) -> tuple[str, str | None]:
    """Spanish hard negatives and ordinary irrelevant DOF notes."""
    y = pick(rng, YEARS)
    suf, topic = pick(rng, NOM_NEG)
    options: list[Callable[[], tuple[str, str | None]]] = [
        lambda: (
            "TIPO de cambio para solventar obligaciones denominadas en moneda extranjera pagaderas "
            "en la República Mexicana.",
            BANXICO,
        ),
        lambda: ("TASAS de interés interbancarias de equilibrio.", BANXICO),
        lambda: ("VALOR de la unidad de inversión.", BANXICO),
        lambda: (
            "EQUIVALENCIA de las monedas de diversos países con el dólar de los Estados Unidos de "
            f"América, correspondiente al mes de {pick(rng, MONTHS)} de {y}.",
            BANXICO,
        ),
        lambda: (
            "COSTO de captación a plazo de pasivos denominados en dólares de los EUA, a cargo de "
            "las instituciones de banca múltiple del país.",
            BANXICO,
        ),
        lambda: (
            f"ÍNDICE nacional de precios al consumidor correspondiente a {pick(rng, MONTHS)} de {y}.",
            INEGI,
        ),
        lambda: (
            f"ACUERDO por el que se da a conocer el calendario de presupuesto autorizado a la "
            f"{pick(rng, ['Secretaría del Trabajo y Previsión Social', 'Secretaría de Hacienda y Crédito Público', 'Secretaría de Economía', 'Secretaría de Salud'])} "
            f"para el ejercicio fiscal {y}.",
            pick(rng, [STPS, SHCP, SE, SSA]),
        ),
        lambda: (
            f"CALENDARIO mensual de ingresos estimados en la Ley de Ingresos de la Federación para el "
            f"ejercicio fiscal {y}.",
            SHCP,
        ),
        lambda: (
            f"INFORMACIÓN sobre la situación de las finanzas públicas y la deuda pública al "
            f"trimestre de {y}.",
            SHCP,
        ),
        lambda: (
            "OFICIO por el que se autoriza la organización y operación de una unión de crédito.",
            SHCP,
        ),
        lambda: (
            "RESOLUCIÓN por la que se revoca la autorización otorgada a una sociedad financiera "
            "popular.",
            SHCP,
        ),
        lambda: (
            f"CONVOCATORIA a la licitación pública nacional número LA-{rng.randint(100, 999)}-"
            f"{rng.randint(100000, 999999)}-E{rng.randint(1, 99)}-{y} para la adquisición de "
            f"{pick(rng, ['material de oficina', 'equipo médico', 'vehículos', 'servicios de limpieza', 'uniformes'])}.",
            pick(rng, [IMSS, ISSSTE, "SECRETARIA DE MARINA", SEDENA]),
        ),
        lambda: (
            f"EDICTO dirigido a {pick(rng, ['tercero interesado', 'la parte demandada', 'quien resulte propietario'])} "
            f"en el juicio de amparo {rng.randint(100, 2000)}/{y}.",
            JUDICIAL,
        ),
        lambda: ("AVISO notarial de sucesión testamentaria.", AVISOS),
        lambda: ("AVISO de fusión de sociedades mercantiles.", AVISOS),
        lambda: (
            f"SENTENCIA dictada por el Tribunal Pleno en la Acción de Inconstitucionalidad "
            f"{rng.randint(1, 300)}/{y}.",
            "SUPREMA CORTE DE JUSTICIA DE LA NACION",
        ),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones de la Ley Federal de los "
            "Trabajadores al Servicio del Estado, Reglamentaria del Apartado B del Artículo 123 "
            "Constitucional.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se reforman diversas disposiciones de la Ley del Instituto de "
            "Seguridad y Servicios Sociales de los Trabajadores del Estado.",
            EJECUTIVO,
        ),
        lambda: (
            "ACUERDO por el que se modifican las Reglas para el otorgamiento de pensiones del "
            "ISSSTE.",
            ISSSTE,
        ),
        lambda: (
            "DECRETO por el que se reforma la Ley del Instituto de Seguridad Social para las "
            "Fuerzas Armadas Mexicanas.",
            EJECUTIVO,
        ),
        lambda: (
            f"CONVOCATORIA pública y abierta número {rng.randint(1, 99)}/{y} del Sistema de Servicio "
            "Profesional de Carrera para ocupar plazas vacantes.",
            pick(rng, [STPS, SHCP, SE]),
        ),
        lambda: (
            f"ACUERDO por el que se designa al servidor público que suplirá las ausencias del "
            f"Titular del Órgano de Operación Administrativa Desconcentrada en {pick(rng, ESTADOS)}.",
            IMSS,
        ),
        lambda: (
            "CONVENIO de coordinación para la transferencia de la prestación de servicios de "
            f"salud al IMSS-BIENESTAR, que celebran el Estado de {pick(rng, ESTADOS)} y el IMSS.",
            IMSS,
        ),
        lambda: (f"NORMA Oficial Mexicana {nom_key(rng, suf)}, {topic}.", None),
        lambda: (f"PROYECTO de Norma Oficial Mexicana PROY-{nom_key(rng, suf)}, {topic}.", None),
        lambda: (
            f"DECRETO por el que se reforman y adicionan diversas disposiciones de la {pick(rng, LEYES_OTRAS)}.",
            EJECUTIVO,
        ),
        lambda: (
            f"DECRETO por el que se reforma el artículo {rng.randint(1, 300)} de la {pick(rng, LEYES_OTRAS)}.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se declara reformado el artículo 4o. de la Constitución Política "
            "de los Estados Unidos Mexicanos, en materia de bienestar.",
            EJECUTIVO,
        ),
        lambda: (
            "EXTRACTO de la solicitud de registro constitutivo como asociación religiosa de "
            f"Iglesia Cristiana {pick(rng, ['Emanuel', 'Bethel', 'Nueva Vida', 'La Roca'])}, A.R.",
            SEGOB,
        ),
        lambda: (
            f"DECRETO por el que se expropia por causa de utilidad pública una superficie de "
            f"{rng.randint(1, 90)}-{rng.randint(10, 99)}-{rng.randint(10, 99)} hectáreas del ejido "
            f"en {pick(rng, ESTADOS)}.",
            "SECRETARIA DE DESARROLLO AGRARIO, TERRITORIAL Y URBANO",
        ),
        lambda: (
            "RECOMENDACIÓN sobre el caso de violaciones a los derechos humanos a la protección "
            f"de la salud en un hospital de {pick(rng, ESTADOS)}.",
            CNDH,
        ),
        lambda: (
            "ACUERDO de la Junta de Gobierno del Tribunal Federal de Justicia Administrativa por "
            "el que se da a conocer el cambio de domicilio de la Sala Regional.",
            TFJA,
        ),
        lambda: (
            "ACUERDO por el que se da a conocer el presupuesto de la Procuraduría de la Defensa del "
            f"Contribuyente para el ejercicio fiscal {y}.",
            "PROCURADURIA DE LA DEFENSA DEL CONTRIBUYENTE",
        ),
        lambda: (
            "ACUERDO por el que se actualizan los montos del Código de Comercio para el ejercicio.",
            SE,
        ),
        lambda: (
            "ACUERDO por el que se actualiza el monto de ingresos de la sociedad por acciones "
            "simplificada de la Ley General de Sociedades Mercantiles.",
            SE,
        ),
        lambda: (
            "DECLARATORIA de vigencia de la Norma Mexicana NMX-"
            + f"{pick(rng, ['AA', 'CC', 'J', 'R'])}-{rng.randint(1, 300):03d}-SCFI-{y}.",
            SE,
        ),
        lambda: (
            f"RESOLUCIÓN por la que la Comisión Reguladora de Energía otorga permiso de generación "
            f"de energía eléctrica en {pick(rng, ESTADOS)}.",
            CRE,
        ),
        lambda: (
            "ACUERDO por el que se dan a conocer los estudios técnicos de aguas nacionales "
            f"subterráneas del acuífero en {pick(rng, ESTADOS)}.",
            "COMISION NACIONAL DEL AGUA",
        ),
        lambda: (
            f"ACUERDO por el que se emiten las Reglas de Operación del Programa "
            f"{pick(rng, ['Sembrando Vida', 'Producción para el Bienestar', 'La Escuela es Nuestra', 'Vivienda Social'])} "
            f"para el ejercicio fiscal {y}.",
            pick(rng, [SADER, SEP, "SECRETARIA DE BIENESTAR"]),
        ),
        lambda: (
            "LINEAMIENTOS para la integración del padrón de beneficiarios de los programas "
            "sociales.",
            "SECRETARIA DE BIENESTAR",
        ),
        lambda: (
            f"ACUERDO por el que se emite el Programa Sectorial de {pick(rng, ['Salud', 'Energía', 'Turismo', 'Educación'])} {y}-{int(y) + 5}.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se otorgan grados militares y ascensos al personal del Ejército.",
            SEDENA,
        ),
        lambda: (
            f"ACUERDO por el que se da a conocer la relación de precios máximos de venta de gas "
            f"licuado de petróleo para {pick(rng, MONTHS)}.",
            CRE,
        ),
        lambda: (
            "AVISO de deslinde de terreno presuntamente nacional.",
            "SECRETARIA DE DESARROLLO AGRARIO, TERRITORIAL Y URBANO",
        ),
        lambda: (
            f"ACUERDO General del Consejo de la Judicatura Federal relativo a la conclusión de funciones "
            f"del Juzgado de Distrito en {pick(rng, ESTADOS)}.",
            JUDICIAL,
        ),
        lambda: (
            "ACUERDO por el que se establecen los Lineamientos para la contratación de servicios "
            "de telecomunicaciones en la Administración Pública Federal.",
            FUNCION,
        ),
        lambda: (
            "ESTADOS financieros dictaminados del Instituto para la Protección al Ahorro Bancario.",
            SHCP,
        ),
        lambda: (
            "NORMA Oficial Mexicana NOM-004-SE-2021, Información comercial-Etiquetado de productos "
            "textiles, prendas de vestir, sus accesorios y ropa de casa.",
            SE,
        ),
        *negative_es_lookalikes(rng, y),
    ]
    return rng.choice(options)()


def negative_es_lookalikes(
    rng: random.Random, y: str
) -> list[Callable[[], tuple[str, str | None]]]:
    """Irrelevant notes that share a word with a topic: albergue, maquila, seguridad e higiene."""
    return [
        lambda: (
            f"NORMA Oficial Mexicana NOM-{rng.randint(1, 60):03d}-SSA3-{y}, Asistencia social. "
            "Prestación de servicios en albergues para "
            f"{pick(rng, ['personas adultas mayores', 'niñas, niños y adolescentes', 'personas con discapacidad'])}.",
            SSA,
        ),
        lambda: (
            "LINEAMIENTOS para la operación de albergues temporales para personas en situación de "
            "movilidad.",
            SEGOB,
        ),
        lambda: (
            f"PROYECTO de Norma Oficial Mexicana PROY-NOM-{rng.randint(1, 90):03d}-FITO-{y}, "
            "requisitos para la formulación por maquila de plaguicidas de uso agrícola.",
            SADER,
        ),
        lambda: (
            f"NORMA Oficial Mexicana NOM-{rng.randint(1, 12):02d}-TUR-{y}, requisitos de seguridad "
            "e higiene que deben cumplir los prestadores de servicios turísticos de "
            f"{pick(rng, ['buceo', 'campamentos', 'turismo de aventura', 'hospedaje'])}.",
            "SECRETARIA DE TURISMO",
        ),
        lambda: (
            "RELACIÓN de apoyos entregados por el fideicomiso del fondo de apoyo social para ex "
            "trabajadores migratorios.",
            SEGOB,
        ),
        lambda: (bundled_decree(rng, None), EJECUTIVO),
        lambda: (
            "CIRCULAR por la que se dan a conocer las reglas del ingreso temporal de personas de "
            "negocios conforme al T-MEC.",
            SEGOB,
        ),
        *negative_es_internal(rng),
    ]


INTERNAL_BODIES = [
    "la Agencia Nacional de Aduanas de México",
    "el Servicio de Administración Tributaria",
    "la Secretaría del Trabajo y Previsión Social",
    "la Unidad de Prácticas Comerciales Internacionales",
    "el Instituto Mexicano del Seguro Social",
]


def negative_es_internal(rng: random.Random) -> list[Callable[[], tuple[str, str | None]]]:
    """Government-internal acts and press notes of the agencies in the four fields."""
    body = pick(rng, INTERNAL_BODIES)
    city = pick(rng, CIUDADES)
    return [
        lambda: (
            f"ACUERDO por el que se destinan al servicio de {body} los inmuebles que se indican, "
            f"ubicados en {city}.",
            SHCP,
        ),
        lambda: (
            f"ACUERDO por el que se delegan facultades en los servidores públicos de {body}.",
            pick(rng, [SHCP, SE, STPS]),
        ),
        lambda: (f"MANUAL de Organización General de {body}.", pick(rng, [SHCP, SE, STPS])),
        lambda: (f"REGLAMENTO Interior de {body}.", pick(rng, [SHCP, SE, STPS])),
        lambda: (
            f"El titular de {body} se reúne con representantes empresariales de {city}.",
            None,
        ),
    ]


def negative_es_headline(rng: random.Random) -> tuple[str, str | None]:
    """Irrelevant gob.mx press headlines."""
    heads = [
        "SEP anuncia el calendario escolar del próximo ciclo",
        "Salud lanza campaña de vacunación",
        "Banxico publica el tipo de cambio FIX",
        "SAT invita a conocer su nuevo portal de transparencia",
        "Economía presenta informe de inversión extranjera directa",
        "ISSSTE amplía horario de clínicas",
        "STPS firma convenio de colaboración con universidades",
        "IMSS inaugura hospital en Sonora",
        "Hacienda coloca bonos en los mercados internacionales",
        "Conferencia de prensa sobre el informe trimestral de finanzas públicas",
    ]
    return pick(rng, heads), pick(rng, ["SAT", SE, STPS, SHCP, None])


# ----------------------------------------------------------------- hard negatives (en)
def negative_en(rng: random.Random) -> tuple[str, str]:
    """English hard negatives (CBP non-trade items) and ordinary Federal Register items."""
    y = pick(rng, YEARS)
    options: list[Callable[[], tuple[str, str]]] = [
        lambda: (
            "Agency Information Collection Activities: Electronic System for Travel Authorization "
            "(ESTA). U.S. Customs and Border Protection will be submitting the following "
            "information collection request to OMB.",
            "federal_register_cbp",
        ),
        lambda: (
            "Agency Information Collection Activities: Arrival and Departure Record (Forms I-94 and "
            "I-94W). The Department of Homeland Security will be submitting a request.",
            "federal_register_cbp",
        ),
        lambda: (
            "Agency Information Collection Activities: Global Entry and Trusted Traveler Programs.",
            "federal_register_cbp",
        ),
        lambda: (
            "Collection of Biometric Data From Aliens Upon Entry to and Departure From the United "
            "States. DHS is amending regulations on facial biometrics.",
            "federal_register_cbp",
        ),
        lambda: (
            "Agency Information Collection Activities: Passenger List/Crew List. CBP will be "
            "submitting an information collection request.",
            "federal_register_cbp",
        ),
        lambda: (
            "Privacy Act of 1974; System of Records. The Department of Homeland Security proposes "
            "to modify a system of records for CBP law enforcement records.",
            "federal_register_cbp",
        ),
        lambda: (
            f"Notice of Funding Opportunity for Operation Stonegarden Grant Program, Fiscal Year {y}.",
            "federal_register_cbp",
        ),
        lambda: (
            f"Notice of Availability of a Final Environmental Impact Statement for the Modernization "
            f"of the Land Port of Entry at {pick(rng, PORTS_EN)}.",
            "federal_register_cbp",
        ),
        lambda: (
            "Extension of the Declaration Zone Test for Travelers. CBP announces an extension of "
            "the test of passenger declaration zones.",
            "federal_register_cbp",
        ),
        lambda: (
            "Visa Waiver Program: Designation of a Country. DHS announces the designation of a "
            "country for participation in the Visa Waiver Program.",
            "federal_register_cbp",
        ),
        lambda: (
            "CBP Hiring Center: Applicant Medical Questionnaire Form.",
            "federal_register_cbp",
        ),
        lambda: (
            f"Importer of Controlled Substances Application: {pick(rng, ['Cambrex Charles City', 'Noramco', 'Fisher Clinical Services', 'Siegfried USA'])}. "
            "The registrant has applied to be registered as an importer of basic classes of "
            "controlled substances.",
            "federal_register_other",
        ),
        lambda: (
            "Bulk Manufacturer of Controlled Substances Application: Registration.",
            "federal_register_other",
        ),
        lambda: (
            "Application for Final Commitment for a Long-Term Loan or Financial Guarantee in Excess "
            "of $100 Million. The Export-Import Bank of the United States has received an application.",
            "federal_register_other",
        ),
        lambda: (
            f"Airworthiness Directives; {pick(rng, ['The Boeing Company', 'Airbus SAS', 'Embraer S.A.', 'Bombardier, Inc.'])} Airplanes. "
            "The FAA is adopting a new airworthiness directive.",
            "federal_register_other",
        ),
        lambda: (
            f"{pick(rng, ['National Cancer Institute', 'National Institute of Mental Health', 'Center for Scientific Review'])}; "
            "Notice of Closed Meetings.",
            "federal_register_other",
        ),
        lambda: (
            f"{pick(rng, ['Tennessee Gas Pipeline Company, L.L.C.', 'Florida Power & Light Company', 'Northern Natural Gas Company'])}; "
            "Notice of Application and Establishing Intervention Deadline.",
            "federal_register_other",
        ),
        lambda: (
            f"Air Plan Approval; {pick(rng, ['Texas', 'Arizona', 'California', 'Ohio'])}; Regional Haze "
            "State Implementation Plan. The EPA is approving a revision.",
            "federal_register_other",
        ),
        lambda: (
            f"Fisheries of the Exclusive Economic Zone Off Alaska; {pick(rng, ['Pacific Cod', 'Pollock', 'Sablefish'])} "
            "in the Gulf of Alaska. NMFS is prohibiting directed fishing.",
            "federal_register_other",
        ),
        lambda: (
            "Endangered and Threatened Wildlife and Plants; Designation of Critical Habitat.",
            "federal_register_other",
        ),
        lambda: (
            "Safety Zone; Fireworks Display, Lake Michigan. The Coast Guard is establishing a "
            "temporary safety zone.",
            "federal_register_other",
        ),
        lambda: (
            "Medicare Program; Hospital Inpatient Prospective Payment Systems. This proposed rule "
            "would revise the payment policies.",
            "federal_register_other",
        ),
        lambda: (
            "Sunshine Act Meetings. The Commission will hold an open meeting.",
            "federal_register_other",
        ),
        lambda: (
            "Community Development Block Grant Disaster Recovery Grantees; Allocations and Waivers.",
            "federal_register_other",
        ),
        lambda: (
            "Submission for OMB Review; Comment Request: Survey of Household Spending.",
            "federal_register_other",
        ),
        lambda: (
            "Administrative Forfeiture Procedures: Notice of Seizure and Intent To Forfeit.",
            "federal_register_cbp",
        ),
        lambda: (
            "CSMS # " + f"{y[-2:]}-{rng.randint(100, 999999):06d}" + " - Travel Advisory: Land "
            "Border Restrictions for Non-Essential Travel.",
            "cbp_csms",
        ),
        lambda: (
            "CSMS # " + f"{y[-2:]}-{rng.randint(100, 999999):06d}" + " - CBP Announces Holiday "
            "Hours for Headquarters Offices.",
            "cbp_csms",
        ),
        lambda: (
            "Immigration Fees: Adjustment of the Fee Schedule for Applications and Petitions.",
            "federal_register_other",
        ),
        lambda: (
            "National Environmental Policy Act Implementing Procedures. The Department is revising "
            "its NEPA procedures.",
            "federal_register_other",
        ),
        lambda: (
            "Claims for Compensation Under the Federal Employees' Compensation Act. The Office of "
            "Workers' Compensation Programs amends the rules for federal employees' injury "
            "claims.",
            "federal_register_other",
        ),
        lambda: (
            f"Addition of {pick(rng, ['Mezcal', 'Pisco', 'Baijiu', 'Sotol'])} to the Standards of "
            "Identity for Distilled Spirits. The Alcohol and Tobacco Tax and Trade Bureau amends "
            "its labeling regulations.",
            "federal_register_other",
        ),
        lambda: (
            f"{pick(rng, ['Softwood Lumber', 'Honey', 'Mushroom', 'Christmas Tree'])} Promotion, "
            "Research, and Information Order; Referendum Procedures. The Department directs a "
            "referendum among domestic producers and importers.",
            "federal_register_other",
        ),
    ]
    return rng.choice(options)()


# ----------------------------------------------------------------- generic negatives
FR_AGENCIES = [
    "The Department of Veterans Affairs",
    "The Environmental Protection Agency (EPA)",
    "The Federal Aviation Administration (FAA)",
    "The Department of Education",
    "The Food and Drug Administration (FDA)",
    "The National Park Service",
    "The Federal Energy Regulatory Commission",
    "The Department of Housing and Urban Development (HUD)",
    "The National Oceanic and Atmospheric Administration (NOAA)",
    "The Centers for Disease Control and Prevention",
    "The Federal Communications Commission",
    "The Securities and Exchange Commission",
    "The Department of Agriculture",
    "The Bureau of Land Management",
    "The Coast Guard",
    "The Small Business Administration",
    "The Department of Energy",
    "The Census Bureau",
    "The Federal Transit Administration",
    "The Nuclear Regulatory Commission",
]
FR_SUBJECTS = [
    "Loan Guaranty Program",
    "Clean Water State Revolving Fund",
    "Student Assistance General Provisions",
    "Medical Device Reporting",
    "Visitor Use Permits",
    "Hydroelectric License Application",
    "Community Development Block Grants",
    "Marine Mammal Stranding Reports",
    "Vaccine Safety Surveillance",
    "Broadband Data Collection",
    "Investment Adviser Registration",
    "Crop Insurance Reporting",
    "Grazing Permits on Public Lands",
    "Recreational Boating Safety",
    "Disaster Loan Applications",
    "Appliance Energy Conservation Standards",
    "American Community Survey",
    "Transit Asset Management",
    "Reactor Oversight Process",
    "Wildlife Refuge Hunting and Fishing",
    "Pipeline Safety Reporting",
    "Rural Housing Service Loans",
    "Head Start Program Performance",
    "Airport Improvement Program",
]
FR_FRAMES = [
    "Agency Information Collection Activities; Submission for OMB Review; Comment Request; {s}",
    "Agency Information Collection Activities; Proposed Collection; Comment Request: {s}",
    "Proposed Information Collection Request; Comment Request; {s}",
    "Notice of Public Meeting: {s} Advisory Committee",
    "{s}; Final Rule",
    "{s}: Notice of Intent To Prepare an Environmental Assessment",
    "Request for Information on {s}",
    "Meeting of the {s} Federal Advisory Committee",
    "{s}; Proposed Rule; Extension of Comment Period",
    "Notice of Availability of Funds: {s}",
    "Privacy Act of 1974; Matching Program for {s}",
    "{s}; Technical Amendments",
]
FR_ABSTRACTS = [
    "{a} is announcing an opportunity for public comment on the proposed collection of "
    "certain information by the agency. Under the Paperwork Reduction Act of 1995 (PRA), "
    "Federal agencies are required to publish notice in the Federal Register concerning "
    "each proposed collection of information, and to allow 60 days for public comment.",
    "In compliance with the Paperwork Reduction Act of 1995, {a} is submitting to the "
    "Office of Management and Budget (OMB) a request for review of the information "
    "collection described below. The burden estimates include the time for reviewing "
    "instructions, gathering the data needed and completing the form.",
    "{a} proposes to amend its regulations to clarify the requirements that apply to "
    "this program. This action would reduce the burden on the regulated community, "
    "improve transparency and make technical corrections to the existing rule.",
    "{a} is extending the comment period for the proposed rule published on an earlier "
    "date. The extension gives the public additional time to prepare comments.",
    "{a} is announcing the availability of funds and requesting applications from "
    "eligible entities. This notice describes the eligibility criteria, the selection "
    "process and the deadline for submitting an application.",
    "{a} invites interested persons to submit comments on this notice.",
    "{a} is issuing this final rule to update its regulations.",
    "{a} will hold a public meeting; the meeting is open to the public.",
    "No summary provided.",
    "",
]
LEYES_MAS = LEYES_OTRAS + [
    "Código Penal Federal",
    "Código Civil Federal",
    "Código de Justicia Militar",
    "Ley Federal del Derecho de Autor",
    "Reglamento de la Cámara de Diputados",
    "Ley Orgánica del Poder Judicial de la Federación",
    "Ley General de Bienes Nacionales",
    "Ley Federal para Prevenir y Eliminar la Discriminación",
    "Ley de Amparo",
    "Ley General de Partidos Políticos",
    "Ley de Asociaciones Religiosas y Culto Público",
    "Ley Federal de Armas de Fuego y Explosivos",
    "Ley de la Guardia Nacional",
    "Ley General de Cultura Física y Deporte",
    "Ley de Planeación",
    "Ley General de Instituciones y Procedimientos Electorales",
    "Ley Minera",
]
MATERIAS = [
    "seguridad pública",
    "igualdad sustantiva",
    "derechos de la niñez",
    "protección de datos",
    "movilidad y seguridad vial",
    "combate a la corrupción",
    "guardia nacional",
    "pueblos indígenas",
    "reforma del Poder Judicial",
    "prisión preventiva oficiosa",
    "vivienda",
    "bienestar animal",
]
NOM_FRAMES = [
    "NORMA Oficial Mexicana {k}, {t}.",
    "PROYECTO de Norma Oficial Mexicana PROY-{k}, {t}.",
    "RESPUESTA a los comentarios recibidos respecto del Proyecto de Norma Oficial Mexicana PROY-{k}, {t}.",
    "ACLARACIÓN a la Norma Oficial Mexicana {k}, {t}.",
    "AVISO de cancelación de la Norma Oficial Mexicana {k}, {t}.",
    "MODIFICACIÓN a la Norma Oficial Mexicana {k}, {t}.",
]


def negative_fr_generic(rng: random.Random) -> tuple[str, str]:
    """Ordinary Federal Register items of other agencies, in the usual title. abstract form."""
    agency = pick(rng, FR_AGENCIES)
    title = pick(rng, FR_FRAMES).format(s=pick(rng, FR_SUBJECTS))
    abstract = pick(rng, FR_ABSTRACTS).format(a=agency)
    return (f"{title}. {abstract}".strip(), "federal_register_other")


def negative_dof_generic(rng: random.Random) -> tuple[str, str | None]:
    """Ordinary DOF decrees, constitutional reforms and other agencies' NOM notices."""
    suf, topic = pick(rng, NOM_NEG)
    options: list[Callable[[], tuple[str, str | None]]] = [
        lambda: (
            f"DECRETO por el que se reforman, adicionan y derogan diversas disposiciones del "
            f"{pick(rng, LEYES_MAS)}.",
            EJECUTIVO,
        ),
        lambda: (
            f"DECRETO por el que se adiciona una fracción {pick(rng, ['III', 'V', 'VII', 'XII'])} al "
            f"artículo {rng.randint(2, 300)} de la {pick(rng, LEYES_MAS)}.",
            EJECUTIVO,
        ),
        lambda: (
            "DECRETO por el que se reforman y adicionan diversas disposiciones de la Constitución "
            f"Política de los Estados Unidos Mexicanos, en materia de {pick(rng, MATERIAS)}.",
            EJECUTIVO,
        ),
        lambda: (
            f"DECRETO por el que se expide la {pick(rng, LEYES_MAS)} y se reforman diversas "
            "disposiciones de otros ordenamientos.",
            EJECUTIVO,
        ),
        lambda: (
            pick(rng, NOM_FRAMES).format(k=nom_key(rng, suf), t=topic),
            pick(rng, [SSA, SEMARNAT, SE, SCT, SENER, SADER]),
        ),
        lambda: (
            f"ACUERDO por el que se da a conocer el informe de {pick(rng, MATERIAS)} del ejercicio "
            f"{pick(rng, YEARS)}.",
            pick(rng, [SEGOB, FUNCION, SEP]),
        ),
        lambda: (
            f"CONVENIO de coordinación en materia de {pick(rng, MATERIAS)} que celebran la "
            f"{pick(rng, ['Secretaría de Gobernación', 'Secretaría de Salud', 'Secretaría de Bienestar'])} "
            f"y el Estado de {pick(rng, ESTADOS)}.",
            pick(rng, [SEGOB, SSA]),
        ),
    ]
    return rng.choice(options)()


# ----------------------------------------------------------------- assembly
Record = dict[str, object]


def vary_spanish(rng: random.Random, text: str) -> str:
    """Vary casing and punctuation the way DOF titles vary between editions."""
    first, _, rest = text.partition(" ")
    roll = rng.random()
    if roll < 0.25 and first.isupper():
        first = first.capitalize()
    elif roll < 0.35 and not first.isupper():
        first = first.upper()
    text = f"{first} {rest}" if rest else first
    if rng.random() < 0.3:
        text = text.rstrip(".")
    return text


def dof_record(
    rng: random.Random, text: str, agency: str | None, labels: list[str], source: str = "dof"
) -> Record:
    """A Spanish record; the agency is dropped sometimes, as in real index captures."""
    rec: Record = {
        "text": vary_spanish(rng, text),
        "lang": "es",
        "source": source,
        "labels": labels,
    }
    if agency and rng.random() < 0.6:
        rec["agency"] = agency
    return rec


def en_record(text: str, source: str, labels: list[str]) -> Record:
    """An English record."""
    return {"text": text, "lang": "en", "source": source, "labels": labels}


def gen_spanish(
    fn: Callable[[random.Random], tuple[str, str | None, list[str]]], source: str = "dof"
) -> Callable[[random.Random], Record]:
    """Wrap a Spanish generator into a record generator."""
    return lambda rng: dof_record(rng, *fn(rng), source=source)


def gen_immex_headline(rng: random.Random) -> Record:
    """Wrap the bilingual IMMEX headline generator."""
    text, agency, labels, lang = immex_headline(rng)
    if lang == "en":
        return en_record(text, "sat", labels)
    return dof_record(rng, text, agency, labels, source=pick(rng, ["sat", "gobmx"]))


def gen_negative_es(rng: random.Random) -> Record:
    """Wrap the Spanish negative generator."""
    return dof_record(rng, *negative_es(rng), labels=[])


def gen_negative_headline(rng: random.Random) -> Record:
    """Wrap the Spanish negative headline generator."""
    return dof_record(rng, *negative_es_headline(rng), labels=[], source="gobmx")


def gen_english(
    fn: Callable[[random.Random], tuple[str, str, list[str]]],
) -> Callable[[random.Random], Record]:
    """Wrap an English generator into a record generator."""
    return lambda rng: en_record(*fn(rng))


def gen_negative_en(rng: random.Random) -> Record:
    """Wrap the English negative generator."""
    return en_record(*negative_en(rng), labels=[])


PLAN: dict[str, list[tuple[Callable[[random.Random], Record], int]]] = {
    "customs.jsonl": [
        (gen_spanish(customs_es), 420),
        (gen_spanish(customs_es_headline, "sat"), 40),
        (gen_english(customs_en), 480),
    ],
    "immex.jsonl": [(gen_spanish(immex_es), 420), (gen_immex_headline, 80)],
    "tax.jsonl": [
        (gen_spanish(tax_es), 420),
        (gen_spanish(tax_headline, "sat"), 40),
        (gen_english(tax_en), 60),
    ],
    "labor.jsonl": [
        (gen_spanish(labor_es), 380),
        (gen_spanish(labor_headline, "gobmx"), 40),
        (gen_english(labor_en), 30),
    ],
    "negatives.jsonl": [
        (gen_negative_es, 700),
        (gen_negative_headline, 30),
        (gen_negative_en, 520),
        (lambda rng: dof_record(rng, *negative_dof_generic(rng), labels=[]), 500),
        (lambda rng: en_record(*negative_fr_generic(rng), labels=[]), 900),
    ],
}


def generate_unique(
    rng: random.Random, fn: Callable[[random.Random], Record], n: int, seen: set[str]
) -> list[Record]:
    """Draw up to `n` records with texts not seen before (bounded attempts)."""
    out: list[Record] = []
    for _ in range(n * 20):
        if len(out) >= n:
            break
        rec = fn(rng)
        key = str(rec["text"]).lower().rstrip(".")
        if key not in seen:
            seen.add(key)
            out.append(rec)
    return out


def main() -> None:
    """Write every corpus file next to this script."""
    rng = random.Random(SEED)
    seen: set[str] = set()
    for name, parts in PLAN.items():
        records = [r for fn, n in parts for r in generate_unique(rng, fn, n, seen)]
        with open(HERE / name, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)}")


if __name__ == "__main__":
    main()
