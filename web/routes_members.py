"""Member routes: subscribe, confirm, manage preferences, unsubscribe; the SendGrid webhook."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
