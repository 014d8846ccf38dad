"""English and Spanish strings of the public and member pages, and the choice of language."""

from __future__ import annotations

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "es"

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "site": "RegWatch",
        "tagline": "Regulatory changes for maquiladora (IMMEX) operators",
        "archive": "Archive",
        "subscribe": "Subscribe",
        "search": "Search",
        "search_placeholder": "Search approved changes",
        "topic": "Topic",
        "source": "Source",
        "all": "All",
        "from": "From",
        "to": "To",
        "filter": "Filter",
        "next_page": "Older changes",
        "no_results": "No approved changes match these filters.",
        "published": "Published",
        "effective": "Takes effect",
        "comments_close": "Comments close",
        "official_link": "Official text",
        "agency": "Agency",
        "summary": "Summary",
        "feeds": "Feeds",
        "calendar": "Calendar of dates",
        "related": "Related changes",
        "urgent": "Urgent",
        "machine_translation": "machine translation",
        "reviewed_translation": "translation reviewed by staff",
        "email": "Email",
        "name": "Name",
        "company": "Company",
        "language": "Language",
        "lang_en": "English",
        "lang_es": "Spanish",
        "lang_both": "Both",
        "topics": "Topics",
        "frequency": "Frequency",
        "freq_instant": "As soon as published",
        "freq_daily": "Daily",
        "freq_weekly": "Weekly",
        "subscribe_button": "Subscribe",
        "subscribe_sent": "Almost done: we sent a confirmation link to your address.",
        "bad_email": "Enter a valid email address, such as name@company.com.",
        "rate_limited": "Too many sign-ups from your connection; try again in an hour.",
        "confirmed": "Your subscription is confirmed.",
        "link_expired": "This link has expired; subscribe again to get a new one.",
        "link_invalid": "This link is not valid; use the latest link from our emails.",
        "manage": "Your alert preferences",
        "save": "Save preferences",
        "saved": "Your preferences are saved.",
        "unsubscribe": "Unsubscribe",
        "unsubscribe_confirm": "Stop all RegWatch alerts to this address?",
        "unsubscribed": "You are unsubscribed and will receive no more alerts.",
        "topic_customs": "Customs",
        "topic_labor": "Labor",
        "topic_tax": "Tax",
        "topic_immex": "IMMEX",
        "choose_topic": "Choose at least one topic.",
        "not_found": "This page does not exist.",
    },
    "es": {
        "site": "RegWatch",
        "tagline": "Cambios regulatorios para la industria maquiladora (IMMEX)",
        "archive": "Archivo",
        "subscribe": "Suscribirse",
        "search": "Buscar",
        "search_placeholder": "Buscar cambios aprobados",
        "topic": "Tema",
        "source": "Fuente",
        "all": "Todos",
        "from": "Desde",
        "to": "Hasta",
        "filter": "Filtrar",
        "next_page": "Cambios anteriores",
        "no_results": "Ningún cambio aprobado coincide con estos filtros.",
        "published": "Publicado",
        "effective": "Entra en vigor",
        "comments_close": "Cierre de comentarios",
        "official_link": "Texto oficial",
        "agency": "Dependencia",
        "summary": "Resumen",
        "feeds": "Canales",
        "calendar": "Calendario de fechas",
        "related": "Cambios relacionados",
        "urgent": "Urgente",
        "machine_translation": "traducción automática",
        "reviewed_translation": "traducción revisada por el personal",
        "email": "Correo electrónico",
        "name": "Nombre",
        "company": "Empresa",
        "language": "Idioma",
        "lang_en": "Inglés",
        "lang_es": "Español",
        "lang_both": "Ambos",
        "topics": "Temas",
        "frequency": "Frecuencia",
        "freq_instant": "En cuanto se publique",
        "freq_daily": "Diario",
        "freq_weekly": "Semanal",
        "subscribe_button": "Suscribirme",
        "subscribe_sent": "Casi listo: enviamos un enlace de confirmación a su correo.",
        "bad_email": "Escriba un correo válido, por ejemplo nombre@empresa.com.",
        "rate_limited": "Demasiados registros desde su conexión; intente de nuevo en una hora.",
        "confirmed": "Su suscripción está confirmada.",
        "link_expired": "Este enlace caducó; suscríbase de nuevo para recibir otro.",
        "link_invalid": "Este enlace no es válido; use el enlace más reciente de nuestros correos.",
        "manage": "Sus preferencias de alertas",
        "save": "Guardar preferencias",
        "saved": "Sus preferencias quedaron guardadas.",
        "unsubscribe": "Cancelar suscripción",
        "unsubscribe_confirm": "¿Dejar de enviar alertas de RegWatch a este correo?",
        "unsubscribed": "Su suscripción fue cancelada; no recibirá más alertas.",
        "topic_customs": "Aduanas",
        "topic_labor": "Laboral",
        "topic_tax": "Fiscal",
        "topic_immex": "IMMEX",
        "choose_topic": "Elija al menos un tema.",
        "not_found": "Esta página no existe.",
    },
}


def choose_language(query_lang: str | None, cookie_lang: str | None, accept: str | None) -> str:
    """The page language: ?lang=, then the cookie, then Accept-Language, then Spanish."""
    for candidate in (query_lang, cookie_lang):
        if candidate in LANGUAGES:
            return candidate
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def translator(lang: str):  # type: ignore[no-untyped-def]
    """A `t(key)` function for templates; unknown keys show as themselves."""
    table = MESSAGES.get(lang, MESSAGES[DEFAULT_LANGUAGE])

    def t(key: str) -> str:
        return table.get(key, key)

    return t
