"""Fake ANAM feed: a WordPress-style sitemap RSS with comunicados and an index page."""

from __future__ import annotations

import datetime as dt
import html
from email.utils import format_datetime

TOPICS = (
    "ANAM moderniza el despacho en la Aduana de Ciudad Juárez",
    "ANAM publica lineamientos para el uso del pedimento electrónico en IMMEX",
    "ANAM y la industria maquiladora acuerdan mesas técnicas en Tijuana",
)


def feed(base: str, today: dt.date, count: int = 6) -> bytes:
    """The feed as of `today`: the last `count` comunicados, newest first."""
    items = [_item(base, today - dt.timedelta(days=2 * i), i) for i in range(count)]
    index = _entry(base, "comunicados-de-prensa-2026/", "Comunicados de Prensa 2026", today)
    body = "\n".join([index, *items])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
        "<title>Agencia Nacional de Aduanas de México</title>\n"
        f"<link>{base}</link>\n<description>ANAM</description>\n{body}\n</channel>\n</rss>\n"
    ).encode()


def _item(base: str, day: dt.date, index: int) -> str:
    number = day.toordinal() % 90 + 1
    slug = f"comunicado-prensa-{number}-{day.year}/"
    return _entry(base, slug, TOPICS[day.toordinal() % len(TOPICS)], day)


def _entry(base: str, slug: str, title: str, day: dt.date) -> str:
    moment = dt.datetime(day.year, day.month, day.day, 18, 0, tzinfo=dt.UTC)
    link = f"{base}/{slug}"
    return (
        f"<item><guid>{link}</guid><link>{link}</link><title>{html.escape(title)}</title>"
        f"<pubDate>{format_datetime(moment)}</pubDate></item>"
    )
