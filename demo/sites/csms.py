"""Fake CBP CSMS on GovDelivery: the widget JSONP, the account RSS and bulletin pages.

Bulletins are generated per weekday (two a day, sent in the afternoon US Eastern time);
their numbers grow with the date and each page lives at the number in hex, as on the
real account. Some days carry an "UPDATED GUIDANCE" that replaces the previous
weekday's first message. The widget also lists one unnumbered webinar invitation, the
kind of non-CSMS bulletin the real widget mixes in. Every text here is invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import zoneinfo
from email.utils import format_datetime

from demo.sites import federal_register
from demo.sites.render import render

ORIGIN = "https://content.govdelivery.com"
ACCOUNT = "USDHSCBP"
WIDGET_PATH = f"/accounts/{ACCOUNT}/widgets/{ACCOUNT}_WIDGET_2/0.json"
FEED_PATH = f"/accounts/{ACCOUNT}/feed.rss"
BULLETIN_PREFIX = f"/accounts/{ACCOUNT}/bulletins/"
EASTERN = zoneinfo.ZoneInfo("America/New_York")
# Numbers: 30,000,000 + 50 per day + the message's index that day (about 67M in 2026).
NUMBER_BASE, PER_DAY = 30_000_000, 50
SEND_TIMES = ((11, 5), (15, 40))
WEBINAR_INDEX = 40  # the unnumbered webinar bulletin's slot in a day's number range

TOPICS = (
    (
        "GUIDANCE: Reporting USMCA Claims for Goods Assembled in Mexico from Foreign Parts",
        "Importers claiming USMCA preference for goods assembled under a maquiladora program "
        "must report the special program indicator S or S+ on each entry summary line.",
    ),
    (
        "ACE Deployment: Entry Summary Validations for Section 232 Steel Derivatives",
        "ACE will reject entry summaries that report a Section 232 steel derivative heading "
        "without the country of melt and pour.",
    ),
    (
        "Southern Border: Extended Commercial Hours at the Otay Mesa and Santa Teresa Crossings",
        "Commercial truck processing will run until 22:00 local time on weekdays to relieve "
        "queues of northbound production shipments.",
    ),
    (
        "GUIDANCE: Chapter 99 Reporting for Aluminum Articles Processed in Mexico",
        "Report heading 9903.85.08 in addition to the Chapter 76 classification for aluminum "
        "articles processed in Mexico from primary aluminum smelted elsewhere.",
    ),
    (
        "ACE Maintenance: Scheduled Downtime of the Automated Broker Interface",
        "The Automated Broker Interface will be unavailable for four hours on Saturday night "
        "while CBP applies security updates.",
    ),
    (
        "INFORMATION: Drawback Claims for Components Returned from Maquiladoras",
        "Components exported to a maquiladora and returned after repair remain eligible for "
        "manufacturing drawback when the claim identifies the export and return entries.",
    ),
    (
        "REMINDER: Type 86 Entries Are Not Available for Goods Subject to Chapter 99 Duties",
        "Low-value shipments of goods subject to additional Chapter 99 duties must be entered "
        "as formal or informal entries, never as Type 86.",
    ),
)


@dataclasses.dataclass(frozen=True)
class Bulletin:
    """One fake CSMS message."""

    number: int
    subject: str
    sent_at: dt.datetime  # aware, US Eastern
    paragraphs: tuple[str, ...]
    replaces: int | None = None
    related: tuple[int, ...] = ()

    @property
    def slug(self) -> str:
        """The bulletin page's path segment: the number in lower-case hex."""
        return format(self.number, "x")


def number_for(day: dt.date, index: int) -> int:
    """The CSMS number of a day's `index`-th message."""
    return NUMBER_BASE + day.toordinal() * PER_DAY + index


def bulletins_of(day: dt.date) -> list[Bulletin]:
    """The messages sent on `day` (none on weekends)."""
    if day.weekday() >= 5:
        return []
    return [_bulletin(day, index) for index in range(len(SEND_TIMES))]


def _bulletin(day: dt.date, index: int) -> Bulletin:
    hour, minute = SEND_TIMES[index]
    sent = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=EASTERN)
    number = number_for(day, index)
    earlier = _previous_weekday(day)
    if index == 1 and day.toordinal() % 3 == 0:
        return _update(number, sent, earlier)
    title, lead = TOPICS[(day.toordinal() * 2 + index) % len(TOPICS)]
    related = (number_for(earlier, 1),)
    paragraphs = _paragraphs(lead, sent.date())
    if index == 0:  # the morning message explains the day's Federal Register document
        paragraphs += (
            f"This message provides guidance on Federal Register document "
            f"{federal_register.document_number(day)} ({federal_register.citation(day)}).",
        )
    return Bulletin(number, f"CSMS # {number} - {title}", sent, paragraphs, None, related)


def _update(number: int, sent: dt.datetime, earlier: dt.date) -> Bulletin:
    replaced = _bulletin(earlier, 0)
    title = replaced.subject.split(" - ", 1)[1].split(": ", 1)[-1]
    subject = f"CSMS # {number} - UPDATED GUIDANCE: {title}"
    first = f"This message serves to replace CSMS # {replaced.number}."
    lead = "The filing instructions below now also cover shipments already in transit."
    paragraphs = (first, *_paragraphs(lead, sent.date()))
    return Bulletin(number, subject, sent, paragraphs, replaced.number)


def _paragraphs(lead: str, day: dt.date) -> tuple[str, ...]:
    effective = day + dt.timedelta(days=14)
    return (
        lead,
        f"The new requirements take effect on {effective:%B} {effective.day}, {effective.year}. "
        "Filers should update their software before the effective date and contact their "
        "assigned client representative with questions.",
    )


def _previous_weekday(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def latest(today: dt.date, count: int = 12) -> list[Bulletin]:
    """The `count` newest messages sent up to `today`, newest first."""
    found: list[Bulletin] = []
    day = today
    while len(found) < count:
        found += reversed(bulletins_of(day))
        day -= dt.timedelta(days=1)
    return found[:count]


def find(number: int) -> Bulletin | None:
    """The message with this number, if the generator ever sends it."""
    ordinal, index = divmod(number - NUMBER_BASE, PER_DAY)
    if ordinal < 1 or index >= len(SEND_TIMES):
        return None
    messages = bulletins_of(dt.date.fromordinal(ordinal))
    return messages[index] if messages else None


def edited(bulletin: Bulletin, subjects: dict[str, str], bodies: dict[str, str]) -> Bulletin:
    """The message with any subject or body edits applied."""
    key = str(bulletin.number)
    subject = subjects.get(key, bulletin.subject)
    paragraphs = (bodies[key],) if key in bodies else bulletin.paragraphs
    return dataclasses.replace(bulletin, subject=subject, paragraphs=paragraphs)


# ---------------------------------------------------------------- listings


def widget(messages: list[Bulletin], today: dt.date) -> bytes:
    """The widget JSONP (`GDWidgets[0].update([...]);`), webinar invitation included."""
    entries = [_widget_entry(m.subject, m.sent_at, m.slug) for m in messages]
    webinar = number_for(_previous_weekday(today), WEBINAR_INDEX)
    when = dt.datetime.combine(_previous_weekday(today), dt.time(9, 30), EASTERN)
    entries.insert(2, _widget_entry(webinar_subject(), when, format(webinar, "x")))
    return f"GDWidgets[0].update({json.dumps(entries)});\n".encode()


def webinar_subject() -> str:
    """The subject of the unnumbered bulletin the widget mixes in."""
    return "Trade Webinar Invitation: Preparing Maquiladora Shipments for the USMCA Review"


def _widget_entry(subject: str, sent_at: dt.datetime, slug: str) -> dict[str, str]:
    href = f"{ORIGIN}/bulletins/gd/{ACCOUNT}-{slug}?wgt_ref={ACCOUNT}_WIDGET_2"
    # The widget leaves one layer of HTML entities in its subjects.
    return {"subject": html.escape(subject, quote=False), "pub_date": _stamp(sent_at), "href": href}


def _stamp(moment: dt.datetime) -> str:
    local = moment.astimezone(EASTERN)
    return local.strftime("%m/%d/%Y %I:%M %p ") + (local.tzname() or "ET")


def feed(messages: list[Bulletin]) -> bytes:
    """The account RSS: the same messages plus a newsroom item that carries no number."""
    items = [_feed_item(m.subject, m.sent_at, m.slug, m.paragraphs[0]) for m in messages]
    newsroom = "CBP Officers at the Laredo Port of Entry Process Record Northbound Rail Cargo"
    items.insert(1, _feed_item(newsroom, messages[0].sent_at, "3a0f001", "A newsroom item."))
    return render("csms_feed.rss", {"items": items}).encode("utf-8")


def _feed_item(subject: str, sent_at: dt.datetime, slug: str, text: str) -> dict[str, str]:
    link = f"{ORIGIN}{BULLETIN_PREFIX}{slug}"
    return {
        "title": html.escape(subject, quote=False),
        "link": link,
        "description": html.escape(f"<p>{text}</p>", quote=False),
        "pub_date": format_datetime(sent_at.astimezone(dt.timezone(dt.timedelta(hours=-6)))),
    }


# ---------------------------------------------------------------- bulletin pages


def bulletin_page(message: Bulletin) -> bytes:
    """A bulletin page in GovDelivery's layout (subject, dateline, e-mail body, footer)."""
    context = {
        "subject": html.escape(message.subject),
        "subject_js": json.dumps(message.subject)[1:-1].replace("&", "\\u0026"),
        "canonical": f"{ORIGIN}{BULLETIN_PREFIX}{message.slug}",
        "dateline": _stamp(message.sent_at),
        "paragraphs": [html.escape(p) for p in message.paragraphs],
        "related": ", ".join(str(n) for n in message.related),
        "attachment": _attachment(message),
        "number": message.number,
        "analytics": True,
    }
    return render("csms_bulletin.html", context).encode("utf-8")


def webinar_page(slug: str, sent_on: dt.date) -> bytes:
    """The unnumbered webinar bulletin (an older layout without the analytics script)."""
    sent = dt.datetime.combine(sent_on, dt.time(9, 30), EASTERN)
    context = {
        "subject": html.escape(webinar_subject()),
        "subject_js": webinar_subject(),
        "canonical": f"{ORIGIN}{BULLETIN_PREFIX}{slug}",
        "dateline": _stamp(sent),
        "paragraphs": ["Join CBP trade specialists for a one-hour webinar on USMCA claims."],
        "related": "",
        "attachment": None,
        "number": 0,
        "analytics": False,
    }
    return render("csms_bulletin.html", context).encode("utf-8")


def _attachment(message: Bulletin) -> dict[str, str] | None:
    if message.number % 2:
        return None
    day = message.sent_at.date()
    name = f"HTS List {message.number}.pdf"
    path = f"/attachments/{ACCOUNT}/{day:%Y/%m/%d}/file_attachments/{message.number % 10**7}/"
    return {"url": ORIGIN + path + name.replace(" ", "%20"), "title": name[:-4]}


def webinar_slug_day(slug: str) -> dt.date | None:
    """The send date of the webinar bulletin at `slug`, or None when it is not one."""
    try:
        ordinal, index = divmod(int(slug, 16) - NUMBER_BASE, PER_DAY)
    except ValueError:
        return None
    return dt.date.fromordinal(ordinal) if index == WEBINAR_INDEX and ordinal > 0 else None
