"""A local stand-in for every source: the project's own pages in the real formats, on loopback.

Tests, `regwatch demo` and the benchmarks point the spiders' base URLs at it::

    with running_fake_sources() as fake:
        settings = load_settings(**fake.settings_overrides())
        ...
        assert fake.count("sidof", "/notas/docFuente/") == 0

Each source host gets its own port (so each has its own robots.txt, as the real hosts do).
Faults are switched per host: "500", "timeout", "empty", "captcha", "wrong_day",
"truncated", "reshaped" (a well-formed page in a structure no parser knows), and (DOF
hosts) "no_edition", the empty page or list for any date. Every request is
logged so tests can assert what a run fetched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import http.server
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from demo.sites import dof, others
from demo.sites.render import read, render

log = logging.getLogger(__name__)

CONTROL_PREFIX = "/__fake__/"
HOSTS = ("dof", "sidof", "dofws", "csms", "fr", "sat", "gobmx", "anam", "snice")
FAULTS = (
    "500", "timeout", "empty", "captcha", "wrong_day", "truncated", "no_edition", "reshaped",
)  # fmt: skip
# Which Settings key points at which host, and the path the setting carries.
SETTING_FOR_HOST = {
    "dof": ("dof_base_url", ""),
    "sidof": ("sidof_base_url", ""),
    "dofws": ("dof_ws_base_url", ""),
    "csms": ("csms_base_url", ""),
    "fr": ("federal_register_base_url", ""),
    "sat": ("sat_base_url", ""),
    "gobmx": ("gobmx_base_url", ""),
    "anam": ("anam_feed_url", "/sitemap.rss"),
    "snice": ("snice_base_url", ""),
}


@dataclasses.dataclass(frozen=True)
class Reply:
    """One HTTP answer."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=UTF-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass(frozen=True)
class LoggedRequest:
    """One request the fake sources received."""

    host: str
    path: str
    query: str
    headers: dict[str, str]


@dataclasses.dataclass
class FakeState:
    """What the fake sources serve: generated content plus edits and faults."""

    notes_per_day: int = 8
    timeout_seconds: float = 3.0
    faults: dict[str, str] = dataclasses.field(default_factory=dict)
    fault_paths: dict[str, str] = dataclasses.field(default_factory=dict)
    titles: dict[int, str] = dataclasses.field(default_factory=dict)
    bodies: dict[int, str] = dataclasses.field(default_factory=dict)
    others: others.OtherSources = dataclasses.field(default_factory=others.OtherSources)
    log: list[LoggedRequest] = dataclasses.field(default_factory=list)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)


class FakeSources:
    """The running fake sources: one threaded HTTP server per source host."""

    def __init__(self, notes_per_day: int = 8, timeout_seconds: float = 3.0) -> None:
        self.state = FakeState(notes_per_day=notes_per_day, timeout_seconds=timeout_seconds)
        self.servers: dict[str, http.server.ThreadingHTTPServer] = {}
        self.threads: list[threading.Thread] = []

    # --- lifecycle
    def start(self) -> FakeSources:
        """Bind every host to a free loopback port and serve in daemon threads."""
        for host in HOSTS:
            server = _QuietServer(("127.0.0.1", 0), _handler(host, self.state))
            server.daemon_threads = True
            self.servers[host] = server
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"fake-{host}"
            )
            thread.daemon = True
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving and release the ports."""
        for server in self.servers.values():
            server.shutdown()
            server.server_close()
        self.servers.clear()

    # --- addresses
    def base_url(self, host: str) -> str:
        """http://127.0.0.1:PORT of one host."""
        return f"http://127.0.0.1:{self.servers[host].server_port}"

    def settings_overrides(self) -> dict[str, str]:
        """Settings keys pointing every source at these servers."""
        return {
            key: self.base_url(host) + suffix for host, (key, suffix) in SETTING_FOR_HOST.items()
        }

    # --- faults and edits
    def set_fault(self, host: str, fault: str | None, path_contains: str = "") -> None:
        """Make `host` misbehave (None clears); only where path?query contains `path_contains`."""
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; use one of {', '.join(FAULTS)}")
        with self.state.lock:
            if fault is None:
                self.state.faults.pop(host, None)
            else:
                self.state.faults[host] = fault
                self.state.fault_paths[host] = path_contains

    def amend_note(
        self, code: int | str, title: str | None = None, body: str | None = None
    ) -> None:
        """Change a DOF note's listed title and/or its docFuente text from now on."""
        with self.state.lock:
            if title is not None:
                self.state.titles[int(code)] = title
            if body is not None:
                self.state.bodies[int(code)] = body

    # --- the request log
    def requests(self, host: str | None = None, path_contains: str = "") -> list[LoggedRequest]:
        """Requests received so far, optionally of one host and path fragment."""
        with self.state.lock:
            logged = list(self.state.log)
        return [r for r in logged if (host is None or r.host == host) and path_contains in r.path]

    def count(self, host: str | None = None, path_contains: str = "") -> int:
        """How many requests matched."""
        return len(self.requests(host, path_contains))

    def clear_log(self) -> None:
        """Forget the requests received so far."""
        with self.state.lock:
            self.state.log.clear()


@contextlib.contextmanager
def running_fake_sources(
    faults: dict[str, str] | None = None, notes_per_day: int = 8, timeout_seconds: float = 3.0
) -> Iterator[FakeSources]:
    """Serve the fake sources for the duration of a `with` block."""
    fake = FakeSources(notes_per_day=notes_per_day, timeout_seconds=timeout_seconds).start()
    for host, fault in (faults or {}).items():
        fake.set_fault(host, fault)
    try:
        yield fake
    finally:
        fake.stop()


def serve(on_ready: Callable[[FakeSources], None] | None = None, notes_per_day: int = 8) -> None:
    """Serve until interrupted (for `regwatch demo` or by hand); `on_ready` gets the servers."""
    with running_fake_sources(notes_per_day=notes_per_day) as fake:
        if on_ready is not None:
            on_ready(fake)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


def remote_count(base_url: str, host: str | None = None, path_contains: str = "") -> int:
    """Ask fake sources running in another process how many requests matched."""
    import urllib.parse
    import urllib.request

    pairs = (("host", host), ("path", path_contains))
    query = urllib.parse.urlencode({key: value for key, value in pairs if value})
    with urllib.request.urlopen(f"{base_url}{CONTROL_PREFIX}count?{query}", timeout=10) as reply:
        return int(json.loads(reply.read())["count"])


def remote_clear(base_url: str) -> None:
    """Forget the requests logged by fake sources running in another process."""
    import urllib.request

    with urllib.request.urlopen(f"{base_url}{CONTROL_PREFIX}clear", timeout=10):
        pass


def main(argv: list[str] | None = None) -> None:
    """`python -m demo.fake_sources [NOTES_PER_DAY]`: serve, print the settings as JSON."""
    args = sys.argv[1:] if argv is None else argv
    notes = int(args[0]) if args else 8

    def announce(fake: FakeSources) -> None:
        print(json.dumps(fake.settings_overrides()), flush=True)

    serve(announce, notes_per_day=notes)


# ---------------------------------------------------------------- HTTP plumbing


class _QuietServer(http.server.ThreadingHTTPServer):
    """A threaded server that does not print a traceback when a client hangs up."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("fake source: client %s hung up", client_address)


def _handler(host: str, state: FakeState) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls on keep-alive
        server_version = "FakeSources/1.0"

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            parts = urlsplit(self.path)
            if parts.path.startswith(CONTROL_PREFIX):
                self._send(_control(state, parts.path, parts.query))
                return
            record = LoggedRequest(host, parts.path, parts.query, dict(self.headers.items()))
            with state.lock:
                state.log.append(record)
            reply = _answer(host, state, parts.path, parts.query, record.headers)
            if reply is not None:
                self._send(reply)

        def _send(self, reply: Reply) -> None:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            log.debug("fake %s: " + format, host, *args)

    return Handler


def _control(state: FakeState, path: str, query: str) -> Reply:
    """Out-of-band control for a server in another process: request counts, log reset."""
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    with state.lock:
        if path == CONTROL_PREFIX + "clear":
            state.log.clear()
        host, fragment = params.get("host"), params.get("path", "")
        count = sum(1 for r in state.log if (host is None or r.host == host) and fragment in r.path)
    return Reply(200, json.dumps({"count": count}).encode(), "application/json")


def _answer(
    host: str, state: FakeState, path: str, query: str, headers: dict[str, str]
) -> Reply | None:
    if path == "/robots.txt":
        return _robots(host)
    fault = state.faults.get(host)
    if fault and state.fault_paths.get(host, "") in f"{path}?{query}":
        faulted = _faulty(fault, host, state, path, query, headers)
        if faulted is not None or fault == "timeout":
            return faulted
    return _content(host, state, path, query, headers)


def _faulty(
    fault: str, host: str, state: FakeState, path: str, query: str, headers: dict[str, str]
) -> Reply | None:
    if fault == "500":
        return Reply(500, b"<html><body><h1>Internal Server Error</h1></body></html>")
    if fault == "timeout":
        time.sleep(state.timeout_seconds)
        return None  # the client has given up; close without answering
    if fault == "empty":
        return Reply(200, b"")
    if fault == "captcha":
        return Reply(200, read("captcha.html").encode("utf-8"))
    if fault == "no_edition" and host == "sidof" and "/dof/sidof/notas/" in path:
        lists: dict[str, list[object]] = {
            "NotasMatutinas": [],
            "NotasVespertinas": [],
            "NotasExtraordinarias": [],
        }
        return Reply(200, json.dumps({"messageCode": 200, **lists}).encode(), "application/json")
    if fault == "no_edition" and host == "dofws":
        return Reply(200, b'{"ejemplares":[],"indicadores":{}}', "application/json")
    if fault == "no_edition" and host == "dof":
        params = {k: v[-1] for k, v in parse_qs(query).items()}
        try:
            day = dt.date(int(params["year"]), int(params["month"]), int(params["day"]))
        except (KeyError, ValueError):
            day = dt.date(2000, 1, 1)
        return Reply(200, dof.render_no_edition(day), "text/html")
    if fault == "reshaped":
        return _reshaped(_content(host, state, path, query, headers))
    if fault == "truncated":
        full = _content(host, state, path, query, headers)
        return dataclasses.replace(full, body=full.body[: int(len(full.body) * 0.55)])
    return _content(host, state, path, query, headers, shift_days=-1)  # wrong_day


def _reshaped(full: Reply) -> Reply:
    """The same address after a redesign: a well-formed page in a structure no parser knows."""
    kind = full.content_type.lower()
    if "javascript" in kind or "json" in kind:
        body = b'GDWidgets[0].update({"results": {"moved": "see the new portal"}});'
        if not full.body.lstrip().startswith(b"GDWidgets"):
            body = b'{"results": {"moved": "see the new portal"}}'
    elif "xml" in kind or "rss" in kind:
        body = b'<?xml version="1.0" encoding="UTF-8"?><portal><aviso>Nuevo portal</aviso></portal>'
    else:
        body = (
            b"<!DOCTYPE html><html><head><title>Nuevo portal</title></head><body>"
            b'<main class="portal-v2"><section class="tarjetas"><p>Consulte el nuevo '
            b"portal de publicaciones.</p></section></main></body></html>"
        )
    return dataclasses.replace(full, body=body)


def _robots(host: str) -> Reply:
    if host == "dof":
        return Reply(200, read("dof_robots.txt").encode(), "text/plain")
    if host == "sidof":
        text = render("sidof_robots.txt", {"forbidden_code": dof.FORBIDDEN_CODE})
        return Reply(200, text.encode(), "text/plain")
    return Reply(200, b"User-agent: *\nDisallow: /admin/\n", "text/plain")


def _content(
    host: str,
    state: FakeState,
    path: str,
    query: str,
    headers: dict[str, str],
    shift_days: int = 0,
) -> Reply:
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    if host == "dof":
        return _dof_index(state, path, params, shift_days)
    if host == "sidof":
        return _sidof(state, path, shift_days)
    if host == "dofws":
        return _dof_ws(state, path, params, shift_days)
    reply = others.answer(state.others, host, path, params, headers, shift_days)
    return Reply(reply.status, reply.body, reply.content_type, reply.headers)


def _dof_index(state: FakeState, path: str, params: dict[str, str], shift_days: int) -> Reply:
    if not path.startswith(("/index", "/")) or "nota_detalle" in path:
        return Reply(404, b"<html><body>No encontrado</body></html>")
    try:
        day = dt.date(int(params["year"]), int(params["month"]), int(params["day"]))
    except (KeyError, ValueError):
        return Reply(200, dof.render_no_edition(dt.date(2000, 1, 1)))
    edition = params.get("edicion", "MAT").upper()
    served = day + dt.timedelta(days=shift_days)
    if edition not in dof.EDITIONS:
        return Reply(200, dof.render_no_edition(day))
    with state.lock:
        titles = tuple(sorted(state.titles.items()))
    body = _index_page(served, edition, state.notes_per_day, titles)
    # The real index says nothing of its charset in the header and is cp1252.
    return Reply(200, body, "text/html")


# Rendering costs more than serving; benchmarks fetch the same pages run after run.
@functools.lru_cache(maxsize=1200)  # a year of editions, about 45 MB at most
def _index_page(
    served: dt.date, edition: str, per_day: int, titles: tuple[tuple[int, str], ...]
) -> bytes:
    notes = dof.notes_of(served, edition, per_day)
    return dof.render_index(served, edition, notes, dict(titles), served)


def _titles(state: FakeState) -> dict[int, str]:
    with state.lock:
        return dict(state.titles)


def _sidof_list(state: FakeState, path: str, shift_days: int) -> Reply:
    try:
        day = dt.datetime.strptime(path.rstrip("/").rsplit("/", 1)[-1], "%d-%m-%Y").date()
    except ValueError:
        return Reply(404, b'{"messageCode":404,"response":"NOT_FOUND"}', "application/json")
    served = day + dt.timedelta(days=shift_days)
    body = dof.render_sidof_list(served, state.notes_per_day, _titles(state))
    return Reply(200, body, "application/json")


def _dof_ws(state: FakeState, path: str, params: dict[str, str], shift_days: int) -> Reply:
    if "WS_getDiarioFull" not in path:
        return Reply(404, b"<html><body>No encontrado</body></html>")
    try:
        day = dt.date(int(params["year"]), int(params["month"]), int(params["day"]))
    except (KeyError, ValueError):
        return Reply(200, b'{"ejemplares":[]}', "application/json")
    served = day + dt.timedelta(days=shift_days)
    body = dof.render_ws_diario(served, state.notes_per_day, _titles(state))
    return Reply(200, body, "text/html; charset=UTF-8")


def _sidof(state: FakeState, path: str, shift_days: int = 0) -> Reply:
    if path.startswith("/dof/sidof/notas/"):
        return _sidof_list(state, path, shift_days)
    prefix = "/notas/docFuente/"
    code_text = path[len(prefix) :] if path.startswith(prefix) else ""
    note = dof.note_for(int(code_text)) if code_text.isdigit() else None
    if note is None:
        return Reply(404, b'{"messageCode":404,"response":"NOT_FOUND"}', "application/json")
    with state.lock:
        title, text = state.titles.get(note.code), state.bodies.get(note.code)
    return Reply(200, _doc_fuente_page(note, title, text))


@functools.lru_cache(maxsize=16384)
def _doc_fuente_page(note: dof.FakeNote, title: str | None, text: str | None) -> bytes:
    return dof.render_doc_fuente(note, title, text)


if __name__ == "__main__":
    main()
