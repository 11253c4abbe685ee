"""Counting the SQL statements an action runs: N+1 queries show up as counts that grow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from storage.db import Database


def statements(database: Database, action: Callable[[], Any]) -> int:
    count = 0

    def counter(*_: Any) -> None:
        nonlocal count
        count += 1

    event.listen(database.engine, "before_cursor_execute", counter)
    try:
        action()
    finally:
        event.remove(database.engine, "before_cursor_execute", counter)
    return count
