"""What operators ask of the database: is it reachable and migrated to this version (``/readyz``),
and how many scheduled posts are waiting (``/metrics``). Each is one small query."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select

from storage.migrate import MIGRATIONS
from storage.orm.scheduling import OccurrenceRow

log = logging.getLogger("mlscope.db")

WAITING = ("pending", "posting")  # the occurrences' states that are work still to do


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str  # short, for an operator: says what is wrong and what to do
    revision: str | None = None  # the database's, when it has one


@functools.cache
def script_heads() -> frozenset[str]:
    """The revision(s) this version's migrations end at."""
    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions())


def readiness(engine: Engine) -> Readiness:
    """Ready when the database answers and its schema is at this version's head.

    A database behind the head (migrations not run yet) is not ready. One at a revision this
    version does not know was migrated by a newer release: during a rolling upgrade (migrations
    first, then the new replicas) the old replicas keep serving, so that is ready, and says so.
    """
    try:
        with engine.connect() as conn:
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        log.warning("readiness: database unreachable (%s)", type(exc).__name__)
        return Readiness(False, "database unreachable")
    heads = script_heads()
    at = ", ".join(sorted(current)) or None
    if current == heads:
        return Readiness(True, "migrations at head", at)
    if not current:
        return Readiness(False, f"database not migrated: run mlscope db upgrade (head is {_names(heads)})")
    if current - _known():
        return Readiness(True, f"database at {at}, newer than this version's head {_names(heads)}", at)
    return Readiness(False, f"migrations behind: database at {at}, head is {_names(heads)}; run mlscope db upgrade", at)


def _names(revisions: frozenset[str]) -> str:
    return ", ".join(sorted(revisions))


def occurrences_waiting(engine: Engine) -> dict[str, int] | None:
    """Scheduled posts not done yet, by state (read on the ``(status, next_attempt_at)`` index);
    None when the database does not answer (unknown, not zero)."""
    query = (
        select(OccurrenceRow.status, func.count())
        .where(OccurrenceRow.status.in_(WAITING))
        .group_by(OccurrenceRow.status)
    )
    try:
        with engine.connect() as conn:
            counted = {str(status): int(n) for status, n in conn.execute(query)}
    except Exception as exc:  # noqa: BLE001 - a scrape reports the database as down instead
        log.warning("metrics: database unreachable (%s)", type(exc).__name__)
        return None
    return {state: counted.get(state, 0) for state in WAITING}
