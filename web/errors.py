"""The web package's exceptions: each message is one sentence a person can act on."""


class WebError(Exception):
    """Base of the web package's errors."""


class ActionRefused(WebError):
    """A staff action cannot be applied as asked (permanent: fix the input)."""


class StaleAction(ActionRefused):
    """Someone else saved the change first (permanent until the page is reloaded)."""


class BadInput(WebError):
    """A query parameter or form field is malformed."""
