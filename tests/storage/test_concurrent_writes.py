"""Two writers of one project or one draft: the later one never undoes the earlier (SQLite and PostgreSQL).

Each test lets a use case read, then has someone else commit a change before it writes, the
interleaving that loses an update when writes do not compare versions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta

import pytest

from domain import (
    checkin_use_cases,
    draft_use_cases,
    loop_backs,
    posting,
    project_queries,
    project_use_cases,
    reading_use_cases,
)
from domain.checkins import Answer, Question
from domain.concurrency import ATTEMPTS
from domain.errors import ConcurrentChange, DomainError
from domain.model import CheckinSchedule, Stage
from domain.project_use_cases import NewProject
from storage.drafts import SqlDraftRepository
from storage.projects import SqlProjectRepository
from storage.responses import SqlResponseRepository
from tests.builders import optimizing, scope, uniform

WEEKLY = CheckinSchedule(weekday=1, local_time=time(9, 30), timezone="Europe/Paris")


def someone_writes_after_the_first(monkeypatch, repository: type, method: str, meanwhile: Callable[[], object]) -> None:
    """``repository.method`` reads as usual; right after its first read, ``meanwhile`` commits."""
    read = getattr(repository, method)
    interleaved: list[bool] = []

    def read_then_someone_writes(self, *args, **kwargs):
        found = read(self, *args, **kwargs)
        if not interleaved:
            interleaved.append(True)
            meanwhile()
        return found

    monkeypatch.setattr(repository, method, read_then_someone_writes)


@pytest.fixture
def churn(database, now):
    return project_use_cases.create_project(
        database.uow(),
        NewProject(
            team_id="T1",
            name="Churn Predictor",
            owner_id="U1",
            creator_id="U1",
            channel_id="C1",
            scope=scope(**uniform(3), metrics=[optimizing()]),
        ),
        now=now,
    )


def test_a_card_saved_while_the_stage_moves_keeps_the_move(database, now, churn, monkeypatch):
    move = lambda: project_use_cases.move_stage(  # noqa: E731
        database.uow(), "T1", "churn-predictor", Stage.DATA, reason="labels arrived", actor="U1", now=now
    )
    someone_writes_after_the_first(monkeypatch, SqlProjectRepository, "get_by_id", move)

    project_use_cases.set_card(database.uow(), "T1", churn.id, channel="C1", ts="111.222")

    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.stage is Stage.DATA and len(project.transitions) == 1
    assert (project.card_channel, project.card_ts) == ("C1", "111.222")


def test_a_stage_move_while_a_metric_is_recorded_keeps_the_value_the_ranked_list_shows(
    database, now, churn, monkeypatch
):
    record = lambda: reading_use_cases.record_metric(  # noqa: E731
        database.uow(), "T1", "churn-predictor", 0.6, note="", actor="U2", now=now
    )
    someone_writes_after_the_first(monkeypatch, SqlProjectRepository, "get", record)

    project_use_cases.move_stage(database.uow(), "T1", "churn-predictor", Stage.DATA, reason="", actor="U1", now=now)

    [listed] = project_queries.ranked_page(database.uow(), "T1").items
    assert (listed.stage, listed.current_value) == (Stage.DATA, 0.6)


def test_two_stage_moves_at_once_make_one_path_not_two_branches(database, now, churn, monkeypatch):
    project_use_cases.move_stage(database.uow(), "T1", "churn-predictor", Stage.DATA, reason="", actor="U1", now=now)
    to_training = lambda: project_use_cases.move_stage(  # noqa: E731
        database.uow(), "T1", "churn-predictor", Stage.TRAINING, reason="labels in", actor="U1", now=now
    )
    someone_writes_after_the_first(monkeypatch, SqlProjectRepository, "get", to_training)

    project_use_cases.move_stage(
        database.uow(), "T1", "churn-predictor", Stage.PLANNING, reason="metric wrong", actor="U1", now=now
    )

    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    path = [(t.from_stage, t.to_stage) for t in project.transitions]
    assert path == [(Stage.PLANNING, Stage.DATA), (Stage.DATA, Stage.TRAINING), (Stage.TRAINING, Stage.PLANNING)]
    assert project.stage is Stage.PLANNING


def test_a_timezone_added_while_the_next_step_is_saved_keeps_the_step(database, now, monkeypatch):
    draft_use_cases.save_draft(database.uow(), "T1", "U1", step=2, data={"name": "Churn"}, now=now)
    next_step = lambda: draft_use_cases.update_draft(  # noqa: E731
        database.uow(), "T1", "U1", patch={"impact": {"business_value": 5}}, step=3, now=now
    )
    someone_writes_after_the_first(monkeypatch, SqlDraftRepository, "get", next_step)

    draft_use_cases.update_draft(database.uow(), "T1", "U1", patch={"owner_tz": "Asia/Tokyo"}, now=now)

    draft = draft_use_cases.load_draft(database.uow(), "T1", "U1")
    assert draft.step == 3
    assert draft.data == {"name": "Churn", "impact": {"business_value": 5}, "owner_tz": "Asia/Tokyo"}


def test_a_writer_that_always_loses_the_race_is_told_and_changes_nothing(database, now, churn, monkeypatch):
    read = SqlProjectRepository.get
    readings = iter(range(1, ATTEMPTS + 1))

    def every_read_is_overtaken(self, *args, **kwargs):
        found = read(self, *args, **kwargs)
        if self.session.info.get("overtakes") is None:
            other = database.uow()
            with other:
                other.session.info["overtakes"] = False
                project = other.projects.get("T1", "churn-predictor")
                project.silent_since = now + timedelta(hours=next(readings))
                other.projects.save(project)
                other.commit()
        return found

    monkeypatch.setattr(SqlProjectRepository, "get", every_read_is_overtaken)
    with pytest.raises(ConcurrentChange, match="try again"):
        reading_use_cases.record_metric(database.uow(), "T1", "churn-predictor", 0.9, note="", actor="U2", now=now)

    monkeypatch.undo()
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").readings == []


def test_two_quick_answers_of_one_person_to_one_check_in_are_both_kept(database, now, churn, monkeypatch):
    checkin = _posted_checkin(database, now)
    answer_data = lambda: checkin_use_cases.record_answer(  # noqa: E731
        database.uow(), "T1", checkin, user="U2", question=Question.DATA, answer=Answer.YES, now=now
    )
    someone_writes_after_the_first(monkeypatch, SqlResponseRepository, "get", answer_data)

    checkin_use_cases.record_answer(
        database.uow(), "T1", checkin, user="U2", question=Question.METRIC, answer=Answer.YES, now=now
    )

    [response] = checkin_use_cases.details_for(database.uow(), "T1", checkin, user="U2")[0].responses
    assert response.answers == {Question.DATA: Answer.YES, Question.METRIC: Answer.YES}


def test_a_loop_back_accepted_while_the_stage_moves_is_decided_on_the_stage_as_it_is_now(
    database, now, churn, monkeypatch
):
    """A "No" on the data, answered in training, offers data collection; if the project went back to
    planning meanwhile, accepting it must not move planning *forward* to data with that reason."""
    for stage in (Stage.DATA, Stage.TRAINING):
        project_use_cases.move_stage(database.uow(), "T1", "churn-predictor", stage, reason="", actor="U1", now=now)
    checkin = _posted_checkin(database, now)
    to_planning = lambda: project_use_cases.move_stage(  # noqa: E731
        database.uow(), "T1", "churn-predictor", Stage.PLANNING, reason="metric wrong", actor="U1", now=now
    )
    someone_writes_after_the_first(monkeypatch, SqlProjectRepository, "get_by_id", to_planning)

    with pytest.raises(DomainError) as refused:
        loop_backs.accept_loop_back(database.uow(), "T1", checkin, question=Question.DATA, user="U1", now=now)

    assert refused.value.rule == "already_moved"
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.stage is Stage.PLANNING and project.transitions[-1].to_stage is Stage.PLANNING


def test_pausing_check_ins_while_the_project_changes_runs_again_and_keeps_both(database, now, churn, monkeypatch):
    checkin_use_cases.set_schedule(database.uow(), "T1", "churn-predictor", WEEKLY, actor="U1", now=now)
    move = lambda: project_use_cases.move_stage(  # noqa: E731
        database.uow(), "T1", "churn-predictor", Stage.DATA, reason="", actor="U1", now=now
    )
    someone_writes_after_the_first(monkeypatch, SqlProjectRepository, "get", move)

    checkin_use_cases.set_paused(database.uow(), "T1", "churn-predictor", paused=True, actor="U1", now=now)

    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.stage is Stage.DATA and project.checkin.paused


def _posted_checkin(database, now) -> int:
    checkin = checkin_use_cases.add_manual_checkin(database.uow(), "T1", "churn-predictor", actor="U1", now=now)
    [claimed] = posting.claim_due(database.uow(), "tick", now=now, only=[checkin])
    assert posting.begin_post(database.uow(), claimed, "tick", "C1", now=now)
    assert posting.finish_post(database.uow(), claimed, "tick", channel="C1", ts="1.1", now=now)
    return checkin
