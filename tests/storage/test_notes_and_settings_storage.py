"""Issue 19 as storage keeps it, on SQLite and PostgreSQL: a project's data plan reads back (and
goes with an archive and back), a workspace's "no reading for N weeks", each project's latest
check-in note in one query, and migration 0027 up and down."""

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, inspect

from domain import data_plan, digest_use_cases, project_queries, project_use_cases, workspace_use_cases
from domain.checkins import Occurrence, OccurrenceKind, OccurrenceStatus, Response
from domain.errors import DomainError
from domain.project_use_cases import NewProject
from storage import migrate
from tests.builders import optimizing, scope
from tests.throwaway import throwaway_postgres


def create(db, now, ref):
    new = NewProject(team_id="T1", name=ref.title(), ref=ref, owner_id="U1", creator_id="U1", channel_id="C1",
                     scope=scope(metrics=[optimizing()]))  # fmt: skip
    return project_use_cases.create_project(db.uow(), new, now=now)


def test_a_data_plan_reads_back_whole_and_a_rewrite_replaces_it(database, now):
    create(database, now, "churn")
    plan = "Label 2,000 tickets — “by March” <ok> & more\n" + "x" * 2900
    saved = data_plan.save_data_plan(database.uow(), "T1", "churn", plan, actor="U1", now=now)
    assert saved.outcome == "added"
    back = project_queries.get_project(database.uow(), "T1", "churn").data_plan
    assert (back.text, back.actor, back.at) == (plan.strip(), "U1", now)
    later = now + timedelta(days=1)
    assert data_plan.save_data_plan(database.uow(), "T1", "churn", "Buy the set", actor="U1", now=later).outcome == "revised"
    back = project_queries.get_project(database.uow(), "T1", "churn").data_plan
    assert (back.text, back.at) == ("Buy the set", later)


def test_an_archived_projects_data_plan_cannot_change(database, now):
    create(database, now, "churn")
    project_use_cases.archive_project(database.uow(), "T1", "churn", actor="U1", now=now)
    with pytest.raises(DomainError, match="archived"):
        data_plan.save_data_plan(database.uow(), "T1", "churn", "anything", actor="U1", now=now)
    assert project_queries.get_project(database.uow(), "T1", "churn").data_plan is None


def test_the_stale_readings_weeks_are_kept_per_workspace_and_default_to_four(database, now):
    assert workspace_use_cases.stale_weeks(database.uow(), "T1") == 4
    assert workspace_use_cases.set_stale_weeks(database.uow(), "T1", 6, actor="U1", now=now, is_admin=lambda: True)
    assert not workspace_use_cases.set_stale_weeks(database.uow(), "T1", 6, actor="U1", now=now, is_admin=lambda: True)
    assert (workspace_use_cases.stale_weeks(database.uow(), "T1"), workspace_use_cases.stale_weeks(database.uow(), "T2")) == (6, 4)


def _checkin(database, project_id, week, now, *answers):
    with database.uow() as uow:
        occ = Occurrence("T1", OccurrenceKind.CHECKIN, now + timedelta(weeks=week), project_id=project_id,
                         status=OccurrenceStatus.POSTED, channel="C1", ts=f"{project_id}.{week}")  # fmt: skip
        [occ_id] = uow.occurrences.add_all_if_absent([occ])
        for user, notes, blockers, at in answers:
            uow.responses.put(Response(occ_id, "T1", user, notes=notes, blockers=blockers, updated_at=at))
        uow.commit()


def test_each_projects_latest_note_and_open_blockers_are_read_for_the_digest(database, now):
    a, b, c = (create(database, now, ref).id for ref in ("a", "b", "c"))
    _checkin(database, a, 0, now, ("U1", "first note", "GPU quota", now + timedelta(hours=1)))
    _checkin(database, a, 1, now, ("U1", "", "", now + timedelta(weeks=1, hours=1)),
             ("U2", "newest note", "vendor late", now + timedelta(weeks=1, hours=2)))  # fmt: skip
    _checkin(database, b, 0, now, ("U2", "", "", now))
    with database.uow() as uow:
        notes = uow.responses.latest_notes([a, b, c])
    assert {pid: (n.user_id, n.text) for pid, n in notes.items()} == {a: ("U2", "newest note")}
    assert notes[a].at == now + timedelta(weeks=1, hours=2)
    digest = digest_use_cases.digest_data(database.uow(), "T1", "C9", scope="", now=now + timedelta(weeks=2))
    entry = next(e for e in digest.entries if e.ranked.project.ref == "a")
    assert [x.text for x in entry.blockers] == ["GPU quota", "vendor late"] and entry.note.text == "newest note"


def _columns(url, table):
    engine = create_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def _down_and_up(url):
    migrate.upgrade(url)
    assert "data_plan" in _columns(url, "projects") and "stale_readings_weeks" in _columns(url, "workspaces")
    migrate.downgrade(url, "0026")
    assert "data_plan" not in _columns(url, "projects") and "stale_readings_weeks" not in _columns(url, "workspaces")
    migrate.upgrade(url)
    migrate.check(url)


def test_migration_0027_adds_and_drops_its_columns_on_sqlite(tmp_path):
    _down_and_up(f"sqlite:///{tmp_path / 'm.db'}")


def test_migration_0027_adds_and_drops_its_columns_on_postgres():
    with throwaway_postgres("mlscope_0027") as url:
        _down_and_up(url)
