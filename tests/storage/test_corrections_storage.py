"""Corrections as storage keeps them, on SQLite and PostgreSQL: a reading taken back deletes its
row only (the others keep theirs), the ranked list's current value follows, and archived
projects are listed latest first for App Home."""

from datetime import timedelta

from sqlalchemy import select

from domain import correction_use_cases, project_queries, project_use_cases
from domain.metric_series import ReadingKey
from domain.project_use_cases import NewProject
from storage.orm import ReadingRow
from tests.builders import optimizing, scope


def create(db, now, ref):
    new = NewProject(team_id="T1", name=ref.title(), ref=ref, owner_id="U1", creator_id="U1", channel_id="C1",
                     scope=scope(metrics=[optimizing()]))  # fmt: skip
    return project_use_cases.create_project(db.uow(), new, now=now)


def row_ids(database):
    with database.sessions() as session:
        return {row.value: row.id for row in session.scalars(select(ReadingRow).order_by(ReadingRow.id))}


def test_removing_a_reading_deletes_its_row_only_and_the_ranked_current_value_follows(database, now):
    create(database, now, "p")
    for i, value in enumerate((0.5, 0.6, 0.7)):
        project_use_cases.record_metric(database.uow(), "T1", "p", value, note=None, actor="U1", now=now + timedelta(seconds=i, microseconds=7))
    before = row_ids(database)
    latest = ReadingKey.of(project_queries.get_project(database.uow(), "T1", "p").readings[-1])
    middle = ReadingKey.of(project_queries.get_project(database.uow(), "T1", "p").readings[1])
    correction_use_cases.remove_reading(database.uow(), "T1", "p", middle, actor="U1", now=now)
    assert row_ids(database) == {0.5: before[0.5], 0.7: before[0.7]}
    correction_use_cases.remove_reading(database.uow(), "T1", "p", latest, actor="U1", now=now)
    assert [r.value for r in project_queries.get_project(database.uow(), "T1", "p").readings] == [0.5]
    [line] = project_queries.ranked_page(database.uow(), "T1").items
    assert line.current_value == 0.5


def test_archived_projects_are_listed_latest_first_and_leave_the_list_once_unarchived(database, now):
    for i, ref in enumerate(("a", "b", "c")):
        create(database, now, ref)
        project_use_cases.archive_project(database.uow(), "T1", ref, actor="U1", now=now + timedelta(hours=i))
    projects, total = project_queries.archived_projects(database.uow(), "T1", limit=2)
    assert ([p.ref for p in projects], total) == (["c", "b"], 3)
    correction_use_cases.unarchive_project(database.uow(), "T1", "c", actor="U1", now=now + timedelta(days=1))
    projects, total = project_queries.archived_projects(database.uow(), "T1", limit=2)
    assert ([p.ref for p in projects], total) == (["b", "a"], 2)
    assert [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items] == ["c"]


def test_a_fold_rewrites_the_rows_once_and_a_reading_taken_back_afterwards_deletes_only_its_row(database, now):
    from domain.metrics import MAX_READINGS, SUMMARY_ACTOR, MetricReading

    create(database, now, "p")
    with database.uow() as uow:  # the first readings in one save
        seeded = uow.projects.get("T1", "p")
        for n in range(MAX_READINGS):
            seeded.record(MetricReading(value=0.5, at=now + timedelta(minutes=n), actor="U1"))
        uow.projects.save(seeded)
        uow.commit()
    at = now + timedelta(days=1)
    project_use_cases.record_metric(database.uow(), "T1", "p", 0.51, note=None, actor="U1", now=at)  # the one that folds
    project = project_queries.get_project(database.uow(), "T1", "p")
    assert project.readings[0].actor == SUMMARY_ACTOR and len(project.readings) == MAX_READINGS // 2 + 1
    with database.sessions() as session:
        ids = list(session.scalars(select(ReadingRow.id).order_by(ReadingRow.id)))
    assert len(ids) == len(project.readings)
    correction_use_cases.remove_reading(database.uow(), "T1", "p", ReadingKey.of(project.readings[-1]), actor="U1", now=at)
    with database.sessions() as session:
        assert list(session.scalars(select(ReadingRow.id).order_by(ReadingRow.id))) == ids[:-1]
    assert project_queries.get_project(database.uow(), "T1", "p").current_value == 0.5
