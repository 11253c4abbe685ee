"""Delete a workspace's data everywhere: every table with a ``team_id`` column, history included.

The tables are read from the database itself (its migrated schema, not the models), so a table a
later migration adds with a ``team_id`` column is purged without anyone remembering to list it.
A table with no ``team_id`` column must be named in ``NO_TEAM_DATA`` with the reason it holds no
workspace's data; tests/storage/test_purge.py fails on one that is neither (a table keyed by
project only, say, would otherwise keep a purged workspace's rows).

Rows are deleted in one transaction, children before parents (the foreign keys' order), so each
table's count is what was deleted from it, not what a cascade took with it. A running replica's
read cache cannot serve the purged data again (``SqlProjectRepository.revision``). Used by
``mlscope purge`` and, with ``MLSCOPE_ON_UNINSTALL=purge``, when Slack says the app was uninstalled.
"""

from __future__ import annotations

from sqlalchemy import Engine, MetaData, Table, func, select

from storage.orm import WorkspaceRow

TEAM_COLUMN = "team_id"
# Tables with no team_id column, and why none of their rows is a workspace's data.
NO_TEAM_DATA = {
    "alembic_version": "the schema's migration revision",
    "slack_oauth_states": "install nonces, issued before any workspace is known and deleted once used or expired",
}


def _schema(engine: Engine) -> MetaData:
    metadata = MetaData()
    metadata.reflect(bind=engine)
    return metadata


def team_tables(engine: Engine) -> list[Table]:
    """Every table with a ``team_id`` column, children before the tables they reference."""
    return [t for t in reversed(_schema(engine).sorted_tables) if TEAM_COLUMN in t.c]


def unclassified_tables(engine: Engine) -> list[str]:
    """Tables with neither a ``team_id`` column nor a reason in ``NO_TEAM_DATA``: purge would miss them."""
    return sorted(name for name, t in _schema(engine).tables.items() if TEAM_COLUMN not in t.c and name not in NO_TEAM_DATA)


def count_team(engine: Engine, team_id: str) -> dict[str, int]:
    """How many rows each table holds for ``team_id`` (tables holding none are left out)."""
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for table in team_tables(engine):
            n = conn.scalar(select(func.count()).select_from(table).where(table.c[TEAM_COLUMN] == team_id)) or 0
            if n:
                counts[table.name] = n
    return counts


def purge_team(engine: Engine, team_id: str) -> dict[str, int]:
    """Delete every row of ``team_id`` in one transaction: rows deleted per table (those with none left out)."""
    if not team_id:
        raise ValueError("no team id: nothing would be purged")
    deleted: dict[str, int] = {}
    with engine.begin() as conn:
        # Moving the revision first makes PostgreSQL notify every replica at commit (migration
        # 0009's trigger fires on updates, not deletes): none keeps trusting a cached read of the
        # workspace (storage/revisions.py). Its row is deleted below, so the move itself is gone.
        workspaces = WorkspaceRow.__table__
        conn.execute(
            workspaces.update().where(workspaces.c.team_id == team_id).values(revision=workspaces.c.revision + 1)
        )
        for table in team_tables(engine):
            n = conn.execute(table.delete().where(table.c[TEAM_COLUMN] == team_id)).rowcount or 0
            if n:
                deleted[table.name] = n
    return deleted
