"""Benchmark: the web app on 200,000 changes in PostgreSQL, 20 concurrent clients.

Loads a separate database `regwatch_bench` with COPY, starts uvicorn in a subprocess on
loopback, logs a staff user in, then drives three scenarios (the flagged queue, a full-text
search of the queue, the weekly summary) for 30 seconds each with 20 concurrent keep-alive
clients (wrk when installed: it takes far less of the shared CPU than Python clients; else
httpx). Prints p50/p95/p99, throughput, errors, the load average and how often the data
version of what the pages show moved; never asserts on time.

The scenarios run against one server process (the baseline) and then against two
(uvicorn --workers 2: separate processes, separate page caches, one database), and the
table gives the ratio of their throughputs. A last scenario drives the queue while another
connection writes what the pages do not show (crawl runs, deliveries) 20 times a second:
cached pages must survive those writes.
Run: `.venv/bin/python -m bench.bench_web [--reuse] [--httpx] [--changes N] [--seconds S]`
(needs PostgreSQL at 127.0.0.1; `--reuse` keeps the loaded database, `--httpx` uses the
Python client even when wrk is installed, `--changes` loads fewer than 200,000 changes on a
busy machine). BENCH_WEB_WORKERS="1,2" sets the server process counts compared.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import pathlib
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ADMIN_URL = "postgresql://postgres@127.0.0.1/postgres"
BENCH_DB = "regwatch_bench"
BENCH_URL = f"postgresql://postgres@127.0.0.1/{BENCH_DB}"
CHANGES = 200_000
CLIENTS = 20
SECONDS = 30
WORKERS = tuple(int(n) for n in os.environ.get("BENCH_WEB_WORKERS", "1,2").split(","))
WARMUP_SECONDS = 3
NOW = dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.UTC)
SOURCES = [
    "dof_daily",
    "us_cbp_csms",
    "us_federal_register",
    "mx_sat_normatividad",
    "mx_gobmx_prensa",
    "mx_anam",
    "mx_snice",
]
TOPICS = ["customs", "labor", "tax", "immex"]
WORDS = [
    "acuerdo",
    "decreto",
    "aviso",
    "resolución",
    "reglas",
    "generales",
    "comercio",
    "exterior",
    "aduanas",
    "padrón",
    "importadores",
    "programa",
    "maquiladora",
    "inventarios",
    "anexo",
    "fracción",
    "arancelaria",
    "salario",
    "mínimo",
    "trabajadores",
    "contribuciones",
    "impuesto",
    "valor",
    "agregado",
    "certificación",
    "cbp",
    "entry",
    "filing",
    "duty",
    "drawback",
    "notice",
    "rule",
    "comment",
    "period",
    "effective",
    "tariff",
]
RARE_WORD = "reexpedición"  # in 1% of the documents: the search scenario
PASSWORD = "bench password 123"


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
        _tune_for_web(connection)


def _tune_for_web(connection) -> None:  # type: ignore[no-untyped-def]
    """Parallel query helps reports, not 20 concurrent page views on a small machine: the
    worker start-up costs more than the short queries it splits (recommended in production).
    """
    connection.execute(f"ALTER DATABASE {BENCH_DB} SET max_parallel_workers_per_gather = 0")
    # Data this size sits in memory or on SSD: random reads cost about as much as sequential.
    connection.execute(f"ALTER DATABASE {BENCH_DB} SET random_page_cost = 1.1")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _document_row(i: int, rng: random.Random) -> tuple:
    seen = NOW - dt.timedelta(minutes=10 * (CHANGES - i))  # ~3.8 years of history
    body = _text(rng, 60) + (f" {RARE_WORD} de mercancías" if i % 100 == 0 else "")
    effective = (seen + dt.timedelta(days=rng.randint(5, 60))).date() if i % 7 == 0 else None
    closes = (seen + dt.timedelta(days=rng.randint(10, 45))).date() if i % 11 == 0 else None
    return (
        i,
        SOURCES[i % len(SOURCES)],
        f"ext-{i}",
        f"https://example.org/doc/{i}",
        _text(rng, 9).capitalize(),
        "SECRETARIA DE ECONOMIA",
        "es" if i % 3 else "en",
        seen.date(),
        "acuerdo",
        effective,
        closes,
        body,
        f"{i:064x}",
        "{}",
        seen,
        seen,
    )


def _change_row(i: int, rng: random.Random) -> tuple:
    created = NOW - dt.timedelta(minutes=10 * (CHANGES - i))
    roll = rng.random()
    status = (
        "flagged"
        if roll < 0.05
        else "published"
        if roll < 0.85
        else ("archived" if roll < 0.95 else "rejected")
    )
    topics = sorted(rng.sample(TOPICS, rng.randint(0, 2)))
    scores = {t: round(rng.uniform(0.4, 0.99), 2) for t in topics}
    published = created + dt.timedelta(hours=2) if status == "published" else None
    title = _text(rng, 8).capitalize()
    return (
        i,
        i,
        "new",
        status,
        json.dumps(topics),
        json.dumps(scores),
        "low confidence" if status == "flagged" else None,
        i % 97 == 0,
        title,
        title,
        created,
        created,
        published,
        1,
    )


def _load(url: str) -> float:
    """Bulk-load sources, documents and changes with COPY; returns seconds taken."""
    import psycopg

    started = time.perf_counter()
    rng = random.Random(47)
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS ix_documents_fts")  # rebuilt once, after COPY
        for source in SOURCES:
            cursor.execute(
                "INSERT INTO sources (id, name, enabled, state, consecutive_failures,"
                " cursor) VALUES (%s, %s, true, 'ok', 0, '{}')",
                (source, source),
            )
        columns = (
            "id, source_id, external_id, url, title, agency, language, published_on, "
            "doc_type, effective_on, comments_close_on, body, content_hash, extra, "
            "first_seen_at, last_seen_at"
        )
        with cursor.copy(f"COPY documents ({columns}) FROM STDIN") as copy:
            for i in range(1, CHANGES + 1):
                copy.write_row(_document_row(i, rng))
        columns = (
            "id, document_id, kind, status, topics, scores, flag_reason, urgent, "
            "title_en, title_es, created_at, updated_at, published_at, version"
        )
        with cursor.copy(f"COPY changes ({columns}) FROM STDIN") as copy:
            for i in range(1, CHANGES + 1):
                copy.write_row(_change_row(i, rng))
        cursor.execute("SELECT setval('documents_id_seq', %s)", (CHANGES,))
        cursor.execute("SELECT setval('changes_id_seq', %s)", (CHANGES,))
        from store.search import PG_DDL

        for statement in PG_DDL:
            cursor.execute(statement)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def _add_staff(url: str) -> None:
    from sqlalchemy import text

    from store.db import make_engine
    from web.security import hash_password

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staff_users (email, password_hash, role, active, failed_logins, "
                "created_at) VALUES ('bench@example.org', :h, 'admin', true, 0, now())"
            ),
            {"h": hash_password(PASSWORD)},
        )
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(port: int, workers: int) -> subprocess.Popen:
    env = {
        "REGWATCH_DATABASE_URL": BENCH_URL,
        "REGWATCH_SECRET_KEY": "bench-secret-key",
        "REGWATCH_ENVIRONMENT": "development",
        "REGWATCH_LOGIN_MAX_ATTEMPTS": "100",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "web.asgi:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("uvicorn did not start within 60 seconds")


async def _login(base: str) -> dict[str, str]:
    import httpx

    async with httpx.AsyncClient(base_url=base) as client:
        page = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = await client.post(
            "/login", data={"email": "bench@example.org", "password": PASSWORD, "csrf_token": token}
        )
        if response.status_code != 303:
            raise RuntimeError(f"bench login failed with HTTP {response.status_code}")
        return dict(client.cookies)


# wrk (Debian package `wrk`) drives the load in C, so the client takes little of the CPU it
# shares with the server; the script sends the session cookie and counts every non-200.
WRK_SCRIPT = """
local threads = {}
bad = 0
function setup(thread) table.insert(threads, thread) end
function init(args) wrk.headers["Cookie"] = args[1] end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.timeout
  for _, thread in ipairs(threads) do errors = errors + thread:get("bad") end
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


def _drive_wrk(
    base: str, path: str, cookies: dict[str, str], seconds: float
) -> tuple[list[tuple[str, str]], int, int]:
    """Run wrk; (p50/p95/p99/mean in ms, requests, errors) from its Lua summary."""
    import tempfile

    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        command = [
            "wrk",
            "-t2",
            f"-c{CLIENTS}",
            f"-d{int(seconds)}s",
            "--timeout",
            "30s",
            "-s",
            script.name,
            base + urllib.parse.quote(path, safe="/?=&"),
            "--",
            cookie,
        ]
        done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr.strip()[-500:]}")
    output = done.stdout
    numbers = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if numbers is None:
        raise RuntimeError(f"wrk printed no summary: {output[-500:]}")
    requests, errors, *micros = (int(n) for n in numbers.groups())
    p50, p95, p99, mean = (m / 1000 for m in micros)
    return (
        [
            ("p50", f"{p50:.1f} ms"),
            ("p95", f"{p95:.1f} ms"),
            ("p99", f"{p99:.1f} ms"),
            ("mean", f"{mean:.1f} ms"),
        ],
        requests,
        errors,
    )


async def _drive(
    base: str, path: str, cookies: dict[str, str], seconds: float = SECONDS
) -> tuple[list[float], int]:
    """CLIENTS concurrent httpx clients requesting `path` back to back for `seconds`
    (the fallback where wrk is not installed; the Python client costs the server CPU)."""
    import httpx

    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, limits=limits, timeout=30
    ) as client:
        end = time.perf_counter() + seconds

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < end:
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += 0 if ok else 1

        await asyncio.gather(*(one_client() for _ in range(CLIENTS)))
    return latencies, errors


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


SCENARIOS = [
    ("queue", "/queue"),
    ("search", f"/queue?status=all&q={RARE_WORD}"),
    ("summary", "/summary?week=2026-W47&lang=es"),
]


def run(reuse: bool = False, python_client: bool = False) -> list[tuple[str, str]]:
    """Load the data (unless `reuse`), run the three scenarios and return the figures.

    The load comes from wrk when installed, else (or with `python_client`) from httpx.
    """
    from store.migrate import upgrade

    figures = [
        ("changes", f"{CHANGES:,}"),
        ("database", "PostgreSQL (regwatch_bench)"),
        ("clients x seconds", f"{CLIENTS} x {SECONDS}"),
        ("load average before", " ".join(f"{n:.2f}" for n in os.getloadavg())),
    ]
    if reuse:
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            _tune_for_web(connection)
    else:
        _recreate_database()
        upgrade(BENCH_URL)
        figures.append(("load (COPY + FTS index)", f"{_load(BENCH_URL):.1f} s"))
        _add_staff(BENCH_URL)
    client = "wrk" if shutil.which("wrk") and not python_client else "httpx"
    figures.append(("client", client))
    throughput: dict[tuple[int, str], float] = {}
    for workers in WORKERS:
        figures += _run_server(client, workers, throughput, writes=workers == WORKERS[-1])
    figures += _ratios(throughput)
    figures.append(("load average after", " ".join(f"{n:.2f}" for n in os.getloadavg())))
    return figures


def _run_server(
    client: str, workers: int, throughput: dict[tuple[int, str], float], writes: bool
) -> list[tuple[str, str]]:
    """Start `workers` server processes, drive every scenario, stop them."""
    port = _free_port()
    server = _start_server(port, workers)
    figures = []
    try:
        base = f"http://127.0.0.1:{port}"
        cookies = asyncio.run(_login(base))
        scenarios = SCENARIOS + ([("queue+writes", "/queue")] if writes else [])
        for name, path in scenarios:
            with _UnrelatedWrites(enabled=name.endswith("+writes")):
                rows = _scenario(client, name, base, path, cookies)
            figures += [(f"{workers}p {label}", value) for label, value in rows]
            throughput[(workers, name)] = _per_second(rows)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def _per_second(rows: list[tuple[str, str]]) -> float:
    value = next(v for label, v in rows if label.endswith(" requests"))
    return float(value.split("(")[1].split("/s")[0])


def _ratios(throughput: dict[tuple[int, str], float]) -> list[tuple[str, str]]:
    """Requests per second of each process count against the first (the baseline)."""
    base = WORKERS[0]
    return [
        (f"{name} req/s {workers}p / {base}p", f"{rate / throughput[(base, name)]:.2f}x")
        for (workers, name), rate in throughput.items()
        if workers != base and throughput.get((base, name))
    ]


class _UnrelatedWrites:
    """Writes what no cached page shows (a crawl run, a delivery) 20 times a second."""

    def __init__(self, enabled: bool) -> None:
        import threading

        self.enabled = enabled
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._write, daemon=True)

    def __enter__(self) -> _UnrelatedWrites:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.enabled:
            self._thread.join()

    def _write(self) -> None:
        import psycopg

        with psycopg.connect(BENCH_URL, autocommit=True) as connection:
            connection.execute(
                "INSERT INTO members (email, name, company, language, status, created_at)"
                " VALUES ('bench-member@example.org', 'B', 'B', 'es', 'active', now())"
                " ON CONFLICT DO NOTHING"
            )
            member = connection.execute(
                "SELECT id FROM members WHERE email = 'bench-member@example.org'"
            ).fetchone()[0]
            while not self._stop.wait(0.05):
                self.count += 1
                connection.execute(
                    "INSERT INTO crawl_runs (source_id, started_at, status, fetched, new,"
                    " amended, unchanged, rejected, failed, params)"
                    " VALUES ('dof_daily', now(), 'ok', 1, 0, 0, 1, 0, 0, '{}')"
                )
                connection.execute(
                    "INSERT INTO deliveries (member_id, frequency, period_key, status,"
                    " change_ids, attempts, created_at) VALUES (%s, 'daily', %s, 'sent',"
                    " '[]', 1, now())",
                    (member, f"bench-{time.time_ns()}"),
                )


def _scenario(
    client: str, name: str, base: str, path: str, cookies: dict[str, str]
) -> list[tuple[str, str]]:
    """Warm up, then drive one scenario with wrk or the httpx fallback."""
    if client == "httpx":
        asyncio.run(_drive(base, path, cookies, WARMUP_SECONDS))
        with _VersionWatch() as watch:
            latencies, errors = asyncio.run(_drive(base, path, cookies, SECONDS))
        return _figures(name, latencies, errors) + [watch.figure(name)]
    _drive_wrk(base, path, cookies, WARMUP_SECONDS)
    with _VersionWatch() as watch:
        stats, requests, errors = _drive_wrk(base, path, cookies, SECONDS)
    return [(f"{name} {label}", value) for label, value in stats] + [
        (f"{name} requests", f"{requests} ({requests / SECONDS:.0f}/s)"),
        (f"{name} errors", str(errors)),
        watch.figure(name),
    ]


class _VersionWatch:
    """Counts how often the data versions of what the pages show moved during a run (each
    move makes the app rebuild its cached pages; writes elsewhere move nothing)."""

    def __init__(self) -> None:
        import threading

        self.changes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> _VersionWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        import psycopg

        with psycopg.connect(BENCH_URL, autocommit=True) as connection:
            last = None
            while not self._stop.wait(0.05):
                now = connection.execute(
                    "SELECT string_agg(scope || ':' || version, '/' ORDER BY scope)"
                    " FROM data_versions"
                ).fetchone()[0]
                self.changes += last is not None and now != last
                last = now

    def figure(self, name: str) -> tuple[str, str]:
        return (f"{name} data version moves", f"{self.changes} (sampled every 50 ms)")


def _figures(name: str, latencies: list[float], errors: int) -> list[tuple[str, str]]:
    return [
        (f"{name} p50", f"{_percentile(latencies, 0.50):.1f} ms"),
        (f"{name} p95", f"{_percentile(latencies, 0.95):.1f} ms"),
        (f"{name} p99", f"{_percentile(latencies, 0.99):.1f} ms"),
        (
            f"{name} requests",
            f"{len(latencies)} ({len(latencies) / SECONDS:.0f}/s, "
            f"mean {statistics.fmean(latencies) * 1000:.1f} ms)",
        ),
        (f"{name} errors", str(errors)),
    ]


def _option(name: str, default: int) -> int:
    """An integer command-line option `--name N`."""
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    return default


if __name__ == "__main__":
    CHANGES = _option("--changes", CHANGES)
    SECONDS = _option("--seconds", SECONDS)
    for figure, value in run(reuse="--reuse" in sys.argv, python_client="--httpx" in sys.argv):
        print(f"{figure:36} {value}")
