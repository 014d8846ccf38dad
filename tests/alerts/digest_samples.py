"""A realistic week of invented items for layout and spam tests (the project's own text).

Titles are as long as the sources' are (DOF decrees run to 200 characters), most items
carry a machine translation, some are amendments, some announce dates, two are urgent and
two pairs are one cross-border story each.
"""

from __future__ import annotations

import datetime as dt
import itertools

from alerts.digest import DigestItem, Recipient, SubscriptionView

NOW = dt.datetime(2026, 11, 23, 15, 2, tzinfo=dt.UTC)  # Monday 07:02 in Tijuana

_DOF = [
    (
        "ACUERDO por el que se modifica el diverso por el que la Secretaría de Economía emite "
        "reglas y criterios de carácter general en materia de comercio exterior, en lo relativo "
        "al Programa IMMEX",
        "AGREEMENT amending the one by which the Ministry of Economy issues general rules and "
        "criteria on foreign trade, regarding the IMMEX Program",
    ),
    (
        "RESOLUCIÓN que modifica las Reglas Generales de Comercio Exterior para 2026 y sus "
        "anexos 1, 22 y 24, relativas al control de inventarios y al pedimento consolidado",
        "RESOLUTION amending the General Foreign Trade Rules for 2026 and annexes 1, 22 and 24, "
        "on inventory control and the consolidated customs entry",
    ),
    (
        "DECRETO por el que se modifica la Tarifa de la Ley de los Impuestos Generales de "
        "Importación y de Exportación para fracciones de acero y aluminio",
        "DECREE amending the Tariff of the General Import and Export Taxes Law for steel and "
        "aluminum tariff items",
    ),
    (
        "AVISO por el que se da a conocer el horario de servicio extraordinario de la Aduana de "
        "Tijuana en la garita de Otay Mesa durante diciembre",
        "NOTICE announcing the extraordinary service hours of the Tijuana Customs office at the "
        "Otay Mesa crossing during December",
    ),
    (
        "ACUERDO por el que se dan a conocer los salarios mínimos generales y profesionales que "
        "estarán vigentes a partir del 1 de enero de 2027",
        "AGREEMENT announcing the general and professional minimum wages in force from "
        "January 1, 2027",
    ),
    (
        "Primera Resolución de Modificaciones a la Resolución Miscelánea Fiscal para 2026 y sus "
        "Anexos 1-A y 30, en materia de certificación de IVA e IEPS para empresas IMMEX",
        "First Resolution of Amendments to the Miscellaneous Tax Resolution for 2026 and Annexes "
        "1-A and 30, on VAT and IEPS certification for IMMEX companies",
    ),
]
_CBP = [
    (
        "CSMS # 66990001 - UPDATED GUIDANCE: Section 232 Reporting for Steel Articles Processed "
        "in Mexico",
        "CSMS # 66990001 - GUÍA ACTUALIZADA: declaración de la Sección 232 para artículos de "
        "acero procesados en México",
    ),
    (
        "CSMS # 66990002 - ACE Maintenance: Scheduled Downtime of the Automated Broker Interface",
        "CSMS # 66990002 - Mantenimiento de ACE: suspensión programada de la interfaz ABI",
    ),
    (
        "CSMS # 66990003 - Southern Border: Extended Commercial Hours at the Otay Mesa Crossing",
        "CSMS # 66990003 - Frontera sur: horario comercial ampliado en el cruce de Otay Mesa",
    ),
]
_ABSTRACT_ES = (
    "Se modifican los plazos para presentar el aviso de operaciones y se precisan los requisitos "
    "del reporte mensual. Las empresas con programa vigente deberán actualizar su registro. "
    "El resto del documento detalla los anexos."
)
_ABSTRACT_EN = (
    "CBP updates the reporting requirements for goods subject to additional duties and "
    "explains how to declare the country of melt and pour. Filers must use the new codes."
)
TOPICS = ("customs", "immex", "tax", "labor")


def week_items(count: int = 30) -> list[DigestItem]:
    """`count` items spread over the four topics, as a weekly digest would carry them."""
    ids = itertools.count(101)
    items = []
    for index in range(count):
        change_id = next(ids)
        topic = TOPICS[index % len(TOPICS)]
        published = (NOW - dt.timedelta(days=index % 7)).date()
        if index % 3 == 2:
            items.append(_cbp_item(change_id, topic, index, published))
        else:
            items.append(_dof_item(change_id, topic, index, published))
    return items


def _dates(index: int, published: dt.date) -> tuple[tuple[str, dt.date], ...]:
    if index % 4 == 0:
        return (("effective", published + dt.timedelta(days=10 + index)),)
    if index % 4 == 1:
        return (("comments_close", published + dt.timedelta(days=20 + index)),)
    if index % 4 == 2:
        return (
            ("effective", published + dt.timedelta(days=1)),
            ("compliance", published + dt.timedelta(days=60)),
        )
    return ()


def _dof_item(change_id: int, topic: str, index: int, published: dt.date) -> DigestItem:
    title_es, title_en = _DOF[index % len(_DOF)]
    return DigestItem(
        change_id=change_id,
        topics=(topic,),
        source_id="dof_daily",
        source_name="Diario Oficial de la Federación",
        language="es",
        url=f"https://dof.example.gob.mx/nota_detalle.php?codigo={change_id}",
        agency="SE" if topic == "immex" else "SHCP",
        published_on=published,
        title_es=title_es,
        title_es_origin="original",
        title_en=title_en if index % 5 else None,  # some translations are missing
        title_en_origin="machine" if index % 7 else "staff",
        urgent=index in (3, 17),
        kind="amended" if index % 6 == 1 else "new",
        amendment_note="Se amplía el plazo de 30 a 60 días." if index % 6 == 1 else None,
        deadlines=_dates(index, published),
        story_key="steel-2026" if index == 4 else None,
        abstract=_ABSTRACT_ES,
    )


def _cbp_item(change_id: int, topic: str, index: int, published: dt.date) -> DigestItem:
    title_en, title_es = _CBP[index % len(_CBP)]
    return DigestItem(
        change_id=change_id,
        topics=(topic,),
        source_id="us_cbp_csms",
        source_name="CBP Cargo Systems Messaging Service",
        language="en",
        url=f"https://csms.example.gov/bulletins/{change_id}",
        agency="U.S. Customs and Border Protection",
        published_on=published,
        title_en=title_en,
        title_en_origin="original",
        title_es=title_es,
        title_es_origin="machine",
        urgent=index == 17,
        kind="new",
        deadlines=_dates(index, published),
        story_key="steel-2026" if index == 8 else None,
        abstract=_ABSTRACT_EN,
    )


def member(language: str, frequency: str = "weekly") -> Recipient:
    """A member following every topic."""
    return Recipient(
        7,
        "ana.lopez@maquila-demo.mx",
        language,
        (SubscriptionView(70, frequency, TOPICS),),
        "Ana López",
    )
