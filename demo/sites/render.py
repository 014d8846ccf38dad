"""Render the fake sources' templates (shipped as package data beside this module)."""

from __future__ import annotations

import functools
import pathlib
from typing import Any

import jinja2

TEMPLATES = pathlib.Path(__file__).resolve().parent / "templates"
# Month names as the Mexican sites write dates ("3 de marzo de 2026"); January first.
MONTHS_ES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip


@functools.cache
def _environment() -> jinja2.Environment:
    # Values are escaped by the generators, each in its own format's way (HTML, XML, JSON).
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    return jinja2.Environment(loader=loader, autoescape=False, keep_trailing_newline=True)


def render(name: str, context: dict[str, Any]) -> str:
    """Render one template with `context`."""
    return _environment().get_template(name).render(**context)


def read(name: str) -> str:
    """A template file's raw text."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
