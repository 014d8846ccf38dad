"""A local HTTP server that enforces the SendGrid v3 Mail Send rules the project relies on.

POST /v3/mail/send: 202 with X-Message-Id when valid; 400 for more than 1,000
personalizations, a repeated address, a missing sender, subject or content; 401 without a
bearer key. Scripted failures (429 with Retry-After, 5xx) can be queued. GET /v3/messages
answers Email Activity queries by `unique_args['send_id']` from what was accepted.
Used by the tests and by bench/bench_alerts.py; it never touches the network.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import re
import threading
import urllib.parse
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_PERSONALIZATIONS = 1000
# "The total collective size of your substitutions may not exceed 10,000 bytes per
# personalization object."
MAX_SUBSTITUTION_BYTES = 10_000
# Headers that may not be set through `headers` (Reply-To has its own `reply_to` field).
RESERVED_HEADERS = frozenset(
    {
        "x-sg-id",
        "x-sg-eid",
        "received",
        "dkim-signature",
        "content-type",
        "content-transfer-encoding",
        "to",
        "from",
        "subject",
        "reply-to",
        "cc",
        "bcc",
    }
)
QUERY_RE = re.compile(r"unique_args\['send_id'\]=\"([^\"]+)\"")


@dataclasses.dataclass
class Accepted:
    """One accepted request."""

    message_id: str
    send_id: str
    recipients: list[str]
    body: dict[str, Any]


class SendGridState:
    """What the server has seen; shared with the test thread."""

    def __init__(self, keep_bodies: bool = True) -> None:
        self.lock = threading.Lock()
        self.accepted: list[Accepted] = []
        self.requests = 0
        self.rejected: list[tuple[int, str]] = []
        self.script: collections.deque[tuple[int, dict[str, str]]] = collections.deque()
        self.keep_bodies = keep_bodies
        self.on_accept: Callable[[Accepted, int], None] | None = None

    def recipients(self) -> list[str]:
        """Every accepted recipient, once per accepted email."""
        with self.lock:
            return [r for a in self.accepted for r in a.recipients]


def validate(body: Any) -> str | None:
    """The first v3 rule the body breaks, or None."""
    if not isinstance(body, dict):
        return "body must be a JSON object"
    people = body.get("personalizations")
    if not isinstance(people, list) or not people:
        return "personalizations are required"
    if len(people) > MAX_PERSONALIZATIONS:
        return "The personalizations field must contain at most 1000 items"
    if not (body.get("from") or {}).get("email"):
        return "The from object must be provided for every email send"
    if not body.get("content") or not all(c.get("value") for c in body["content"]):
        return "content must contain at least one non-empty value"
    return _validate_people(people, bool(body.get("subject")))


def _validate_people(people: list[Any], has_subject: bool) -> str | None:
    seen: set[str] = set()
    for person in people:
        addresses = [
            a.get("email", "").lower() for key in ("to", "cc", "bcc") for a in person.get(key, [])
        ]
        if not addresses:
            return "each personalization needs at least one to address"
        for address in addresses:
            if address in seen:
                return (
                    f"Each email address in the personalization block should be unique ({address})"
                )
            seen.add(address)
        if not has_subject and not person.get("subject"):
            return "The subject is required"
        if any(not isinstance(v, str) for v in (person.get("custom_args") or {}).values()):
            return "custom_args values must be strings"
        problem = _validate_extras(person)
        if problem:
            return problem
    return None


def _validate_extras(person: dict[str, Any]) -> str | None:
    headers = person.get("headers") or {}
    reserved = sorted(name for name in headers if name.lower() in RESERVED_HEADERS)
    if reserved:
        return f"{reserved[0]} is a reserved header and cannot be set in headers"
    if any(not isinstance(v, str) for v in headers.values()):
        return "header values must be strings"
    substitutions = person.get("substitutions") or {}
    size = sum(len(k.encode()) + len(str(v).encode()) for k, v in substitutions.items())
    if size > MAX_SUBSTITUTION_BYTES:
        return "The total size of substitutions may not exceed 10,000 bytes per personalization"
    return None


class Handler(BaseHTTPRequestHandler):
    """Routes for Mail Send and the Email Activity query."""

    state: SendGridState
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _reply(
        self, status: int, payload: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.state
        with state.lock:
            state.requests += 1
            scripted = state.script.popleft() if state.script else None
        if (
            not self.headers.get("Authorization", "").startswith("Bearer ")
            or self.path != "/v3/mail/send"
        ):
            return self._reply(
                401 if self.path == "/v3/mail/send" else 404, {"errors": [{"message": "no"}]}
            )
        if scripted is not None:
            return self._reply(scripted[0], {"errors": [{"message": "scripted"}]}, scripted[1])
        self._accept(raw)

    def _accept(self, raw: bytes) -> None:
        state = self.state
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            return self._reply(400, {"errors": [{"message": "invalid JSON"}]})
        problem = validate(body)
        if problem:
            with state.lock:
                state.rejected.append((400, problem))
            return self._reply(400, {"errors": [{"message": problem, "field": "personalizations"}]})
        accepted = Accepted(
            message_id=uuid.uuid4().hex[:22],
            send_id=str((body.get("custom_args") or {}).get("send_id", "")),
            recipients=[p["to"][0]["email"].lower() for p in body["personalizations"]],
            body=body if state.keep_bodies else {},
        )
        with state.lock:
            state.accepted.append(accepted)
            count = len(state.accepted)
        if state.on_accept is not None:
            state.on_accept(accepted, count)
        self._reply(202, None, {"X-Message-Id": accepted.message_id})

    def do_GET(self) -> None:  # noqa: N802
        parsed = urllib.parse.urlparse(self.path)
        if parsed.path != "/v3/messages":
            return self._reply(404, {"errors": [{"message": "not found"}]})
        query = urllib.parse.parse_qs(parsed.query).get("query", [""])[0]
        match = QUERY_RE.search(query)
        with self.state.lock:
            found = [a for a in self.state.accepted if match and a.send_id == match.group(1)]
        messages = [
            {"to_email": r, "msg_id": f"{a.message_id}.{i}"}
            for a in found
            for i, r in enumerate(a.recipients)
        ]
        self._reply(200, {"messages": messages})


class SendGridServer:
    """Start/stop the server on a free loopback port."""

    def __init__(self, keep_bodies: bool = True) -> None:
        self.state = SendGridState(keep_bodies)
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to put in settings.sendgrid_base_url."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> SendGridServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
