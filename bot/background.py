"""Work that runs after the ack: Slack Web API calls, card updates, App Home publishing.

A small wrapper over a thread pool that knows what is still running, so that shutdown can let
in-flight work finish and tests can wait for it instead of sleeping.

In HTTP mode the server *holds* what a request submits until its response has been sent
(``holding``): started at once, that work would compete with the ack for the interpreter and
delay the very response it was moved off.

Work submitted for a person (a click, a modal, a command) runs under ``reporting``: if it fails,
the report function tells them, since by then Slack has its ack and shows nothing. Work that a
task submits inherits its report function.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("mlscope.background")

Report = Callable[[Callable[..., Any], Exception], None]


class Background:
    def __init__(self, max_workers: int = 8):
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="mlscope-bg")
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._local = threading.local()

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn`` in the pool, in a copy of this thread's context (its log lines keep the request id)."""
        held: list[Any] | None = getattr(self._local, "held", None)
        report: Report | None = getattr(self._local, "report", None)
        run = functools.partial(contextvars.copy_context().run, self._run, report, fn)
        future: Future[Any] = Future() if held is not None else self._pool.submit(run, *args, **kwargs)
        with self._lock:
            self._pending.add(future)  # held work counts as pending: wait_idle waits for it too
        future.add_done_callback(self._done)
        if held is not None:
            held.append((future, run, fn, args, kwargs))
        return future

    @contextmanager
    def reporting(self, report: Report) -> Iterator[None]:
        """A task this thread submits inside the block that fails calls ``report(fn, error)``."""
        previous = getattr(self._local, "report", None)
        self._local.report = report
        try:
            yield
        finally:
            self._local.report = previous

    @contextmanager
    def holding(self) -> Iterator[Callable[[], None]]:
        """Hold what this thread submits inside the block; the yielded function starts it."""
        held: list[Any] = []
        self._local.held = held
        try:
            yield lambda: self._release(held)
        finally:
            self._local.held = None

    def _release(self, held: list[Any]) -> None:
        while held:
            placeholder, run, fn, args, kwargs = held.pop(0)
            try:
                started = self._pool.submit(run, *args, **kwargs)
            except RuntimeError:  # shut down between the request and its release
                log.warning("background task %s dropped at shutdown", getattr(fn, "__name__", fn))
                placeholder.set_result(None)
                continue
            started.add_done_callback(lambda done, p=placeholder: p.set_result(done.result()))

    def _run(self, report: Report | None, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self._local.report = report  # what this task submits is reported to the same person
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the one place background failures are reported
            log.exception("background task %s failed", getattr(fn, "__name__", fn))
            if report is not None:
                try:
                    report(fn, exc)
                except Exception:  # noqa: BLE001 - nothing more to try; the log has both failures
                    log.exception("could not report the failure of %s", getattr(fn, "__name__", fn))
            return None
        finally:
            self._local.report = None

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)
            if not self._pending:
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no task is pending (tasks may submit more tasks)."""
        with self._lock:
            return self._idle.wait_for(lambda: not self._pending, timeout=timeout)

    def shutdown(self, wait: bool = True, timeout: float = 30.0) -> None:
        """With ``wait``, let pending work finish first, held work included (it is released within
        milliseconds of its response)."""
        if wait:
            self.wait_idle(timeout)
        self._pool.shutdown(wait=wait)
