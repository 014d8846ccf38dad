"""The web package's exceptions: each message is one sentence a person can act on."""

from __future__ import annotations

from collections.abc import Callable


class WebError(Exception):
    """Base of the web package's errors."""


class ActionRefused(WebError):
    """A staff action cannot be applied as asked (permanent: fix the input).

    `key` and `values` name the sentence in web.i18n's catalog, so that the page can say it
    in the staff member's language; the message is the English sentence.
    """

    def __init__(self, message: str, key: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.key = key
        self.values = values

    def in_language(self, t: Callable[..., str]) -> str:
        """The sentence through a catalog's `t`; the English message without a key.
        Text values are catalog keys themselves (a status), translated the same way."""
        if not self.key:
            return str(self)
        values = {k: t(v) if isinstance(v, str) else v for k, v in self.values.items()}
        return t(self.key, **values)


class StaleAction(ActionRefused):
    """Someone else saved the change first (permanent until the page is reloaded)."""


class BadInput(WebError):
    """A query parameter or form field is malformed."""
