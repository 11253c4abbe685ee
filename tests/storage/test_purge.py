"""``storage.purge``: a workspace's rows deleted from every table that holds any, and no other's.

The seed is generic: one row per workspace in every table the migrated schema has with a
``team_id`` column, its required columns filled from their types and its foreign keys pointing at
the same workspace's rows. A table a migration adds is seeded and checked without this file
changing, so purge missing it fails here; a table holding no ``team_id`` must say why in
``storage.purge.NO_TEAM_DATA``, or the first test fails.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Integer, MetaData, Table

from domain import project_queries
from domain.project_use_cases import NewProject, create_project
from storage.purge import NO_TEAM_DATA, count_team, purge_team, team_tables, unclassified_tables
from tests.builders import scope
from tests.conftest import T0


def test_every_table_either_has_a_team_column_or_says_why_it_holds_no_workspaces_data(database):
    assert unclassified_tables(database.engine) == [], (
        "a table without team_id: give it one, or name it in storage.purge.NO_TEAM_DATA with the reason"
    )
    assert set(NO_TEAM_DATA) <= set(_names(database)), "no reason given for a table that is gone"


def _names(database) -> list[str]:
    metadata = MetaData()
    metadata.reflect(bind=database.engine)
    return list(metadata.tables)


def _value(table: Table, column, team: str, ids: dict[str, int]):
    if column.name == "team_id":
        return team
    for fk in column.foreign_keys:
        parent = fk.column.table.name
        return ids.get(parent) if parent != table.name else None
    try:
        kind = column.type.python_type
    except NotImplementedError:
        kind = str
    filler = {int: 1, float: 1.0, bool: False, datetime: T0, date: T0.date(), dict: {}, list: []}
    if kind is str:
        length = getattr(column.type, "length", None) or 64
        return f"{team}-{table.name}-{column.name}"[-length:]
    return filler.get(kind, f"{team}-{column.name}")


def seed_every_team_table(database, team: str) -> set[str]:
    """One row of ``team`` in every table with a team_id column, parents first: the tables seeded."""
    ids: dict[str, int] = {}
    tables = list(reversed(team_tables(database.engine)))  # parents first
    with database.engine.begin() as conn:
        for table in tables:
            auto = [c.name for c in table.primary_key.columns if isinstance(c.type, Integer)]
            values = {
                c.name: _value(table, c, team, ids)
                for c in table.columns
                if c.name not in auto and (not c.nullable or c.foreign_keys or c.name == "team_id")
            }
            inserted = conn.execute(table.insert().values(**values))
            if auto:
                ids[table.name] = inserted.inserted_primary_key[0]
    return {t.name for t in tables}


def test_a_purge_deletes_the_workspaces_rows_from_every_table_and_says_how_many(database):
    seeded = seed_every_team_table(database, "T1")
    seed_every_team_table(database, "T2")
    assert {"projects", "history", "occurrences", "slack_bots", "slack_installations", "inactive_workspaces"} <= seeded
    assert set(count_team(database.engine, "T1")) == seeded
    other = count_team(database.engine, "T2")

    deleted = purge_team(database.engine, "T1")

    assert deleted == {name: 1 for name in seeded}, "one row from each table, counted where it was deleted"
    assert count_team(database.engine, "T1") == {}
    assert count_team(database.engine, "T2") == other, "another workspace keeps every row"
    assert purge_team(database.engine, "T1") == {}, "a second purge finds nothing"


def new_project(ref: str) -> NewProject:
    return NewProject(team_id="T1", name=ref.title(), ref=ref, owner_id="U1", creator_id="U1", channel_id="C2", scope=scope())


def refs(database) -> list[str]:
    return [item.ref for item in project_queries.ranked_page(database.uow(), "T1").items]  # a cached read


def test_a_purged_workspace_written_to_again_does_not_read_its_old_projects_from_the_cache(database):
    create_project(database.uow(), new_project(ref="churn"), now=T0)
    assert refs(database) == ["churn"]
    purge_team(database.engine, "T1")
    assert refs(database) == []
    create_project(database.uow(), new_project(ref="fraud"), now=T0 + timedelta(days=1))  # revision 1 again
    assert refs(database) == ["fraud"]
