"""The committee's weekly summary: a pure builder plus Markdown, CSV, HTML and SVG renderers.

`load_week` is the only part that reads the database; `build_summary` and the renderers
are pure functions of their inputs, so `regwatch summary` and the web page share them.
"""

from __future__ import annotations

import collections
import csv
import dataclasses
import datetime as dt
import io
import re
import urllib.parse
import zoneinfo
from collections.abc import Iterable
from typing import Any, NamedTuple

from markupsafe import Markup, escape
from sqlalchemy import Select, and_, func, literal_column, or_, select
from sqlalchemy.orm import Session

from store.models import Change, ChangeStatus, Document
from web import TOPICS
from web.errors import BadInput
from web.i18n import LANGUAGES, summary_labels

WINDOW_DAYS = 30
KEY_CHANGES_PER_TOPIC = 10
UNTAGGED = "untagged"

# The summary's labels live in the web pages' catalog (web.i18n), with the staff pages'.
LABELS: dict[str, dict[str, str]] = {lang: summary_labels(lang) for lang in LANGUAGES}


@dataclasses.dataclass(frozen=True)
class IsoWeek:
    """An ISO week such as 2026-W47, with its local start and end."""

    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read "2026-W47"; BadInput with one sentence otherwise."""
        match = re.fullmatch(r"(\d{4})-?W(\d{1,2})", (text or "").strip(), flags=re.I)
        if not match:
            raise BadInput(f"Write the week as YYYY-Www, for example 2026-W47 (got {text!r}).")
        year, week = int(match[1]), int(match[2])
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise BadInput(f"{year} has no week {week}; pick a week from 1 to 52 or 53.") from None
        return cls(year, week)

    @classmethod
    def containing(cls, day: dt.date) -> IsoWeek:
        """The ISO week that contains `day`."""
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def next_monday(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    def bounds(self, tz: str) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) of the week in UTC, with days counted in the local time zone."""
        zone = zoneinfo.ZoneInfo(tz)
        start = dt.datetime.combine(self.monday, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(self.next_monday, dt.time(), tzinfo=zone)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.containing(self.monday + dt.timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


class Item(NamedTuple):
    """One change as the summary sees it (no bodies); a tuple, as a week has thousands."""

    id: int
    title_en: str | None
    title_es: str | None
    doc_title: str
    language: str
    source_id: str
    agency: str | None
    url: str | None
    topics: tuple[str, ...]
    urgent: bool
    published_at: dt.datetime | None
    effective_on: dt.date | None
    comments_close_on: dt.date | None
    story_key: str | None = None  # changes of one policy event share it and count once

    def title(self, lang: str) -> str:
        """The title in `lang`, else the other language, else the original."""
        own = self.title_en if lang == "en" else self.title_es
        other = self.title_es if lang == "en" else self.title_en
        return own or other or self.doc_title


@dataclasses.dataclass(frozen=True)
class WeeklySummary:
    """Everything the committee sees for one week, in one language."""

    week: IsoWeek
    lang: str
    window_start: dt.date
    window_end: dt.date
    by_topic: list[tuple[str, int]]
    by_source: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    key_changes: list[tuple[str, list[Item]]]
    taking_effect: list[Item]
    comments_closing: list[Item]
    urgent: list[Item]

    def label(self, key: str) -> str:
        return LABELS[self.lang].get(key, key)


def build_summary(
    week: IsoWeek,
    lang: str,
    approved: Iterable[Item],
    upcoming: Iterable[Item],
    status_counts: dict[str, int],
) -> WeeklySummary:
    """The week's summary from the approved changes of the week and upcoming dated ones."""
    if lang not in LABELS:
        raise BadInput("Choose the summary language en or es.")
    approved = one_per_story(sorted(approved, key=lambda i: (not i.urgent, -_stamp(i), -i.id)))
    start, end = week.next_monday, week.next_monday + dt.timedelta(days=WINDOW_DAYS)
    upcoming = list(upcoming)
    return WeeklySummary(
        week=week,
        lang=lang,
        window_start=start,
        window_end=end,
        by_topic=_count_topics(approved),
        by_source=collections.Counter(i.source_id for i in approved).most_common(),
        by_status=[(s.value, status_counts.get(s.value, 0)) for s in ChangeStatus],
        key_changes=_key_changes(approved),
        taking_effect=_dated(upcoming, "effective_on", start, end),
        comments_closing=_dated(upcoming, "comments_close_on", start, end),
        urgent=[i for i in approved if i.urgent],
    )


def one_per_story(items: Iterable[Item]) -> list[Item]:
    """The first item of each story (changes of one policy event count once), in order."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.story_key:
            if item.story_key in seen:
                continue
            seen.add(item.story_key)
        kept.append(item)
    return kept


def _stamp(item: Item) -> float:
    return item.published_at.timestamp() if item.published_at else 0.0


def _count_topics(items: list[Item]) -> list[tuple[str, int]]:
    counter = collections.Counter(t for i in items for t in (i.topics or (UNTAGGED,)))
    order = [*TOPICS, UNTAGGED]
    return [(t, counter[t]) for t in order if t in TOPICS or counter[t]]


def _key_changes(items: list[Item]) -> list[tuple[str, list[Item]]]:
    groups: dict[str, list[Item]] = {t: [] for t in TOPICS}
    for item in items:
        for topic in item.topics:
            if topic in groups and len(groups[topic]) < KEY_CHANGES_PER_TOPIC:
                groups[topic].append(item)
    return [(t, groups[t]) for t in TOPICS if groups[t]]


def _dated(items: list[Item], field: str, start: dt.date, end: dt.date) -> list[Item]:
    chosen = [i for i in items if getattr(i, field) and start <= getattr(i, field) < end]
    return one_per_story(sorted(chosen, key=lambda i: (getattr(i, field), i.id)))


# ---------------------------------------------------------------- loading


_ITEM_COLUMNS = (
    Change.id,
    Change.title_en,
    Change.title_es,
    Document.title.label("doc_title"),
    Document.language,
    Document.source_id,
    Document.agency,
    Document.url,
    Change.topics,
    Change.urgent,
    Change.published_at,
    Document.effective_on,
    Document.comments_close_on,
    Change.story_key,
)


def _item(row: Any) -> Item:
    # Positional: _ITEM_COLUMNS are in Item's field order.
    (
        change_id,
        title_en,
        title_es,
        doc_title,
        language,
        source_id,
        agency,
        url,
        topics,
        urgent,
        published_at,
        effective_on,
        comments_close_on,
        story_key,
    ) = row
    return Item(
        change_id,
        title_en,
        title_es,
        doc_title,
        language,
        source_id,
        agency,
        url,
        tuple(topics or ()),
        bool(urgent),
        published_at,
        effective_on,
        comments_close_on,
        story_key,
    )


def _week_statements(week: IsoWeek, tz: str) -> tuple[Select, Select, Select]:
    """The three reads of a week: approved in it, approved and dated soon after, statuses."""
    start, end = week.bounds(tz)
    base = select(*_ITEM_COLUMNS).join(Document, Document.id == Change.document_id)
    approved = base.where(
        Change.status == ChangeStatus.PUBLISHED,
        Change.published_at >= start,
        Change.published_at < end,
    )
    first = week.next_monday
    last = first + dt.timedelta(days=WINDOW_DAYS)
    upcoming = base.where(
        Change.status == ChangeStatus.PUBLISHED,
        or_(
            and_(Document.effective_on >= first, Document.effective_on < last),
            and_(Document.comments_close_on >= first, Document.comments_close_on < last),
        ),
    )
    statuses = (
        select(Change.status, func.count(Change.id))
        # Naming every status lets the (status, created_at) index serve the date range.
        .where(Change.status.in_(list(ChangeStatus)))
        .where(Change.created_at >= start, Change.created_at < end)
        .group_by(Change.status)
    )
    return approved, upcoming, statuses


def load_week(session: Session, week: IsoWeek, tz: str, lang: str) -> WeeklySummary:
    """Read the week's changes and build its summary (the only database step)."""
    approved, upcoming, statuses = _week_statements(week, tz)
    connection = session.connection()  # Core rows: these reads need no ORM identity map
    approved_items = map(_item, connection.execute(approved))
    upcoming_items = map(_item, connection.execute(upcoming))
    counts = {status.value: count for status, count in connection.execute(statuses)}
    return build_summary(week, lang, approved_items, upcoming_items, counts)


def week_fingerprint(session: Session, week: IsoWeek, tz: str) -> str | None:
    """A digest of every row `load_week` reads, computed by PostgreSQL (None elsewhere).

    Equal digests mean equal summaries, so a cached summary outlives writes that did not
    touch its week. Row versions and update times are included, so an edit shows even
    where the summary's own columns would not reveal it.
    """
    if session.get_bind().dialect.name != "postgresql":
        return None
    approved, upcoming, statuses = _week_statements(week, tz)
    digests = [
        select(literal_column("md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), ''))"))
        .select_from(statement.subquery("r"))
        .scalar_subquery()
        for statement in (
            approved.add_columns(Change.version, Change.updated_at),
            upcoming.add_columns(Change.version, Change.updated_at),
            statuses,
        )
    ]
    return session.connection().execute(select(func.concat(*digests))).scalar_one()


# ---------------------------------------------------------------- renderers


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_text(value: object) -> str:
    """Scraped text made inert in Markdown: HTML escaped, Markdown syntax backslashed."""
    flat = " ".join(str(value or "").split())
    return _MD_SPECIAL.sub(r"\\\1", str(escape(flat)))


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with the characters that could break out of Markdown or HTML encoded."""
    if not url or urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        return None
    return urllib.parse.quote(url, safe=":/?#[]@!$&'*+,;=%-._~").replace("'", "%27")


def _md_item(item: Item, lang: str, extra: str = "") -> str:
    title = markdown_text(item.title(lang))
    link = safe_url(item.url)
    head = f"[{title}](<{link}>)" if link else title
    agency = f" — {markdown_text(item.agency)}" if item.agency else ""
    return f"- {extra}{head} ({markdown_text(item.source_id)}{agency}, \\#{item.id})"


def render_markdown(summary: WeeklySummary) -> str:
    """The summary as Markdown; every scraped string is escaped."""
    lab = summary.label
    lines = [f"# {lab('title')} — {summary.week}", ""]
    lines += [f"## {lab('counts_topic')}", ""]
    lines += [f"- {lab(t)}: {n}" for t, n in summary.by_topic] + [""]
    lines += [f"## {lab('counts_source')}", ""]
    lines += [f"- {markdown_text(s)}: {n}" for s, n in summary.by_source] or [lab("none")]
    lines += ["", f"## {lab('statuses')}", ""]
    lines += [f"- {lab(s)}: {n}" for s, n in summary.by_status] + [""]
    lines += [f"## {lab('key')}", ""]
    for topic, items in summary.key_changes:
        lines += [f"### {lab(topic)}", ""] + [_md_item(i, summary.lang) for i in items] + [""]
    if not summary.key_changes:
        lines += [lab("none"), ""]
    for key, items, field in _dated_sections(summary):
        lines += [f"## {key}", ""]
        rows = [_md_item(i, summary.lang, f"{getattr(i, field)}: ") for i in items]
        lines += (rows or [lab("none")]) + [""]
    lines += [f"## {lab('urgent')}", ""]
    lines += [_md_item(i, summary.lang) for i in summary.urgent] or [lab("none")]
    return "\n".join(lines).rstrip() + "\n"


def _dated_sections(summary: WeeklySummary) -> list[tuple[str, list[Item], str]]:
    return [
        (summary.label("effective"), summary.taking_effect, "effective_on"),
        (summary.label("comments"), summary.comments_closing, "comments_close_on"),
    ]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def csv_cell(value: object) -> str:
    """A cell spreadsheets will not run as a formula (OWASP: prefix with a quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(summary: WeeklySummary) -> str:
    """One row per counted figure and listed change, for spreadsheets."""
    lab = summary.label
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            lab(k)
            for k in (
                "section",
                "topic",
                "change_id",
                "title",
                "source",
                "agency",
                "date",
                "url",
                "count",
            )
        ]
    )
    week = str(summary.week)
    for topic, n in summary.by_topic:
        writer.writerow(["topic_count", topic, "", "", "", "", week, "", n])
    for source, n in summary.by_source:
        writer.writerow(["source_count", "", "", "", csv_cell(source), "", week, "", n])
    for status, n in summary.by_status:
        writer.writerow(["status_count", status, "", "", "", "", week, "", n])
    for topic, items in summary.key_changes:
        for item in items:
            writer.writerow(_csv_item("key", topic, item, summary.lang, item.published_at))
    for item in summary.taking_effect:
        writer.writerow(_csv_item("effective", "", item, summary.lang, item.effective_on))
    for item in summary.comments_closing:
        writer.writerow(_csv_item("comments", "", item, summary.lang, item.comments_close_on))
    for item in summary.urgent:
        writer.writerow(_csv_item("urgent", "", item, summary.lang, item.published_at))
    return out.getvalue()


def _csv_item(section: str, topic: str, item: Item, lang: str, when: Any) -> list[str]:
    day = when.date().isoformat() if isinstance(when, dt.datetime) else (when or "")
    cells = [
        section,
        topic or " ".join(item.topics),
        item.id,
        item.title(lang),
        item.source_id,
        item.agency,
        day,
        safe_url(item.url) or "",
        "",
    ]
    return [csv_cell(c) for c in cells]


def render_chart_svg(counts: list[tuple[str, int]], labels: dict[str, str], title: str) -> Markup:
    """A horizontal bar chart as inline SVG; labels are escaped, sizes computed here."""
    bar_h, gap, label_w, width = 22, 8, 120, 520
    top = max((n for _, n in counts), default=0) or 1
    height = len(counts) * (bar_h + gap) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (key, n) in enumerate(counts):
        y = 20 + index * (bar_h + gap)
        w = round((width - label_w - 60) * n / top)
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="13">{escape(labels.get(key, key))}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#2b6cb0"/>'
            f'<text x="{label_w + w + 6}" y="{y + 15}" font-size="13">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def chart_for(summary: WeeklySummary) -> Markup:
    """The per-topic chart of a summary."""
    return render_chart_svg(summary.by_topic, LABELS[summary.lang], summary.label("chart"))


def render_html(summary: WeeklySummary, environment: Any, nonce: str | None = None) -> str:
    """The print-ready HTML page, rendered with the app's autoescaping Jinja environment."""
    template = environment.get_template("summary_print.html")
    return template.render(s=summary, chart=chart_for(summary), csp_nonce=nonce)
