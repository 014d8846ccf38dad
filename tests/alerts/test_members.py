"""Members: validation, CSV import with line numbers, double opt-in, one-click unsubscribe."""

from __future__ import annotations

import pytest

from alerts import jobs, members
from alerts.errors import InvalidToken, MemberInputError
from alerts.links import Links
from alerts.messages import confirmation_message
from store.models import MemberStatus
from tests.alerts import factories as f

CSV = """email,name,company,language,topics,frequency
ana@maquila.mx,Ana,Uno,es,customs;immex,daily
not-an-address,Bad,Uno,es,customs,daily
bob@maquila.com,Bob,Dos,en,tax,weekly
carla@maquila.mx,Carla,Tres,fr,customs,daily
dan@maquila.mx,Dan,Cuatro,both,shipping,daily
ana@maquila.mx,Ana again,Uno,es,customs,daily
eva@maquila.mx,Eva,Cinco,,,
"""


def test_validate_explains_the_first_problem_in_one_sentence() -> None:
    with pytest.raises(MemberInputError, match="not one of en, es or both"):
        members.validate("a@b.mx", language="fr")
    with pytest.raises(MemberInputError, match="not an email address"):
        members.validate("a@@b")
    data = members.validate(" Ana@Maquila.MX ", topics="customs; IMMEX", frequency="Weekly")
    assert (data.email, data.topics, data.frequency) == (
        "ana@maquila.mx",
        ("customs", "immex"),
        "weekly",
    )


def test_import_reports_bad_rows_by_line_and_keeps_the_rest(db_session) -> None:  # type: ignore[no-untyped-def]
    report = members.import_members(db_session, CSV, f.NOW)
    assert report.imported == ["ana@maquila.mx", "bob@maquila.com", "eva@maquila.mx"]
    lines = [line for line, _ in report.errors]
    assert lines == [3, 5, 6, 7]
    reasons = dict(report.errors)
    assert "not an email address" in reasons[3]
    assert "fr" in reasons[5] and "shipping" in reasons[6] and "twice" in reasons[7]
    listed = members.list_members(db_session)
    assert [m.email for m in listed] == ["ana@maquila.mx", "bob@maquila.com", "eva@maquila.mx"]
    assert all(m.status == MemberStatus.PENDING for m in listed)
    eva = members.find_member(db_session, "EVA@maquila.mx")
    assert (
        eva is not None
        and eva.language.value == "es"
        and eva.subscriptions[0].frequency.value == "daily"
    )


def test_import_without_email_column_is_one_clear_error(db_session) -> None:  # type: ignore[no-untyped-def]
    report = members.import_members(db_session, "name,company\nAna,Uno\n", f.NOW)
    assert report.imported == [] and report.errors == [
        (1, "the header row must name an `email` column")
    ]


def test_double_opt_in(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    links = Links.from_settings(app_context.settings)
    member = members.add_member(
        db_session, members.validate("ana@maquila.mx", topics="customs"), f.NOW
    )
    f.change(db_session)
    db_session.commit()
    assert jobs.send_digests("daily", f.NOW.isoformat())["sent"] == 0  # unconfirmed: nothing
    message = confirmation_message(member.email, "Ana", "es", member.id, links, f.NOW)
    assert "Confirme su suscripción" in message.subject
    token = message.text.split("/members/confirm/")[1].split()[0]
    with pytest.raises(InvalidToken):
        members.confirm_by_token(db_session, links, token, f.NOW + f.dt.timedelta(days=8))
    members.confirm_by_token(db_session, links, token, f.NOW)
    db_session.commit()
    assert member.status == MemberStatus.ACTIVE and member.confirmed_at is not None
    later = (f.NOW + f.dt.timedelta(days=1)).isoformat()
    # The digest for the period that follows confirmation goes out.
    f.change(db_session, published_at=f.NOW + f.dt.timedelta(hours=2))
    db_session.commit()
    assert jobs.send_digests("daily", later)["sent"] == 1


def test_one_click_unsubscribe_per_subscription_and_everything(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    links = Links.from_settings(app_context.settings)
    member = f.member(db_session, "ana@maquila.mx", topics=("customs",))
    second = members.add_subscription(db_session, member, ["labor"], "weekly")
    first_id = member.subscriptions[0].id
    token = links.token("unsubscribe", member.id, f.NOW, first_id)
    members.unsubscribe_by_token(db_session, links, token, f.NOW)
    members.unsubscribe_by_token(db_session, links, token, f.NOW)  # idempotent
    db_session.refresh(member)
    assert [s.active for s in member.subscriptions] == [False, True]
    assert member.status == MemberStatus.ACTIVE and second.active
    everything = links.token("unsubscribe", member.id, f.NOW)
    members.unsubscribe_by_token(db_session, links, everything, f.NOW)
    assert member.status == MemberStatus.UNSUBSCRIBED and not any(
        s.active for s in member.subscriptions
    )


def test_remove_deletes_or_keeps_history(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    f.member(db_session, "gone@maquila.mx")
    assert members.remove_member(db_session, "gone@maquila.mx", f.NOW) == "deleted"
    assert members.find_member(db_session, "gone@maquila.mx") is None
    f.member(db_session, "kept@maquila.mx")
    f.change(db_session)
    db_session.commit()
    jobs.send_digests("daily", f.NOW.isoformat())
    assert members.remove_member(db_session, "kept@maquila.mx", f.NOW) == "unsubscribed"
    with pytest.raises(MemberInputError, match="No member"):
        members.remove_member(db_session, "nobody@maquila.mx", f.NOW)
