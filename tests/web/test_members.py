"""Member self-service: subscribe, confirm, manage, unsubscribe, and the webhook route."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from store.models import Member, MemberStatus
from tests.web.conftest import NOW, token


def _subscribe(client, email="ana@maquila.example", **extra):  # type: ignore[no-untyped-def]
    data = {
        "csrf_token": token(client, "/subscribe"),
        "email": email,
        "name": "Ana",
        "company": "Maquila SA",
        "language": "es",
        "topics": ["customs", "immex"],
        "frequency": "weekly",
        **extra,
    }
    return client.post("/subscribe", data=data)


def _confirm_link(outbox) -> str:  # type: ignore[no-untyped-def]
    text = "\n".join(p.read_text(errors="replace") for p in sorted(outbox.rglob("*.eml")))
    text = re.sub(r"=\r?\n", "", text)  # quoted-printable soft breaks
    return re.findall(r"/members/confirm/[A-Za-z0-9_.\-=]+", text)[-1]


def test_subscribe_confirm_manage_unsubscribe(client, db_sessions, test_settings):
    import pathlib

    response = _subscribe(client)
    assert response.status_code == 200 and "confirmación" in response.text
    confirm = client.get(_confirm_link(pathlib.Path(test_settings.outbox_dir)))
    assert confirm.status_code == 200 and "confirmada" in confirm.text
    manage_url = re.search(r'href="(/members/manage/[^"]+)"', confirm.text).group(1)
    manage = client.get(manage_url)
    assert 'value="customs" checked' in manage.text
    saved = client.post(
        manage_url,
        data={
            "csrf_token": token(client, manage_url),
            "name": "Ana López",
            "company": "Maquila SA",
            "language": "en",
            "topics": ["labor"],
            "frequency": "daily",
        },
    )
    assert saved.status_code == 200 and "preferences are saved" in saved.text
    with db_sessions() as session:
        member = session.scalars(select(Member)).one()
        assert member.status == MemberStatus.ACTIVE and member.language.value == "en"
        assert member.subscriptions[0].topics == ["labor"]
    unsubscribe_url = re.search(r'href="(/members/unsubscribe/[^"]+)"', saved.text).group(1)
    assert "Stop all RegWatch alerts" in client.get(unsubscribe_url).text
    done = client.post(unsubscribe_url, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "unsubscribed" in done.text
    with db_sessions() as session:
        assert session.scalars(select(Member)).one().status == MemberStatus.UNSUBSCRIBED


def test_bad_address_and_expired_link(client, clock, test_settings):
    import pathlib

    bad = _subscribe(client, email="not-an-address")
    assert bad.status_code == 400 and "Escriba un correo válido" in bad.text
    _subscribe(client, email="late@maquila.example")
    link = _confirm_link(pathlib.Path(test_settings.outbox_dir))
    clock["now"] = NOW + dt.timedelta(days=test_settings.confirm_link_max_age_days + 1)
    expired = client.get(link)
    assert expired.status_code == 400 and "caducó" in expired.text
    forged = client.get("/members/confirm/abc.def.ghi?lang=en")
    assert forged.status_code == 400 and "not valid" in forged.text


def test_subscribe_is_rate_limited(client, test_settings):
    for index in range(test_settings.subscribe_rate_per_hour):
        assert _subscribe(client, email=f"m{index}@maquila.example").status_code == 200
    limited = _subscribe(client, email="one-more@maquila.example")
    assert limited.status_code == 429


def test_webhook_refuses_unsigned_requests(client):
    response = client.post(
        "/webhooks/sendgrid", content=b"[]", headers={"content-type": "application/json"}
    )
    assert response.status_code == 403
