"""A process-local cache of read models, keyed by the workspace's revision.

Every write to a workspace's projects or weights bumps ``workspaces.revision`` in the same
transaction, so a reader that sees revision R and finds an entry for R knows it is current, on
every replica: one primary-key lookup replaces the queries behind ``list`` and ``show``. Entries
for old revisions are never hit again and age out of the LRU. Cached values are shared between
threads: callers must treat them as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from storage.revisions import RevisionWatch

MAX_ENTRIES = 512
MISSING = object()


class ReadCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, revisions: RevisionWatch | None = None):
        self.revisions = revisions  # PostgreSQL: revisions trusted between notifications
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._entries.get(key, MISSING)
            if value is MISSING:
                self.misses += 1
            else:
                self.hits += 1
                self._entries.move_to_end(key)
            return value

    def get_or_load(self, key: Hashable, load: Callable[[], Any]) -> Any:
        """The entry for ``key``, loading and keeping it on a miss."""
        value = self.get(key)
        if value is MISSING:
            value = load()
            self.put(key, value)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry: revisions may start again from 0 once the tables were emptied."""
        with self._lock:
            self._entries.clear()
        self.committed()

    def committed(self) -> None:
        """This process committed a write: revisions it trusted may be old now."""
        if self.revisions is not None:
            self.revisions.forget()

    def __len__(self) -> int:
        return len(self._entries)
