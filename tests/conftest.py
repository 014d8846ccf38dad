"""Shared test fixtures: the reference captures, the network guard, services."""

from __future__ import annotations

import os
import pathlib
import socket

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT.parent / "shared" / "reference"
FIXTURES_DIR = ROOT / "tests" / "fixtures"


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def reference_dir() -> pathlib.Path:
    """The shared reference captures; skip (or fail in CI) where they are absent."""
    if REFERENCE_DIR.is_dir():
        return REFERENCE_DIR
    reason = f"reference captures not found at {REFERENCE_DIR}"
    if _truthy("REGWATCH_REQUIRE_REFERENCE"):
        pytest.fail(reason + " and REGWATCH_REQUIRE_REFERENCE=1")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def fixtures_dir() -> pathlib.Path:
    """The project's own fixture pages, written in the sources' real formats."""
    return FIXTURES_DIR


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = str(address[0]) if isinstance(address, tuple) and address else ""
    return host in {"localhost", "::1", "0.0.0.0"} or host.startswith("127.") or host == ""


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_local(address):
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> None:
    """Refuse every connection that leaves the loopback interface."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
