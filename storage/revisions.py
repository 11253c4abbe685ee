"""Workspace revisions a process may trust without asking PostgreSQL, kept honest by LISTEN/NOTIFY.

The read cache (storage/cache.py) is keyed by a workspace's revision, which costs one round trip
per cached read. On PostgreSQL a trigger (migration 0009) notifies ``mlscope_revisions`` with the
team id whenever a revision moves, at commit, to every listening connection on every replica. So
a revision read from the database can be trusted until a notification for any workspace arrives,
and a cached list or card then costs no round trip at all.

Safety first: nothing is trusted while the listener is not connected and listening (reads then
ask the database, as on SQLite); losing the connection forgets everything; a read is only
remembered if no notification, reconnection or local commit happened while it was in flight (the
epoch); and this process's own commits forget at once, so it always reads its own writes. Another
replica's write is seen as soon as its notification arrives (milliseconds).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger("mlscope.revisions")
CHANNEL = "mlscope_revisions"


class RevisionWatch:
    def __init__(self, conninfo: str, *, retry_seconds: float = 1.0, poll_seconds: float = 0.5):
        self._conninfo = conninfo
        self._retry, self._poll = retry_seconds, poll_seconds
        self._known: dict[str, Any] = {}
        self._epoch = 0
        self._live = False
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.notifications = 0
        self.backend_pid: int | None = None

    # --- what readers use ---------------------------------------------------------------------
    def trusted(self, team_id: str) -> Any:
        """The revision to use without asking the database, or None to ask it."""
        self._start()
        with self._changed:
            return self._known.get(team_id) if self._live else None

    def epoch(self) -> int | None:
        """Take before reading a revision from the database; None when nothing can be trusted."""
        with self._changed:
            return self._epoch if self._live else None

    def remember(self, team_id: str, revision: Any, epoch: int | None) -> None:
        with self._changed:
            if self._live and epoch == self._epoch:
                self._known[team_id] = revision

    def forget(self) -> None:
        """A write committed (here, or anywhere as notified): trust nothing read before it."""
        with self._changed:
            self._known.clear()
            self._epoch += 1
            self._changed.notify_all()

    def wait_until(self, predicate: Any, timeout: float = 5.0) -> bool:
        """Block until ``predicate(self)`` holds (tests wait for the listener instead of sleeping)."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self), timeout=timeout)

    @property
    def live(self) -> bool:
        return self._live

    def stop(self) -> None:
        self._stop.set()

    # --- the listener -------------------------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None:
            with self._changed:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="mlscope-revisions", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        import psycopg

        failed = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._set_live(True, conn.info.backend_pid)
                    while not self._stop.is_set():
                        for _note in conn.notifies(timeout=self._poll):
                            with self._changed:
                                self.notifications += 1
                            self.forget()
            except psycopg.Error as exc:
                if not self._stop.is_set():
                    # once per outage: the listener retries every second while the database is down
                    (log.warning if self._live or not failed else log.debug)(
                        "revision listener disconnected (%s); reads ask the database meanwhile", exc
                    )
                failed = True
            else:
                failed = False
            finally:
                self._set_live(False, None)
            self._stop.wait(self._retry)

    def _set_live(self, live: bool, pid: int | None) -> None:
        with self._changed:
            self._live, self.backend_pid = live, pid
            self._known.clear()
            self._epoch += 1
            self._changed.notify_all()
