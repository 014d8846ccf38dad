"""One dispatch function for every job: RQ when a Redis URL is set, inline otherwise.

Jobs take ids, not objects; are enqueued after the commit; use the JSON serializer,
deterministic job ids and a declared Retry; and are written to be safe to run twice.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Dispatched:
    """What happened to a dispatched job: run inline (with its result) or queued."""

    job_id: str
    queued: bool
    result: Any = None


class Dispatcher(Protocol):
    """Anything that can run a job given its dotted function path."""

    def dispatch(
        self, func: str, *args: Any, job_id: str, queue: str, depends_on: list[str] | None = None
    ) -> Dispatched: ...


def resolve(func: str) -> Callable[..., Any]:
    """Import `package.module.function` and return the function."""
    module_name, _, name = func.rpartition(".")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), name)
    return function


class InlineDispatcher:
    """Runs each job at once, in this process (the embedded default)."""

    def dispatch(
        self, func: str, *args: Any, job_id: str, queue: str, depends_on: list[str] | None = None
    ) -> Dispatched:
        # Inline jobs run in call order, so a dependency has always finished already.
        log.debug("running %s inline as %s", func, job_id)
        return Dispatched(job_id=job_id, queued=False, result=resolve(func)(*args))


class RQDispatcher:
    """Puts jobs on named RQ queues; a job already queued or running is not queued again."""

    def __init__(
        self,
        redis_url: str,
        retries: int,
        intervals: list[int],
        timeout: int,
        connection: Any = None,
    ) -> None:
        from redis import Redis

        self.connection = connection or Redis.from_url(redis_url)
        self.retries = retries
        self.intervals = intervals
        self.timeout = timeout

    def queue(self, name: str) -> Any:
        """The RQ queue `name`, with the JSON serializer."""
        from rq import Queue
        from rq.serializers import JSONSerializer

        return Queue(name, connection=self.connection, serializer=JSONSerializer)

    def dispatch(
        self, func: str, *args: Any, job_id: str, queue: str, depends_on: list[str] | None = None
    ) -> Dispatched:
        from rq import Retry

        if self._is_pending(job_id):
            return Dispatched(job_id=job_id, queued=True)
        retry = Retry(max=self.retries, interval=self.intervals) if self.retries else None
        self.queue(queue).enqueue(
            func,
            args=args,
            job_id=job_id,
            retry=retry,
            job_timeout=self.timeout,
            result_ttl=86400,
            failure_ttl=7 * 86400,
            depends_on=depends_on or None,
        )
        return Dispatched(job_id=job_id, queued=True)

    def _is_pending(self, job_id: str) -> bool:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus
        from rq.serializers import JSONSerializer

        try:
            job = Job.fetch(job_id, connection=self.connection, serializer=JSONSerializer)
        except NoSuchJobError:
            return False
        pending = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
        return job.get_status(refresh=False) in pending


def make_dispatcher(settings: Any) -> Dispatcher:
    """RQ when settings.redis_url is set, inline otherwise."""
    if settings.redis_url:
        return RQDispatcher(
            settings.redis_url,
            settings.job_retries,
            list(settings.job_retry_intervals),
            settings.job_timeout_seconds,
        )
    return InlineDispatcher()


def dispatch(
    settings: Any,
    func: str,
    *args: Any,
    job_id: str,
    queue: str,
    depends_on: list[str] | None = None,
) -> Dispatched:
    """Run or enqueue `func(*args)`; the one entry point every package uses."""
    dispatcher = make_dispatcher(settings)
    return dispatcher.dispatch(func, *args, job_id=job_id, queue=queue, depends_on=depends_on)
