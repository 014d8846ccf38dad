"""Scrapy settings built from our Settings: polite, boring, and configured in one place."""

from __future__ import annotations

from typing import Any

# Status codes worth a second try; 4xx other than 408/429 never get better by retrying.
RETRY_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Scrapy's list less unknown hosts: a name that does not resolve will not resolve a few
# seconds later either; the next scheduled run tries again, and the spider stops at once.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,  # HttpCompression raises it on an empty compressed body
    "scrapy.core.downloader.handlers.http11.TunnelError",
]

# Scrapy components that do nothing for our spiders (no credentials, no allowed_domains, no
# depth or URL-length limits, Scrapy's own download stats unused) yet run on every request:
# together about a tenth of a crawl's CPU. Referer headers tell the sources nothing useful.
UNUSED_DOWNLOADER_MIDDLEWARES = (
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware",
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware",
    "scrapy.downloadermiddlewares.stats.DownloaderStats",
)
UNUSED_SPIDER_MIDDLEWARES = (
    "scrapy.spidermiddlewares.referer.RefererMiddleware",
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware",
    "scrapy.spidermiddlewares.depth.DepthMiddleware",
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware",
)


def build_scrapy_settings(settings: Any) -> dict[str, Any]:
    """The Scrapy settings dict for a crawl under `settings` (our pydantic Settings)."""
    throttle = bool(settings.crawl_autothrottle)
    return {
        "BOT_NAME": "regwatch",
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": bool(settings.crawl_obey_robots),
        # Protego honours the DOF's rules that urllib.robotparser misses (blank line in group).
        "ROBOTSTXT_PARSER": "scrapy.robotstxt.ProtegoRobotParser",
        "CONCURRENT_REQUESTS": 8,
        # Items are stored one by one on this thread; 100 parallel slots only cost CPU.
        "CONCURRENT_ITEMS": 4,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.crawl_concurrency_per_domain,
        "DOWNLOAD_DELAY": 1.0 if throttle else 0,
        "DOWNLOAD_DELAY_JITTER": 0.5,
        "AUTOTHROTTLE_ENABLED": throttle,
        "AUTOTHROTTLE_START_DELAY": 1.0,
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": settings.crawl_download_timeout,
        "RETRY_ENABLED": settings.crawl_retry_times > 0,
        "RETRY_TIMES": settings.crawl_retry_times,
        "RETRY_HTTP_CODES": RETRY_CODES,
        "RETRY_EXCEPTIONS": RETRY_EXCEPTIONS,
        "RETRY_BACKOFF_BASE": 2.0 if throttle else 0.0,
        "RETRY_BACKOFF_MAX": 120.0,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "COOKIES_ENABLED": False,  # the DOF sets a fresh session cookie on every page
        "HTTPERROR_ALLOW_ALL": False,
        "REDIRECT_ENABLED": True,
        "LOG_ENABLED": True,
        "LOG_LEVEL": settings.log_level,
        # Logging is configured by the entry point (cli.py, worker.py); Scrapy must not.
        "LOG_STDOUT": False,
        "TWISTED_REACTOR": None,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "ITEM_PIPELINES": {"crawlers.pipelines.StorePipeline": 300},
        "DOWNLOADER_MIDDLEWARES": {
            "crawlers.middlewares.RetryBackoffMiddleware": 560,
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "crawlers.middlewares.MetaRefreshMiddleware": 580,
            **dict.fromkeys(UNUSED_DOWNLOADER_MIDDLEWARES),
        },
        "SPIDER_MIDDLEWARES": dict.fromkeys(UNUSED_SPIDER_MIDDLEWARES),
        "EXTENSIONS": {"scrapy.extensions.memusage.MemoryUsage": None},
    }
