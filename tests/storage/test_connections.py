"""PostgreSQL connections: a dead idle connection is replaced, a busy one costs no extra round trip."""

from __future__ import annotations

from sqlalchemy import text

from domain import project_queries
from storage.db import Database


def _backend_pid(database: Database) -> int:
    with database.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_killed_while_idle_is_replaced_without_the_user_noticing(postgresql_url):
    database = Database(postgresql_url, idle_ping_seconds=0)
    other = Database(postgresql_url)
    try:
        pid = _backend_pid(database)
        with other.engine.begin() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
        assert project_queries.ranked_page(database.uow(), "T-nobody").total == 0
        assert _backend_pid(database) != pid
    finally:
        database.dispose()
        other.dispose()


def test_a_connection_used_moments_ago_is_not_pinged_again(postgresql_url):
    database = Database(postgresql_url, idle_ping_seconds=60)
    try:
        for _ in range(5):
            with database.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
                pings = conn.info.get("pings", 0)
        assert pings == 0  # a new connection is not pinged either
    finally:
        database.dispose()
