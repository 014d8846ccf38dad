"""Email senders behind one interface: SendGrid (v3 Mail Send), SMTP, and a file outbox.

A Batch is one content (subject, text, HTML with link placeholders) and the recipients who
get exactly that content, each with their own substitutions, headers and delivery id. The
job layer records every delivery before and after `send`; a sender reports per recipient.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import pathlib
import smtplib
import time
from collections.abc import Callable, Sequence
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formataddr, formatdate, make_msgid
from typing import Any, Protocol

from alerts.errors import PermanentError, RetryableError

log = logging.getLogger(__name__)

SENDGRID_MAX_PERSONALIZATIONS = 1000


@dataclasses.dataclass(frozen=True)
class Envelope:
    """One recipient of a batch."""

    to: str
    delivery_id: int | None = None
    substitutions: dict[str, str] = dataclasses.field(default_factory=dict)
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Batch:
    """Identical content for several recipients; `send_id` names this one request."""

    subject: str
    text: str
    html: str
    envelopes: tuple[Envelope, ...]
    categories: tuple[str, ...] = ()
    send_id: str = ""


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What happened to one envelope."""

    to: str
    delivery_id: int | None
    ok: bool
    provider_id: str | None = None
    error: str | None = None


class Sender(Protocol):
    """Anything that can send a batch. `max_batch` caps envelopes per `send` call."""

    name: str
    max_batch: int

    def send(self, batch: Batch) -> list[Outcome]:
        """Send; raise RetryableError when the whole batch should be tried again later."""
        ...

    def sent_ids(self, send_id: str, batch: Batch) -> set[int] | None:
        """Delivery ids of a crashed attempt known to have gone out; None if unknowable."""
        ...


def fill(template: str, values: dict[str, str]) -> str:
    """Apply an envelope's substitutions locally (what SendGrid does on its side)."""
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    return template


# Headers written exactly as given, never folded or RFC 2047-encoded: List-Unsubscribe must
# stay a plain `<https://...>` for mail systems to use it (RFC 2369, RFC 8058).
VERBATIM_HEADERS = frozenset({"list-unsubscribe", "list-unsubscribe-post", "list-id"})


class _MailPolicy(EmailPolicy):
    """policy.SMTP, except that the list headers go out verbatim (they are ASCII URLs) and a
    non-ASCII subject is encoded whole (see `encode_subject`)."""

    def fold(self, name: str, value: str) -> str:
        own = self._own_line(name, str(value))
        return str(super().fold(name, value)) if own is None else own

    def fold_binary(self, name: str, value: str) -> bytes:
        own = self._own_line(name, str(value))
        return super().fold_binary(name, value) if own is None else own.encode("ascii")

    def _own_line(self, name: str, value: str) -> str | None:
        """The header line written here, or None to fold it as policy.SMTP does."""
        if name.lower() in VERBATIM_HEADERS and value.isascii():
            return f"{name}: {value}{self.linesep}"
        if name.lower() == "subject" and not value.isascii():
            return f"{name}: {encode_subject(value, self.linesep)}{self.linesep}"
        return None


def encode_subject(subject: str, linesep: str = "\r\n") -> str:
    """A non-ASCII subject as RFC 2047 encoded words only, folded between them.

    The standard folder mixes plain words and encoded words and leaves a space before the
    line break, which readers show as a doubled space ("Extended  Commercial"); whitespace
    between two encoded words is not part of the text, so encoding the whole line avoids it.
    """
    flat = " ".join(subject.split())
    return Header(flat, "utf-8", header_name="Subject").encode(linesep=linesep)


MAIL_POLICY = _MailPolicy(linesep="\r\n")


@dataclasses.dataclass(frozen=True)
class Identity:
    """Who every email is from, where replies go, and the List-Id of the digests."""

    sender: str
    sender_name: str
    reply_to: str = ""
    list_id: str = ""

    @classmethod
    def from_settings(cls, settings: Any) -> Identity:
        """From mail_from, mail_from_name, reply_to and list_id."""
        return cls(
            settings.mail_from,
            settings.mail_from_name,
            getattr(settings, "reply_to", "") or "",
            getattr(settings, "list_id", "") or "",
        )

    def list_header(self) -> str:
        """RFC 2919 List-Id: a phrase and the list's label in angle brackets."""
        return f"{self.sender_name} <{self.list_id}>" if self.list_id else ""


def standard_headers(identity: Identity, envelope: Envelope) -> dict[str, str]:
    """Headers every sender emits beyond From/To/Subject: List-Id (digests) and the envelope's."""
    headers = dict(envelope.headers)
    if identity.list_id and "List-Unsubscribe" in headers:
        headers["List-Id"] = identity.list_header()
    return headers


def build_mime(
    batch: Batch,
    envelope: Envelope,
    sender: str,
    sender_name: str,
    identity: Identity | None = None,
) -> EmailMessage:
    """A multipart/alternative message (plain text first, then HTML) for one envelope."""
    identity = identity or Identity(sender, sender_name)
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = formataddr((sender_name, sender))
    message["To"] = envelope.to
    if identity.reply_to:
        message["Reply-To"] = identity.reply_to
    message["Subject"] = fill(batch.subject, envelope.substitutions)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    for name, value in standard_headers(identity, envelope).items():
        message[name] = value
    if envelope.delivery_id is not None:
        message["X-RegWatch-Delivery"] = str(envelope.delivery_id)
    message.set_content(fill(batch.text, envelope.substitutions))
    message.add_alternative(fill(batch.html, envelope.substitutions), subtype="html")
    return message


# ---------------------------------------------------------------- outbox


class OutboxSender:
    """Writes one .eml file per envelope; a delivery's file name is fixed, so rewrites are safe."""

    name = "outbox"
    max_batch = 500

    def __init__(
        self, folder: pathlib.Path, sender: str, sender_name: str, identity: Identity | None = None
    ) -> None:
        self.folder = folder
        self.sender = sender
        self.sender_name = sender_name
        self.identity = identity or Identity(sender, sender_name)

    def path_for(self, envelope: Envelope, batch: Batch) -> pathlib.Path:
        """Where an envelope's .eml goes."""
        stem = (
            f"delivery-{envelope.delivery_id}"
            if envelope.delivery_id
            else _safe_stem(batch, envelope)
        )
        return self.folder / f"{stem}.eml"

    def send(self, batch: Batch) -> list[Outcome]:
        """Write the files (atomically, via a temporary name)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        outcomes = []
        for envelope in batch.envelopes:
            path = self.path_for(envelope, batch)
            temporary = path.with_suffix(".tmp")
            temporary.write_bytes(
                build_mime(batch, envelope, self.sender, self.sender_name, self.identity).as_bytes()
            )
            temporary.replace(path)
            outcomes.append(Outcome(envelope.to, envelope.delivery_id, True, provider_id=path.name))
        return outcomes

    def sent_ids(self, send_id: str, batch: Batch) -> set[int] | None:
        """The outbox can tell exactly: a delivery went out if its file exists."""
        return {
            e.delivery_id
            for e in batch.envelopes
            if e.delivery_id is not None and self.path_for(e, batch).exists()
        }


def _safe_stem(batch: Batch, envelope: Envelope) -> str:
    local = "".join(c if c.isalnum() else "_" for c in envelope.to)
    return f"{batch.send_id or 'message'}-{local}"


# ---------------------------------------------------------------- SMTP


class SmtpSender:
    """Sends through an SMTP relay, one connection per batch."""

    name = "smtp"
    max_batch = 200

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        sender_name: str,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 30.0,
        identity: Identity | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.sender, self.sender_name = sender, sender_name
        self.identity = identity or Identity(sender, sender_name)
        self.username, self.password = username, password
        self.starttls = starttls
        self.timeout = timeout

    def send(self, batch: Batch) -> list[Outcome]:
        """Send each envelope; a refused recipient is a permanent per-delivery failure."""
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as client:
                self._open(client)
                return [self._send_one(client, batch, envelope) for envelope in batch.envelopes]
        except (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as error:
            raise RetryableError(
                f"The SMTP relay {self.host}:{self.port} is unreachable ({error})."
            ) from None

    def _open(self, client: smtplib.SMTP) -> None:
        if self.starttls:
            client.starttls()
        if self.username:
            client.login(self.username, self.password)

    def _send_one(self, client: smtplib.SMTP, batch: Batch, envelope: Envelope) -> Outcome:
        message = build_mime(batch, envelope, self.sender, self.sender_name, self.identity)
        try:
            client.send_message(message, from_addr=self.sender, to_addrs=[envelope.to])
        except smtplib.SMTPRecipientsRefused as error:
            return Outcome(envelope.to, envelope.delivery_id, False, error=_refusal(error))
        except smtplib.SMTPResponseException as error:
            if error.smtp_code >= 500:
                return Outcome(
                    envelope.to,
                    envelope.delivery_id,
                    False,
                    error=f"{error.smtp_code} {error.smtp_error!r}",
                )
            raise RetryableError(
                f"The SMTP relay deferred a message ({error.smtp_code})."
            ) from None
        return Outcome(
            envelope.to, envelope.delivery_id, True, provider_id=str(message["Message-ID"])
        )

    def sent_ids(self, send_id: str, batch: Batch) -> set[int] | None:
        """SMTP cannot say what a crashed connection delivered."""
        return None


def _refusal(error: smtplib.SMTPRecipientsRefused) -> str:
    code, text = next(iter(error.recipients.values()))
    return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"


# ---------------------------------------------------------------- SendGrid


class SendGridSender:
    """The v3 Mail Send API through the official client; up to 1,000 personalizations a request.

    429 and 5xx are retried here with backoff, honouring Retry-After; other 4xx fail every
    delivery of the request, recorded and not retried.
    """

    name = "sendgrid"

    def __init__(
        self,
        api_key: str,
        host: str,
        sender: str,
        sender_name: str,
        attempts: int = 5,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        max_batch: int = SENDGRID_MAX_PERSONALIZATIONS,
        timeout: float = 60.0,
        identity: Identity | None = None,
    ) -> None:
        from sendgrid import SendGridAPIClient

        self.client = SendGridAPIClient(api_key=api_key or "unset", host=host.rstrip("/"))
        self.client.client.timeout = timeout
        self.sender, self.sender_name = sender, sender_name
        self.identity = identity or Identity(sender, sender_name)
        self.attempts = attempts
        self.max_wait = max_wait
        self.sleep = sleep
        self.max_batch = min(max_batch, SENDGRID_MAX_PERSONALIZATIONS)
        self.requests = 0

    def send(self, batch: Batch) -> list[Outcome]:
        """Post the batch (≤ max_batch envelopes) and report per envelope."""
        if len(batch.envelopes) > self.max_batch:
            raise PermanentError(f"A SendGrid request holds at most {self.max_batch} recipients.")
        body = self.request_body(batch)
        for attempt in range(1, self.attempts + 1):
            status, headers, text = self._post(body)
            if status < 300:
                return _all(batch, True, provider_id=_header(headers, "X-Message-Id"))
            if status == 429 or status >= 500:
                self._back_off(attempt, headers, status)
                continue
            log.warning("SendGrid refused send %s: %s %s", batch.send_id, status, text[:300])
            return _all(batch, False, error=f"SendGrid {status}: {text[:500]}")
        raise RetryableError(
            f"SendGrid kept failing after {self.attempts} attempts; the job will retry."
        )

    def request_body(self, batch: Batch) -> dict[str, Any]:
        """The v3 Mail Send JSON for a batch."""
        body: dict[str, Any] = {
            "from": {"email": self.sender, "name": self.sender_name},
            "subject": batch.subject,
            "content": [
                {"type": "text/plain", "value": batch.text},
                {"type": "text/html", "value": batch.html},
            ],
            "personalizations": [_personalization(e, self.identity) for e in batch.envelopes],
            # Click tracking would rewrite every signed link through SendGrid's redirector;
            # SendGrid's own unsubscribe footer would duplicate ours.
            "tracking_settings": {
                "click_tracking": {"enable": False, "enable_text": False},
                "subscription_tracking": {"enable": False},
            },
        }
        if self.identity.reply_to:
            body["reply_to"] = {"email": self.identity.reply_to}
        if batch.categories:
            body["categories"] = list(dict.fromkeys(batch.categories))[:10]
        if batch.send_id:
            body["custom_args"] = {"send_id": batch.send_id}
        return body

    def _post(self, body: dict[str, Any]) -> tuple[int, Any, str]:
        from python_http_client.exceptions import HTTPError

        self.requests += 1
        try:
            response = self.client.send(body)
        except HTTPError as error:
            return error.status_code, error.headers, _text(error.body)
        except OSError as error:  # refused, reset or timed out: treat as a 503
            return 503, {}, str(error)
        return response.status_code, response.headers, _text(response.body)

    def _back_off(self, attempt: int, headers: Any, status: int) -> None:
        if attempt >= self.attempts:
            return
        wait = _retry_after(headers)
        wait = min(self.max_wait, wait if wait is not None else 2 ** (attempt - 1))
        log.info("SendGrid answered %s; retrying in %.1f s", status, wait)
        self.sleep(wait)

    def sent_ids(self, send_id: str, batch: Batch) -> set[int] | None:
        """Ask the Email Activity API whether a crashed request's messages exist.

        Needs the Email Activity add-on; without it (401/403/404) the answer is unknowable.
        """
        from python_http_client.exceptions import HTTPError

        query = f"unique_args['send_id']=\"{send_id}\""
        try:
            response = self.client.client.messages.get(query_params={"query": query, "limit": 1000})
        except HTTPError as error:
            if error.status_code in (401, 403, 404):
                return None
            raise RetryableError(
                f"SendGrid activity lookup failed ({error.status_code})."
            ) from None
        except OSError as error:
            raise RetryableError(f"SendGrid activity lookup failed ({error}).") from None
        found = {
            m.get("to_email", "").lower()
            for m in json.loads(response.body or b"{}").get("messages", [])
        }
        return {
            e.delivery_id
            for e in batch.envelopes
            if e.delivery_id is not None and e.to.lower() in found
        }


def _personalization(envelope: Envelope, identity: Identity) -> dict[str, Any]:
    item: dict[str, Any] = {"to": [{"email": envelope.to}]}
    if envelope.substitutions:
        item["substitutions"] = envelope.substitutions
    headers = standard_headers(identity, envelope)
    if headers:
        # SendGrid writes Date and Message-ID itself; Reply-To goes in `reply_to` (reserved here).
        item["headers"] = headers
    if envelope.delivery_id is not None:
        item["custom_args"] = {"delivery_id": str(envelope.delivery_id)}
    return item


def _all(
    batch: Batch, ok: bool, provider_id: str | None = None, error: str | None = None
) -> list[Outcome]:
    return [
        Outcome(e.to, e.delivery_id, ok, provider_id=provider_id, error=error)
        for e in batch.envelopes
    ]


def _text(body: Any) -> str:
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    value = headers.get(name) if hasattr(headers, "get") else None
    return str(value) if value else None


def _retry_after(headers: Any) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    value = _header(headers, "Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


# ---------------------------------------------------------------- choice


def make_sender(settings: Any, **overrides: Any) -> Sender:
    """The sender chosen by settings.email_backend."""
    backend = settings.email_backend
    identity = Identity.from_settings(settings)
    if backend == "sendgrid":
        return SendGridSender(
            settings.sendgrid_api_key.get_secret_value(),
            settings.sendgrid_base_url,
            settings.mail_from,
            settings.mail_from_name,
            identity=identity,
            **overrides,
        )
    if backend == "smtp":
        return SmtpSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            settings.mail_from_name,
            settings.smtp_username,
            settings.smtp_password.get_secret_value(),
            settings.smtp_starttls,
            identity=identity,
        )
    return OutboxSender(
        pathlib.Path(settings.outbox_dir), settings.mail_from, settings.mail_from_name, identity
    )


def split(envelopes: Sequence[Envelope], size: int) -> list[tuple[Envelope, ...]]:
    """Chunks of at most `size` envelopes, with no address twice in one chunk (SendGrid 400s)."""
    chunks: list[list[Envelope]] = []
    seen: list[set[str]] = []
    for envelope in envelopes:
        key = envelope.to.lower()
        index = next(
            (i for i, c in enumerate(chunks) if len(c) < size and key not in seen[i]), None
        )
        if index is None:
            chunks.append([])
            seen.append(set())
            index = len(chunks) - 1
        chunks[index].append(envelope)
        seen[index].add(key)
    return [tuple(chunk) for chunk in chunks]


__all__ = [
    "Batch",
    "Envelope",
    "Identity",
    "OutboxSender",
    "Outcome",
    "SendGridSender",
    "Sender",
    "SmtpSender",
    "build_mime",
    "make_sender",
    "split",
]
