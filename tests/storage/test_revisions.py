"""PostgreSQL: cached reads trust a revision until a notification says it moved (storage/revisions.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from domain import project_queries, project_use_cases
from domain.model import Stage
from storage.db import Database
from tests.conftest import T0, _truncate
from tests.storage.counting import statements
from tests.storage.test_ranked_page import seed


@pytest.fixture
def replica(postgresql_url: str) -> Iterator[Database]:
    """A bot process's view of the shared database, its revision listener up."""
    database = Database(postgresql_url)
    _truncate(database)
    yield database
    database.dispose()


def listening(database: Database) -> Database:
    watch = database.cache.revisions
    assert watch is not None
    watch.trusted("T1")  # starts the listener
    assert watch.wait_until(lambda w: w.live), "the revision listener did not connect"
    return database


def test_once_listening_a_repeated_list_costs_no_statement_and_a_repeated_show_only_its_check_in(replica):
    """The card's latest check-in is read each time: answers do not move the revision (see
    test_ranked_page)."""
    seed(replica, 5)
    listening(replica)
    for act, expected in (
        (lambda: project_queries.ranked_page(replica.uow(), "T1", limit=50), 0),
        (lambda: project_queries.project_card(replica.uow(), "T1", "p001"), 1),
    ):
        act()  # reads the revision once, and the page or card
        assert statements(replica, act) == expected


def test_a_process_reads_its_own_writes_at_once(replica):
    seed(replica, 3)
    listening(replica)
    assert project_queries.project_card(replica.uow(), "T1", "p000").project.stage is Stage.PLANNING
    project_use_cases.move_stage(replica.uow(), "T1", "p000", Stage.DATA, reason="", actor="U0", now=T0)
    assert project_queries.project_card(replica.uow(), "T1", "p000").project.stage is Stage.DATA  # no waiting for the notification
    assert project_queries.ranked_page(replica.uow(), "T1").total == 3


def test_another_replicas_write_reaches_this_cache_with_its_notification(replica, postgresql_url):
    seed(replica, 3)
    watch = listening(replica).cache.revisions
    assert project_queries.ranked_page(replica.uow(), "T1").total == 3
    heard = watch.notifications
    other = Database(postgresql_url, watch_revisions=False)
    try:
        project_use_cases.update_project(other.uow(), "T1", "p000", actor="U0", now=T0, name="Renamed")
    finally:
        other.dispose()
    assert watch.wait_until(lambda w: w.notifications > heard), "no notification for the other replica's write"
    assert project_queries.project_card(replica.uow(), "T1", "p000").project.problem.name == "Renamed"


def test_while_the_listener_is_down_every_read_asks_the_database(replica, postgresql_url):
    seed(replica, 3)
    watch = listening(replica).cache.revisions
    project_queries.ranked_page(replica.uow(), "T1")
    admin = Database(postgresql_url, watch_revisions=False)
    try:
        with admin.engine.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": watch.backend_pid})
        assert watch.wait_until(lambda w: not w.live), "the listener did not notice its connection died"
        project_use_cases.update_project(admin.uow(), "T1", "p000", actor="U0", now=T0, name="Renamed while deaf")
    finally:
        admin.dispose()
    if not watch.live:  # it may already be back: then it forgot everything on reconnecting
        assert statements(replica, lambda: project_queries.ranked_page(replica.uow(), "T1")) >= 1
    assert project_queries.project_card(replica.uow(), "T1", "p000").project.problem.name == "Renamed while deaf"
    assert watch.wait_until(lambda w: w.live, timeout=10), "the listener did not reconnect"
