"""Corrections (issue 18) on the fake unit of work: a reading taken back once, by those who may,
named robustly; an archived project brought back, its check-ins resuming from now."""

from datetime import timedelta

import pytest

from domain import correction_use_cases, project_queries, project_use_cases
from domain.errors import DomainError
from domain.metric_series import ReadingKey
from domain.metrics import MAX_READINGS
from domain.model import Cadence, CheckinSchedule
from domain.permissions import PermissionDenied
from domain.project_use_cases import NewProject
from tests.builders import optimizing, scope
from tests.fakes import FakeStore


@pytest.fixture
def store(now):
    store = FakeStore()
    new = NewProject(team_id="T1", name="P", ref="p", owner_id="U1", creator_id="U2", channel_id="C1",
                     scope=scope(metrics=[optimizing()]), checkin=CheckinSchedule(cadence=Cadence.WEEKLY, weekday=0))  # fmt: skip
    project_use_cases.create_project(store.uow(), new, now=now)
    return store


def record(store, value, actor, at):
    project = project_use_cases.record_metric(store.uow(), "T1", "p", value, note=None, actor=actor, now=at)
    return ReadingKey.of(project.readings[-1])


def remove(store, key, actor, at, **kw):
    return correction_use_cases.remove_reading(store.uow(), "T1", "p", key, actor=actor, now=at, **kw)


def test_removing_a_reading_moves_the_current_value_back_and_is_recorded_in_history(store, now):
    record(store, 0.61, "U3", now)
    key = record(store, 0.67, "U3", now + timedelta(hours=1))
    project = remove(store, key, "U3", now + timedelta(hours=2), how="undone")
    assert project.current_value == 0.61 and [r.value for r in project.readings] == [0.61]
    change = project_queries.history(store.uow(), "T1", "p")[-1]
    assert (change.action, change.actor, change.detail["value"], change.detail["how"]) == ("reading_removed", "U3", 0.67, "undone")


def test_a_second_removal_of_the_same_reading_says_it_is_gone_and_changes_nothing(store, now):
    record(store, 0.61, "U3", now)
    key = record(store, 0.67, "U3", now + timedelta(hours=1))
    remove(store, key, "U3", now)
    history = len(store.state.history)
    with pytest.raises(DomainError, match="already removed") as err:
        remove(store, key, "U3", now)
    assert err.value.rule == "reading_gone" and len(store.state.history) == history
    assert project_queries.get_project(store.uow(), "T1", "p").current_value == 0.61


def test_two_readings_of_the_same_value_are_told_apart_by_their_time(store, now):
    first = record(store, 0.7, "U3", now)
    record(store, 0.7, "U3", now + timedelta(microseconds=1))
    project = remove(store, first, "U3", now)
    assert [r.at for r in project.readings] == [now + timedelta(microseconds=1)]


@pytest.mark.parametrize("actor", ["U3", "U1", "U9"])  # the recorder, the owner, a lead
def test_the_recorder_the_owner_and_leads_may_remove_a_reading(store, now, actor):
    with store.uow() as uow:
        uow.leads.add("T1", "U9", added_by="U1", now=now)
        uow.commit()
    key = record(store, 0.67, "U3", now)
    assert remove(store, key, actor, now).readings == []


def test_someone_else_may_not_remove_a_reading_not_even_the_creator(store, now):
    key = record(store, 0.67, "U3", now)
    for other in ("U2", "U4"):
        with pytest.raises(PermissionDenied, match="who recorded this reading"):
            remove(store, key, other, now)
    assert remove(store, key, "U4", now, is_admin=lambda: True).readings == []


def test_a_key_naming_another_recorder_matches_no_reading(store, now):
    key = record(store, 0.67, "U3", now)
    forged = key.model_copy(update={"actor": "U4"})
    with pytest.raises(DomainError, match="already removed"):
        remove(store, forged, "U4", now)
    assert project_queries.get_project(store.uow(), "T1", "p").current_value == 0.67


def test_a_reading_folded_into_a_summary_says_so(store, now):
    key = record(store, 0.5, "U3", now)
    with store.uow() as uow:
        project = uow.projects.get("T1", "p")
        for i in range(MAX_READINGS):
            project.record_reading(project.readings[-1].model_copy(update={"at": now + timedelta(minutes=i + 1)}))
        uow.projects.save(project)
        uow.commit()
    with pytest.raises(DomainError, match="part of a summary") as err:
        remove(store, key, "U3", now)
    assert err.value.rule == "reading_folded"


def test_an_archived_project_keeps_its_readings(store, now):
    key = record(store, 0.67, "U3", now)
    project_use_cases.archive_project(store.uow(), "T1", "p", actor="U1", now=now)
    with pytest.raises(DomainError, match="archived"):
        remove(store, key, "U3", now)


def test_unarchive_brings_the_project_back_and_check_ins_resume_from_now(store, now):
    project_use_cases.archive_project(store.uow(), "T1", "p", actor="U1", now=now)
    later = now + timedelta(days=30)
    project = correction_use_cases.unarchive_project(store.uow(), "T1", "p", actor="U2", now=later)
    assert not project.archived and project.checkin.since == later and project.updated_at == later
    assert [c.action for c in project_queries.history(store.uow(), "T1", "p")][-2:] == ["archived", "unarchived"]


def test_unarchive_is_for_those_who_may_change_the_project_and_only_for_an_archived_one(store, now):
    with pytest.raises(DomainError, match="not archived"):
        correction_use_cases.unarchive_project(store.uow(), "T1", "p", actor="U1", now=now)
    project_use_cases.archive_project(store.uow(), "T1", "p", actor="U1", now=now)
    with pytest.raises(PermissionDenied, match="unarchive"):
        correction_use_cases.unarchive_project(store.uow(), "T1", "p", actor="U4", now=now)
    assert project_queries.get_project(store.uow(), "T1", "p").archived
