"""The real `sendgrid` client against a local server that enforces v3 Mail Send rules."""

from __future__ import annotations

import pytest
from sendgrid import SendGridAPIClient

from alerts.errors import RetryableError
from alerts.senders import Batch, Envelope, SendGridSender, split
from tests.alerts.sendgrid_server import SendGridServer


@pytest.fixture()
def server():  # type: ignore[no-untyped-def]
    with SendGridServer() as running:
        yield running


def _batch(count: int, start: int = 0) -> Batch:
    envelopes = tuple(
        Envelope(
            to=f"m{i}@example.mx",
            delivery_id=i + 1,
            substitutions={"[%manage%]": f"https://rw.example/m/{i}"},
            headers={"List-Unsubscribe": f"<https://rw.example/u/{i}>"},
        )
        for i in range(start, start + count)
    )
    return Batch(
        "Asunto",
        "texto [%manage%]",
        "<p>[%manage%]</p>",
        envelopes,
        ("regwatch-digest", "daily"),
        "s1",
    )


def _sender(server: SendGridServer, sleeps: list[float] | None = None, **kwargs) -> SendGridSender:  # type: ignore[no-untyped-def]
    record = sleeps if sleeps is not None else []
    return SendGridSender(
        "SG.test", server.url, "alertas@rw.example", "RegWatch", sleep=record.append, **kwargs
    )


def test_one_request_carries_personalizations_categories_and_delivery_ids(
    server: SendGridServer,
) -> None:
    outcomes = _sender(server).send(_batch(1000))
    assert all(o.ok for o in outcomes) and len(outcomes) == 1000
    assert server.state.requests == 1
    body = server.state.accepted[0].body
    assert len(body["personalizations"]) == 1000
    first = body["personalizations"][0]
    assert first["custom_args"] == {"delivery_id": "1"}
    assert first["substitutions"]["[%manage%]"] == "https://rw.example/m/0"
    assert first["headers"]["List-Unsubscribe"] == "<https://rw.example/u/0>"
    assert body["categories"] == ["regwatch-digest", "daily"]
    assert body["custom_args"] == {"send_id": "s1"}
    assert outcomes[0].provider_id == server.state.accepted[0].message_id


def test_server_rejects_more_than_1000_personalizations_and_repeats(server: SendGridServer) -> None:
    from python_http_client.exceptions import BadRequestsError

    client = SendGridAPIClient(api_key="SG.test", host=server.url)
    sender = _sender(server)
    too_many = sender.request_body(_batch(1001))
    with pytest.raises(BadRequestsError):
        client.send(too_many)
    repeated = sender.request_body(_batch(2))
    repeated["personalizations"][1]["to"][0]["email"] = "M0@example.mx"
    with pytest.raises(BadRequestsError):
        client.send(repeated)
    assert [status for status, _ in server.state.rejected] == [400, 400]


def test_sender_never_builds_an_oversized_request(server: SendGridServer) -> None:
    from alerts.errors import PermanentError

    with pytest.raises(PermanentError):
        _sender(server).send(_batch(1001))


def test_4xx_is_recorded_per_delivery_and_not_retried(server: SendGridServer) -> None:
    batch = _batch(3)
    broken = Batch(
        batch.subject, batch.text, batch.html, batch.envelopes + (batch.envelopes[0],), send_id="x"
    )
    outcomes = _sender(server).send(broken)
    assert server.state.requests == 1
    assert [o.ok for o in outcomes] == [False] * 4
    assert "unique" in (outcomes[0].error or "")


def test_429_honours_retry_after_then_succeeds(server: SendGridServer) -> None:
    server.state.script.extend([(429, {"Retry-After": "7"}), (503, {})])
    sleeps: list[float] = []
    outcomes = _sender(server, sleeps).send(_batch(5))
    assert all(o.ok for o in outcomes)
    assert server.state.requests == 3
    assert sleeps == [7.0, 2.0]  # Retry-After first, then exponential backoff


def test_persistent_5xx_raises_retryable_after_attempts(server: SendGridServer) -> None:
    server.state.script.extend([(500, {})] * 3)
    with pytest.raises(RetryableError):
        _sender(server, attempts=3).send(_batch(2))
    assert server.state.requests == 3
    assert server.state.accepted == []


def test_activity_lookup_finds_an_accepted_send(server: SendGridServer) -> None:
    sender = _sender(server)
    batch = _batch(3)
    sender.send(batch)
    assert sender.sent_ids("s1", batch) == {1, 2, 3}
    assert sender.sent_ids("never", batch) == set()


def test_split_keeps_chunks_small_and_addresses_unique() -> None:
    envelopes = [Envelope(to=f"a{i % 3}@x.mx", delivery_id=i) for i in range(9)]
    chunks = split(envelopes, 2)
    assert all(len(c) <= 2 for c in chunks)
    for chunk in chunks:
        assert len({e.to for e in chunk}) == len(chunk)
    assert sorted(e.delivery_id for c in chunks for e in c) == list(range(9))


def test_request_turns_click_tracking_off_and_sets_reply_to_and_list_id(
    server: SendGridServer,
) -> None:
    from alerts.senders import Identity

    identity = Identity("alertas@rw.example", "RegWatch", "staff@rw.example", "digests.rw.example")
    sender = _sender(server, identity=identity)
    assert all(o.ok for o in sender.send(_batch(2)))
    body = server.state.accepted[0].body
    assert body["tracking_settings"]["click_tracking"] == {"enable": False, "enable_text": False}
    assert body["reply_to"] == {"email": "staff@rw.example"}
    headers = body["personalizations"][0]["headers"]
    assert headers["List-Id"] == "RegWatch <digests.rw.example>"
    assert headers["List-Unsubscribe"] == "<https://rw.example/u/0>"


def test_server_refuses_reserved_headers_and_oversized_substitutions(
    server: SendGridServer,
) -> None:
    reply = _batch(1)
    reply = Batch(
        reply.subject,
        reply.text,
        reply.html,
        (Envelope("a@example.mx", 1, {}, {"Reply-To": "x@example.mx"}),),
    )
    assert not _sender(server).send(reply)[0].ok
    big = {f"[%fb{i}y%]": "https://rw.example/" + "x" * 200 for i in range(60)}
    heavy = Batch("S", "t", "<p>h</p>", (Envelope("b@example.mx", 2, big),))
    assert not _sender(server).send(heavy)[0].ok
