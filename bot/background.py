"""Work that runs after the ack: Slack Web API calls, card updates, App Home publishing.

A small wrapper over a thread pool that knows what is still running, so that shutdown can let
in-flight work finish and tests can wait for it instead of sleeping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger("mlscope.background")


class Background:
    def __init__(self, max_workers: int = 8):
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="mlscope-bg")
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        future = self._pool.submit(self._run, fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    @staticmethod
    def _run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - the one place background failures are reported
            log.exception("background task %s failed", getattr(fn, "__name__", fn))
            return None

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)
            if not self._pending:
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no task is pending (tasks may submit more tasks)."""
        with self._lock:
            return self._idle.wait_for(lambda: not self._pending, timeout=timeout)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)
