"""An importable ASGI app for multi-worker servers: `uvicorn web.asgi:app --workers 2`."""

from __future__ import annotations

from store.context import get_context
from web.app import create_app

app = create_app(get_context())
