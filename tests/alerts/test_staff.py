"""The staff alert for a flagged source: one email, to the staff address, readable."""

from __future__ import annotations

import email
import pathlib
from email import policy

from alerts.staff import notify_source_flagged
from tests.alerts import factories as f


def test_one_email_to_staff(app_context) -> None:  # type: ignore[no-untyped-def]
    notify_source_flagged(app_context, "mx_sat_normatividad", "3 runs failed: HTTP 503 <b>", f.NOW)
    files = list(pathlib.Path(app_context.settings.outbox_dir).glob("*.eml"))
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == app_context.settings.staff_alert_email
    assert "mx_sat_normatividad" in message["Subject"]
    html = message.get_body(("html",)).get_content()
    assert "HTTP 503 &lt;b&gt;" in html
    assert "3 runs failed: HTTP 503 <b>" in message.get_body(("plain",)).get_content()
