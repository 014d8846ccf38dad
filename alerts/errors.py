"""The alerts package's exceptions: retryable (try again later) or permanent (fix something)."""


class AlertsError(Exception):
    """Base of the alerts errors; the message is one sentence for a person."""


class RetryableError(AlertsError):
    """A temporary failure (provider busy, network down): the job should run again."""


class PermanentError(AlertsError):
    """A failure that repeating will not fix (bad address, bad request, bad input)."""


class InvalidToken(PermanentError):
    """A signed link is forged, for another purpose, or expired."""


class TranslationUnavailable(RetryableError):
    """The configured translator could not be reached or is not installed."""


class MemberInputError(PermanentError):
    """A member's details are missing or malformed."""
