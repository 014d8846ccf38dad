"""The crawlers' exception hierarchy: retryable versus permanent, as in httpx and Scrapy."""


class CrawlError(Exception):
    """Base of every error a crawler raises on purpose."""


class RetryableError(CrawlError):
    """The source may answer correctly later (5xx, timeout, interstitial, rate limit)."""


class PermanentError(CrawlError):
    """Trying again will not help until someone changes the code or the settings."""


class ParseError(PermanentError):
    """The response is not in the format the parser knows (layout change, truncation)."""


class WrongDateError(ParseError):
    """The page is valid but serves another day than the one requested."""


class InterstitialError(RetryableError):
    """The source answered with a bot-check, captcha or holding page instead of content."""


class StructureError(ParseError):
    """The page no longer has the structure the parser reads; `expected` names what failed
    (a selector, a JSON key, a line), so that the health warning can say it."""

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.expected = expected
