"""A pipeline's reading takes the append path: what it stores is what the whole path would have
stored, by the same rules, and it never loses a write racing with it (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from domain import correction_use_cases, project_queries, project_use_cases, reading_use_cases
from domain.errors import DomainError, NotFound
from domain.metric_scale import FarFromSeries
from domain.metric_series import ReadingKey
from domain.metrics import MAX_READINGS, MetricReading
from domain.model import Stage
from domain.project_use_cases import NewProject
from storage.orm import WorkspaceRow
from storage.projects import SqlProjectRepository
from tests.builders import optimizing, scope, uniform
from tests.storage.test_concurrent_writes import someone_writes_after_the_first


def _project(database, now, name: str, **metric):
    return project_use_cases.create_project(
        database.uow(),
        NewProject(team_id="T1", name=name, owner_id="U1", creator_id="U1", channel_id="C1",
                   scope=scope(**uniform(3), metrics=[optimizing(**metric)])),
        now=now,
    )  # fmt: skip


def _append(database, now, value, ref="churn", **kw):
    kw.setdefault("note", None)
    return reading_use_cases.append_reading(database.uow(), "T1", ref, value, actor="U7", now=now, via="api:ci", **kw)


def _record(database, now, value, ref="twin", **kw):
    kw.setdefault("note", None)
    return reading_use_cases.record_reading(database.uow(), "T1", ref, value, actor="U7", now=now, via="api:ci", **kw)


def _revision(database) -> int:
    with database.uow() as uow:
        return uow.session.get(WorkspaceRow, "T1").revision  # type: ignore[attr-defined]


def test_appended_readings_read_back_as_the_whole_path_stores_them(database, now):
    _project(database, now, "Churn", target=90, unit="%")
    _project(database, now, "Twin", target=90, unit="%")
    steps = [(62.0, {"run_id": "r1", "source_url": "https://ci.example.com/1"}), (71.5, {"note": "new features"}),
             (78.0, {}), (69.0, {"run_id": "r2"})]  # fmt: skip
    for i, (value, extra) in enumerate(steps):
        _append(database, now + timedelta(minutes=i), value, **extra)
        _record(database, now + timedelta(minutes=i), value, **extra)

    appended = project_queries.get_project(database.uow(), "T1", "churn")
    whole = project_queries.get_project(database.uow(), "T1", "twin")
    assert appended.readings == whole.readings
    assert [r.value for r in appended.readings] == [62.0, 71.5, 78.0, 69.0]
    assert appended.current_value == 69.0 and appended.updated_at == now + timedelta(minutes=3)
    [listed] = [s for s in project_queries.ranked_page(database.uow(), "T1").items if s.ref == "churn"]
    assert listed.current_value == 69.0  # the ranked list's derived column moved too
    history = [(c.action, c.detail) for c in project_queries.history(database.uow(), "T1", "churn")][-4:]
    twin = [(c.action, c.detail) for c in project_queries.history(database.uow(), "T1", "twin")][-4:]
    assert history == twin and history[0] == (
        "metric_recorded", {"value": 62.0, "note": None, "source_url": "https://ci.example.com/1", "run_id": "r1",
                            "via": "api:ci"},
    )  # fmt: skip


def test_an_appended_reading_moves_the_workspace_revision_so_cached_lists_are_read_again(database, now):
    _project(database, now, "Churn")
    before = _revision(database)

    _append(database, now, 0.5)

    assert _revision(database) == before + 1


def test_a_retried_run_id_records_once_and_answers_with_the_first_reading(database, now):
    _project(database, now, "Churn")
    first = _append(database, now, 0.61, run_id="4711")

    again = _append(database, now + timedelta(minutes=5), 0.99, run_id="4711")

    assert first.created and not again.created
    assert again.reading == first.reading == MetricReading(value=0.61, at=now, actor="U7", run_id="4711")
    assert [r.value for r in project_queries.get_project(database.uow(), "T1", "churn").readings] == [0.61]


def test_a_retried_run_id_of_an_archived_project_is_refused_as_the_whole_path_refuses_it(database, now):
    _project(database, now, "Churn")
    _project(database, now, "Twin")
    for ref in ("churn", "twin"):
        reading_use_cases.record_reading(database.uow(), "T1", ref, 0.61, note=None, actor="U7", now=now, run_id="4711")
        project_use_cases.archive_project(database.uow(), "T1", ref, actor="U1", now=now)

    with pytest.raises(DomainError) as appended:
        _append(database, now, 0.61, run_id="4711")
    with pytest.raises(DomainError) as whole:
        _record(database, now, 0.61, run_id="4711")

    assert appended.value.rule == whole.value.rule == "archived"


def test_the_append_path_refuses_what_the_whole_path_refuses_and_stores_nothing(database, now):
    _project(database, now, "Churn", target=90, unit="%")
    project_use_cases.create_project(
        database.uow(), NewProject(team_id="T1", name="Bare", owner_id="U1", creator_id="U1"), now=now
    )
    _append(database, now, 60)
    with pytest.raises(NotFound, match="Did you mean `churn`"):
        _append(database, now, 61, ref="chrn")
    with pytest.raises(DomainError, match="is a percentage") as impossible:
        _append(database, now, 150)
    with pytest.raises(FarFromSeries):
        _append(database, now, 6)  # ten times off the latest reading, unconfirmed
    with pytest.raises(DomainError) as no_metric:
        _append(database, now, 0.5, ref="bare")
    project_use_cases.archive_project(database.uow(), "T1", "churn", actor="U1", now=now)
    with pytest.raises(DomainError) as archived:
        _append(database, now, 61)

    assert impossible.value.field == "value"
    assert (no_metric.value.rule, archived.value.rule) == ("no_optimizing_metric", "archived")
    assert [r.value for r in project_queries.get_project(database.uow(), "T1", "churn").readings] == [60.0]


def test_a_far_reading_confirmed_is_appended(database, now):
    _project(database, now, "Churn", target=90, unit="%")
    _append(database, now, 60)

    _append(database, now, 6, confirmed=True)

    assert project_queries.get_project(database.uow(), "T1", "churn").current_value == 6.0


def test_a_whole_project_change_that_read_before_an_append_runs_again_and_keeps_the_reading(database, now, monkeypatch):
    _project(database, now, "Churn")
    append = lambda: _append(database, now, 0.7)  # noqa: E731
    someone_writes_after_the_first(monkeypatch, SqlProjectRepository, "get", append)

    project_use_cases.move_stage(database.uow(), "T1", "churn", Stage.DATA, reason="labels", actor="U1", now=now)

    project = project_queries.get_project(database.uow(), "T1", "churn")
    assert project.stage is Stage.DATA and [r.value for r in project.readings] == [0.7]
    [listed] = project_queries.ranked_page(database.uow(), "T1").items
    assert (listed.stage, listed.current_value) == (Stage.DATA, 0.7)  # the save read again, so its derived column too


def test_an_undo_that_read_before_an_append_runs_again_so_the_current_value_is_the_appended_one(
    database, now, monkeypatch
):
    _project(database, now, "Churn")
    _append(database, now, 0.5)
    second = _append(database, now + timedelta(minutes=1), 0.6).reading
    append = lambda: _append(database, now + timedelta(minutes=2), 0.7)  # noqa: E731
    someone_writes_after_the_first(monkeypatch, SqlProjectRepository, "get", append)

    correction_use_cases.remove_reading(database.uow(), "T1", "churn", ReadingKey.of(second), actor="U7", now=now)

    assert [r.value for r in project_queries.get_project(database.uow(), "T1", "churn").readings] == [0.5, 0.7]
    [listed] = project_queries.ranked_page(database.uow(), "T1").items
    assert listed.current_value == 0.7  # the undo read again: not 0.5, the latest it knew of without the append


def test_an_append_that_read_before_a_whole_project_change_runs_again_on_what_is_there_now(
    database, now, monkeypatch
):
    _project(database, now, "Churn", target=90, unit="%")
    archive = lambda: project_use_cases.archive_project(database.uow(), "T1", "churn", actor="U1", now=now)  # noqa: E731
    someone_writes_after_the_first(monkeypatch, SqlProjectRepository, "reading_head", archive)

    with pytest.raises(DomainError) as refused:
        _append(database, now, 60)

    assert refused.value.rule == "archived"  # read again: the archive that landed first decides
    assert project_queries.get_project(database.uow(), "T1", "churn").readings == []


def test_the_reading_past_the_cap_takes_the_whole_path_and_folds_the_older_half(database, now):
    _project(database, now, "Churn")
    with database.uow() as uow:
        project = uow.projects.get("T1", "churn")
        for i in range(MAX_READINGS):
            project.record_reading(MetricReading(value=0.5, at=now + timedelta(seconds=i), actor="U7"))
        uow.projects.save(project)
        uow.commit()

    done = _append(database, now + timedelta(hours=1), 0.6, run_id="late")

    readings = project_queries.get_project(database.uow(), "T1", "churn").readings
    assert done.created and len(readings) == 1 + MAX_READINGS // 2  # one summary, then the newest half
    assert readings[0].actor == "mlscope" and readings[-1].run_id == "late"


def test_readings_pushed_at_once_to_one_project_all_land(database, now):
    _project(database, now, "Churn")
    start = threading.Barrier(4)

    def push(i: int) -> None:
        start.wait()
        _append(database, now + timedelta(seconds=i), 0.5 + i / 100, run_id=f"run-{i}")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(push, range(4)))

    project = project_queries.get_project(database.uow(), "T1", "churn")
    assert sorted(r.run_id for r in project.readings) == ["run-0", "run-1", "run-2", "run-3"]
    [listed] = project_queries.ranked_page(database.uow(), "T1").items
    assert listed.current_value == project.current_value  # the derived column agrees with the last stored
