"""``FileClock``: the time written in a file, for drills and tests that run several ``mlscope serve``
processes and must move their time together (``MLSCOPE_CLOCK_PATH``; never in production).

The file holds one ISO-8601 instant (``2026-03-03T08:30:00+00:00``); it is read again whenever it
changes (its inode, modification time or size), so a test moves every replica's time by replacing the
file (write elsewhere, then ``os.replace``: a reader never sees half a time). Handlers, the ticker,
claims and their leases all read this clock; HTTP signatures and waits still use real time.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path


class FileClock:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._now: datetime | None = None
        self()  # a missing or unreadable file stops start-up, not the first tick

    def __call__(self) -> datetime:
        stat = os.stat(self.path)
        with self._lock:
            if self._now is None or self._seen != (stat.st_ino, stat.st_mtime_ns, stat.st_size):
                moment = datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip())
                self._now = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
                self._seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            return self._now
