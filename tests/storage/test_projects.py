"""Use cases through the real unit of work, once on SQLite and once on PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from domain import draft_use_cases, project_queries, project_use_cases, reading_use_cases, workspace_use_cases
from domain.errors import DomainError, NotFound
from domain.metrics import Baseline, BaselineKind, HumanLevel
from domain.model import CheckinSchedule, ChecklistItem, HardFlag, Stage
from domain.project_use_cases import NewProject
from domain.scoring import ScoringWeights
from storage.orm import HistoryRow
from storage.uow import SqlAlchemyUnitOfWork
from tests.builders import optimizing, satisficing, scope, uniform


def ADMIN():
    """Actors other than the owner act as workspace admins here; permissions have tests of their own."""
    return True


def create(db, now, name="Churn Predictor", team="T1", **kw):
    return project_use_cases.create_project(
        db.uow(), NewProject(team_id=team, name=name, owner_id="U1", creator_id="U2", channel_id="C1", **kw), now=now
    )


def test_a_created_project_reads_back_whole(database, now):
    full = scope(
        **uniform(4),
        hard_flags={HardFlag.DIALOG},
        answers={"improves_performance": "yes"},
        data_flywheel=True,
        metrics=[optimizing(weights={"p": 0.5, "r": 0.5}), satisficing()],
        baselines=[
            Baseline(
                kind=BaselineKind.HUMAN,
                description="experts",
                value=0.9,
                source="pilot",
                human_level=HumanLevel.DOMAIN_EXPERTS,
            )
        ],
    )
    checkin = CheckinSchedule(timezone="Europe/Paris", weekday=2, anchor=now)
    created = create(database, now, statement="Who will cancel next month?", scope=full, checkin=checkin)
    again = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert created.id is not None and again.id == created.id
    assert again.scope == full
    assert again.checkin == checkin
    assert (again.problem.statement, again.stage, again.created_at) == (
        "Who will cancel next month?",
        Stage.PLANNING,
        now,
    )


def test_everything_the_aggregate_changes_reads_back_as_the_use_cases_returned_it(database, now):
    """The use cases' rules are tested on the fake unit of work (tests/domain/test_project_use_cases.py);
    here, that what they change is stored: stage and transitions, readings, metric changes, baselines,
    the checklist, the archive flag."""
    create(database, now, ref="p", scope=scope(metrics=[optimizing("error", direction="lower")], baselines=[]))
    later = now + timedelta(days=3)
    project_use_cases.move_stage(database.uow(), "T1", "p", Stage.DATA, reason="", actor="U1", now=now)
    project_use_cases.move_stage(
        database.uow(), "T1", "p", Stage.PLANNING, reason="labels cost too much", actor="U3", now=later, is_admin=ADMIN
    )
    reading_use_cases.record_metric(database.uow(), "T1", "p", 0.61, note="first model", actor="U1", now=later)
    project_use_cases.update_project(
        database.uow(),
        "T1",
        "p",
        actor="U1",
        now=later,
        scope=scope(metrics=[optimizing("recall@10")], baselines=[]),
        metric_change_reason="classes are imbalanced",
    )
    for value in (0.3, 0.2):
        project_use_cases.add_baseline(
            database.uow(), "T1", "p", Baseline(kind="simple_ml", description=f"lr {value}", value=value), actor="U1", now=later
        )
    project_use_cases.set_checklist(database.uow(), "T1", "p", {ChecklistItem.LITERATURE}, actor="U1", now=later)
    returned = project_use_cases.archive_project(database.uow(), "T1", "p", actor="U1", now=later)
    stored = project_queries.get_project(database.uow(), "T1", "p")
    assert stored == returned
    assert (stored.stage, stored.stage_entered_at, stored.updated_at, stored.archived) == (Stage.PLANNING, later, later, True)
    assert [(t.to_stage, t.loop_back, t.reason) for t in stored.transitions] == [
        (Stage.DATA, False, ""),
        (Stage.PLANNING, True, "labels cost too much"),
    ]
    assert [(r.value, r.note) for r in stored.readings] == [(0.61, "first model")]
    assert [c.reason for c in stored.metric_changes] == ["classes are imbalanced"]
    assert [b.value for b in stored.scope.baselines] == [0.3, 0.2] and stored.scope.checklist == {ChecklistItem.LITERATURE}


def test_refs_are_derived_from_names_and_unique_per_workspace(database, now):
    assert create(database, now).ref == "churn-predictor"
    assert create(database, now).ref == "churn-predictor-2"
    assert create(database, now, team="T2").ref == "churn-predictor"


def test_another_workspace_cannot_see_a_project(database, now):
    create(database, now, ref="secret")
    with pytest.raises(NotFound):
        project_queries.get_project(database.uow(), "T2", "secret")
    assert project_queries.list_projects(database.uow(), "T2") == []


def test_archived_projects_leave_the_list_and_can_no_longer_change(database, now):
    create(database, now, ref="p")
    create(database, now, ref="q")
    project_use_cases.archive_project(database.uow(), "T1", "p", actor="U1", now=now)
    assert [r.project.ref for r in project_queries.list_projects(database.uow(), "T1")] == ["q"]
    assert {r.project.ref for r in project_queries.list_projects(database.uow(), "T1", include_archived=True)} == {"p", "q"}
    with pytest.raises(DomainError, match="archived"):
        project_use_cases.move_stage(database.uow(), "T1", "p", Stage.DATA, reason="", actor="U1", now=now)


def test_every_change_lands_in_the_history_with_who_and_when(database, now):
    create(database, now, ref="p", scope=scope(metrics=[optimizing()]))
    project_use_cases.move_stage(
        database.uow(), "T1", "p", Stage.DATA, reason="", actor="U3", now=now + timedelta(minutes=1), is_admin=ADMIN
    )
    reading_use_cases.record_metric(database.uow(), "T1", "p", 0.5, note=None, actor="U4", now=now + timedelta(minutes=2))
    project_use_cases.archive_project(database.uow(), "T1", "p", actor="U5", now=now + timedelta(minutes=3), is_admin=ADMIN)
    changes = project_queries.history(database.uow(), "T1", "p")
    assert [(c.action, c.actor, c.at) for c in changes] == [
        ("created", "U2", now),
        ("stage_moved", "U3", now + timedelta(minutes=1)),
        ("metric_recorded", "U4", now + timedelta(minutes=2)),
        ("archived", "U5", now + timedelta(minutes=3)),
    ]
    assert changes[1].detail["to_stage"] == "data"


def test_workspace_weights_are_stored_per_workspace(database, now):
    custom = ScoringWeights(impact_threshold=20)
    workspace_use_cases.set_weights(database.uow(), "T1", custom, actor="U1", now=now, is_admin=ADMIN)
    assert workspace_use_cases.weights_for(database.uow(), "T1") == custom
    assert workspace_use_cases.weights_for(database.uow(), "T2") == ScoringWeights()


def test_the_unit_of_work_rolls_back_unless_committed(database, now):
    from tests.builders import project

    with database.uow() as uow:
        uow.projects.add(project("ghost"))
    with database.uow() as uow:
        assert uow.projects.get("T1", "ghost") is None


def test_drafts_are_saved_per_user_and_can_be_discarded(database, now):
    draft_use_cases.save_draft(database.uow(), "T1", "U1", step=2, data={"name": "half done"}, now=now)
    draft_use_cases.save_draft(database.uow(), "T1", "U1", step=3, data={"name": "more"}, now=now)
    draft = draft_use_cases.load_draft(database.uow(), "T1", "U1")
    assert (draft.step, draft.data) == (3, {"name": "more"})
    assert draft_use_cases.load_draft(database.uow(), "T2", "U1") is None
    draft_use_cases.discard_draft(database.uow(), "T1", "U1")
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") is None


def test_readings_past_the_cap_are_stored_folded_and_read_back_as_saved(database, now):
    from domain.metrics import MAX_READINGS, SUMMARY_ACTOR, MetricReading
    from storage.orm import ReadingRow

    create(database, now, scope=scope(metrics=[optimizing("examples labelled", None)]))  # any number: no scale
    with database.uow() as uow:  # the first readings in one save (one use case call each took a minute)
        seeded = uow.projects.get("T1", "churn-predictor")
        for n in range(MAX_READINGS - 1):
            seeded.record(MetricReading(value=float(n), at=now, actor="U1"))
        uow.projects.save(seeded)
        uow.commit()
    for n in (MAX_READINGS - 1, MAX_READINGS):  # the last one kept as it is, then the one that folds
        reading_use_cases.record_metric(database.uow(), "T1", "churn-predictor", float(n), note=None, actor="U1", now=now)
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert len(project.readings) == MAX_READINGS // 2 + 1 and project.readings[0].actor == SUMMARY_ACTOR
    assert project.current_value == MAX_READINGS
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReadingRow)) == len(project.readings)
    reading_use_cases.record_metric(database.uow(), "T1", "churn-predictor", 7.0, note="after", actor="U1", now=now, confirmed=True)
    again = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert [r.value for r in again.readings[-2:]] == [MAX_READINGS, 7.0] and again.readings[0] == project.readings[0]


class LosesTheDraftsLastCommit(SqlAlchemyUnitOfWork):
    """Commits as usual, except the commit in which the draft ``T1``/``U2:new`` is gone: every
    statement of it reaches the database, then the commit is lost (a crash, a dropped connection).
    Were the project created in an earlier commit than the draft's removal, it would survive this."""

    def commit(self) -> None:
        if self.drafts.get("T1", "U2:new") is None:
            self.session.flush()
            raise ConnectionError("connection lost at commit")
        super().commit()


def test_finishing_a_scope_whose_commit_is_lost_leaves_the_draft_and_no_project(database, now):
    draft_use_cases.save_draft(database.uow(), "T1", "U2:new", step=5, data={"name": "Churn"}, now=now)
    new = NewProject(team_id="T1", name="Churn", owner_id="U1", creator_id="U2", channel_id="C1")
    with pytest.raises(ConnectionError):
        draft_use_cases.finish_scoping(LosesTheDraftsLastCommit(database.sessions, database.cache), "T1", "U2:new", new, actor="U2", now=now)
    assert project_queries.list_projects(database.uow(), "T1") == []
    assert draft_use_cases.load_draft(database.uow(), "T1", "U2:new") is not None
    with database.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(HistoryRow)) == 0
    finished = draft_use_cases.finish_scoping(database.uow(), "T1", "U2:new", new, actor="U2", now=now)
    assert project_queries.get_project(database.uow(), "T1", finished.ref).id == finished.id
    assert draft_use_cases.load_draft(database.uow(), "T1", "U2:new") is None


def test_one_draft_finished_twice_makes_one_project_and_the_second_finish_is_refused(database, now):
    """Two finishes of one draft, both having read it before either ran (a double click on Create,
    two replicas, the modal's last step and the chat's Create): the second creates nothing."""
    draft_use_cases.save_draft(database.uow(), "T1", "U2", step=5, data={"name": "Churn"}, now=now)
    read = draft_use_cases.load_draft(database.uow(), "T1", "U2")
    new = NewProject(team_id="T1", name="Churn", owner_id="U1", creator_id="U2", channel_id="C1")
    first = draft_use_cases.finish_scoping(database.uow(), "T1", "U2", new, actor="U2", now=now)
    with pytest.raises(draft_use_cases.DraftGone, match="already finished or discarded elsewhere"):
        draft_use_cases.finish_scoping(database.uow(), "T1", "U2", new, actor="U2", now=now + timedelta(seconds=1))
    assert [r.project.ref for r in project_queries.list_projects(database.uow(), "T1")] == ["churn"], "no churn-2"
    with database.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(HistoryRow)) == 1, "the second's history rolled back too"
    assert draft_use_cases.created_from(database.uow(), read, creator="U2").id == first.id


def test_what_a_gone_draft_became_is_told_only_when_it_is_known(database, now):
    older = create(database, now, name="Churn")  # an earlier scope of the same name, by the same person
    draft_use_cases.save_draft(database.uow(), "T1", "U2", step=5, data={"name": "Churn"}, now=now + timedelta(hours=1))
    read = draft_use_cases.load_draft(database.uow(), "T1", "U2")
    draft_use_cases.discard_draft(database.uow(), "T1", "U2")
    assert draft_use_cases.created_from(database.uow(), read, creator="U2") is None, f"not {older.ref}: discarded"
