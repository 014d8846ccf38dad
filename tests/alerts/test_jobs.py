"""Planning and sending digests on SQLite and PostgreSQL: once per member, never empty."""

from __future__ import annotations

import datetime as dt
import email
import pathlib
from email import policy

import pytest
from sqlalchemy import func, select

from alerts import delivery, jobs
from alerts.links import Links
from alerts.periods import period_for
from alerts.senders import SendGridSender
from store.models import Delivery, DeliveryStatus, Digest, TextOrigin
from tests.alerts import factories as f
from tests.alerts.sendgrid_server import SendGridServer

NOW_ISO = f.NOW.isoformat()


def _outbox(app_context) -> list[email.message.EmailMessage]:  # type: ignore[no-untyped-def]
    folder = pathlib.Path(app_context.settings.outbox_dir)
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in sorted(folder.glob("*.eml"))
    ]


def _seed(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    es = f.member(session, "es@maquila.mx", "es", ("customs",))
    en = f.member(session, "en@maquila.com", "en", ("customs", "tax"))
    f.member(session, "pending@maquila.mx", "es", ("customs",), confirmed=False)
    f.member(session, "labor@maquila.mx", "es", ("labor",))
    f.change(session)
    f.change(session, title_es="Acuerdo sobre el Anexo 24", topics=("immex", "customs"))
    session.commit()
    return {"es": es.id, "en": en.id}


def test_daily_digest_goes_once_to_each_confirmed_member(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    _seed(db_session)
    first = jobs.send_digests("daily", NOW_ISO)
    assert first["planned"] == 2 and first["sent"] == 2
    again = jobs.send_digests("daily", NOW_ISO)
    assert again["planned"] == 0 and again["sent"] == 0
    messages = _outbox(app_context)
    assert sorted(m["To"] for m in messages) == ["en@maquila.com", "es@maquila.mx"]
    count = db_session.scalar(select(func.count()).select_from(Delivery))
    assert count == 2
    assert db_session.scalar(select(func.count()).select_from(Digest)) == 1


def test_member_with_nothing_matching_gets_no_email(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    f.member(db_session, "labor@maquila.mx", "es", ("labor",))
    f.change(db_session)
    db_session.commit()
    result = jobs.send_digests("daily", NOW_ISO)
    assert result["planned"] == 0 and result["sent"] == 0
    assert _outbox(app_context) == []


def test_urgent_item_reaches_daily_subscribers_on_the_next_sweep(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    f.member(db_session, "daily@maquila.mx", "es", ("customs",), frequency="daily")
    f.member(db_session, "weekly@maquila.mx", "en", ("customs",), frequency="weekly")
    f.member(db_session, "other@maquila.mx", "es", ("labor",), frequency="daily")
    f.change(db_session, title_es="Aviso urgente de la ANAM", urgent=True, published_at=f.NOW)
    f.change(db_session, title_es="Aviso ordinario", published_at=f.NOW)
    db_session.commit()
    result = jobs.instant_sweep(NOW_ISO)
    assert result["sent"] == 2
    subjects = {m["To"]: m["Subject"] for m in _outbox(app_context)}
    assert set(subjects) == {"daily@maquila.mx", "weekly@maquila.mx"}
    assert subjects["daily@maquila.mx"].startswith("1 urgente, ")
    # The next sweep does not send the same urgent item again.
    later = (f.NOW + dt.timedelta(minutes=5)).isoformat()
    assert jobs.instant_sweep(later)["sent"] == 0


def test_in_doubt_request_is_settled_from_the_activity_api(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    _seed(db_session)
    period = period_for("daily", f.NOW, app_context.settings)
    delivery.plan_once(app_context.sessions, period, f.NOW)
    links = Links.from_settings(app_context.settings)
    with SendGridServer() as server:
        sender = SendGridSender(
            "SG.test", server.url, "a@rw.example", "RegWatch", sleep=lambda s: None
        )
        session = app_context.sessions()
        work = delivery.load_work(session, period, [DeliveryStatus.PENDING])
        session.close()
        group = delivery.group_work(work, period, links, f.NOW, "America/Tijuana")[0]
        ids = [e.delivery_id for e in group.envelopes]
        delivery.claim(app_context.sessions, ids, "crashed")
        # The provider accepted the request, then the process died before recording it.
        sender.send(delivery._batch(group.content, tuple(group.envelopes), "crashed"))
        report = delivery.send_period(
            app_context.sessions, period, sender, links, f.NOW, "America/Tijuana"
        )
        recipients = server.state.recipients()
    assert report.recovered == len(ids)
    assert sorted(recipients) == ["en@maquila.com", "es@maquila.mx"]
    statuses = db_session.scalars(select(Delivery.status)).all()
    assert set(statuses) == {DeliveryStatus.SENT}


def test_unknowable_in_doubt_falls_back_to_sending_again(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    _seed(db_session)
    period = period_for("daily", f.NOW, app_context.settings)
    delivery.plan_once(app_context.sessions, period, f.NOW)
    ids = db_session.scalars(select(Delivery.id)).all()
    delivery.claim(app_context.sessions, ids, "lost")

    class Blind:
        name, max_batch = "blind", 10

        def __init__(self) -> None:
            self.sent: list[str] = []

        def send(self, batch):  # type: ignore[no-untyped-def]
            from alerts.senders import Outcome

            self.sent += [e.to for e in batch.envelopes]
            return [Outcome(e.to, e.delivery_id, True, "x") for e in batch.envelopes]

        def sent_ids(self, send_id, batch):  # type: ignore[no-untyped-def]
            return None

    blind = Blind()
    links = Links.from_settings(app_context.settings)
    report = delivery.send_period(
        app_context.sessions, period, blind, links, f.NOW, "America/Tijuana"
    )
    assert report.resent_in_doubt == 2 and sorted(blind.sent) == ["en@maquila.com", "es@maquila.mx"]


def test_retryable_failure_releases_the_claim(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    from alerts.errors import RetryableError

    _seed(db_session)
    with SendGridServer() as server:
        server.state.script.extend([(503, {})] * 2)
        app_context.settings = app_context.settings.model_copy(
            update={"email_backend": "sendgrid", "sendgrid_base_url": server.url}
        )
        period = period_for("daily", f.NOW, app_context.settings)
        sender = SendGridSender(
            "SG.t", server.url, "a@rw.example", "RW", attempts=2, sleep=lambda s: None
        )
        with pytest.raises(RetryableError):
            jobs.run_period(app_context, period, f.NOW, sender=sender)
        assert set(db_session.scalars(select(Delivery.status))) == {DeliveryStatus.PENDING}
        result = jobs.send_digests("daily", NOW_ISO)
        assert result["sent"] == 2 and len(server.state.recipients()) == 2


def test_send_due_digests_runs_every_due_period_inline(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    _seed(db_session)
    result = jobs.send_due_digests(NOW_ISO)
    assert result["daily"]["result"]["sent"] == 2
    assert result["weekly"]["result"]["sent"] == 0
    assert jobs.send_due_digests(NOW_ISO)["daily"]["status"] == "done"


def test_machine_translation_fills_gaps_and_staff_text_wins(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    from alerts.translate import fill_translations

    missing = f.change(db_session, title_es="Reforma a la Ley Federal del Trabajo")
    staffed = f.change(db_session, title_es="Aviso del SAT", title_en="SAT notice (staff)")

    class Upper:
        name = "upper"

        def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
            return [t.upper() for t in texts]

    filled = fill_translations(db_session, [missing, staffed], Upper(), f.NOW)
    assert filled == 2  # staffed still lacked an English summary
    assert missing.title_en == "REFORMA A LA LEY FEDERAL DEL TRABAJO"
    assert missing.title_en_origin == TextOrigin.MACHINE
    assert staffed.title_en == "SAT notice (staff)" and staffed.title_en_origin == TextOrigin.STAFF
