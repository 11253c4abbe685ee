"""Use cases through the real unit of work, once on SQLite and once on PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from domain import services
from domain.errors import Conflict, DomainError, NotFound
from domain.model import Baseline, BaselineKind, CheckinSchedule, HardFlag, HumanLevel, Stage
from domain.scoring import ScoringWeights
from domain.services import NewProject
from storage.orm import HistoryRow, ProjectRow
from tests.builders import optimizing, satisficing, scope, uniform


def ADMIN():
    """Actors other than the owner act as workspace admins here; permissions have tests of their own."""
    return True


def create(db, now, name="Churn Predictor", team="T1", **kw):
    return services.create_project(
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
    again = services.get_project(database.uow(), "T1", "churn-predictor")
    assert created.id is not None and again.id == created.id
    assert again.scope == full
    assert again.checkin == checkin
    assert (again.problem.statement, again.stage, again.created_at) == (
        "Who will cancel next month?",
        Stage.PLANNING,
        now,
    )


def test_refs_are_derived_from_names_and_unique_per_workspace(database, now):
    assert create(database, now).ref == "churn-predictor"
    assert create(database, now).ref == "churn-predictor-2"
    assert create(database, now, team="T2").ref == "churn-predictor"


def test_a_duplicate_explicit_ref_is_refused_and_nothing_is_written(database, now):
    create(database, now, ref="churn")
    with pytest.raises(Conflict, match="already used"):
        create(database, now, ref="churn", name="Other")
    with database.uow() as uow:
        assert uow.projects.refs("T1") == ["churn"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"ref": "Bad Ref"}, "ref"),
        ({"scope": scope(metrics=[optimizing("a"), optimizing("b")])}, "metrics"),
    ],
)
def test_invalid_projects_raise_a_domain_error_and_write_nothing(database, now, kwargs, field):
    with pytest.raises(DomainError) as err:
        create(database, now, **kwargs)
    assert err.value.field == field
    with database.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ProjectRow)) == 0
        assert conn.scalar(select(func.count()).select_from(HistoryRow)) == 0


def test_another_workspace_cannot_see_a_project(database, now):
    create(database, now, ref="secret")
    with pytest.raises(NotFound):
        services.get_project(database.uow(), "T2", "secret")
    assert services.list_projects(database.uow(), "T2") == []


def test_an_unknown_ref_suggests_the_closest_ones(database, now):
    create(database, now, ref="churn-predictor")
    with pytest.raises(NotFound) as err:
        services.get_project(database.uow(), "T1", "churn")
    assert err.value.suggestions == ["churn-predictor"]
    assert "Did you mean `churn-predictor`" in err.value.message


def test_stage_moves_and_loop_backs_are_recorded_with_reason_actor_and_time(database, now):
    create(database, now, ref="p")
    later = now + timedelta(days=3)
    services.move_stage(database.uow(), "T1", "p", Stage.DATA, reason="", actor="U1", now=now)
    moved = services.move_stage(
        database.uow(), "T1", "p", Stage.PLANNING, reason="labels cost too much", actor="U3", now=later, is_admin=ADMIN
    )
    stored = services.get_project(database.uow(), "T1", "p")
    assert stored.stage is Stage.PLANNING and stored.stage_entered_at == later
    assert [(t.from_stage, t.to_stage, t.loop_back, t.reason, t.actor, t.at) for t in stored.transitions] == [
        (Stage.PLANNING, Stage.DATA, False, "", "U1", now),
        (Stage.DATA, Stage.PLANNING, True, "labels cost too much", "U3", later),
    ]
    assert moved.transitions == stored.transitions


def test_an_impossible_stage_move_changes_nothing(database, now):
    create(database, now, ref="p")
    with pytest.raises(DomainError, match="cannot be skipped"):
        services.move_stage(database.uow(), "T1", "p", Stage.DEPLOYMENT, reason="", actor="U1", now=now)
    stored = services.get_project(database.uow(), "T1", "p")
    assert stored.stage is Stage.PLANNING and stored.transitions == []


def test_metric_readings_build_a_history(database, now):
    create(database, now, ref="p", scope=scope(metrics=[optimizing()]))
    services.record_metric(database.uow(), "T1", "p", 0.61, note="first model", actor="U1", now=now)
    services.record_metric(database.uow(), "T1", "p", 0.67, note=None, actor="U2", now=now + timedelta(hours=1))
    stored = services.get_project(database.uow(), "T1", "p")
    assert [(r.value, r.note, r.actor) for r in stored.readings] == [(0.61, "first model", "U1"), (0.67, None, "U2")]
    assert stored.current_value == 0.67


def test_recording_a_metric_without_an_optimizing_metric_is_refused(database, now):
    create(database, now, ref="p", scope=scope(metrics=[]))
    with pytest.raises(DomainError, match="no optimizing metric"):
        services.record_metric(database.uow(), "T1", "p", 1.0, note=None, actor="U1", now=now)


def test_changing_the_optimizing_metric_needs_and_records_a_reason(database, now):
    create(database, now, ref="p", scope=scope(metrics=[optimizing("accuracy")]))
    new_scope = scope(metrics=[optimizing("recall@10")])
    with pytest.raises(DomainError, match="needs a reason"):
        services.update_project(database.uow(), "T1", "p", actor="U1", now=now, scope=new_scope)
    services.update_project(
        database.uow(), "T1", "p", actor="U1", now=now, scope=new_scope, metric_change_reason="classes are imbalanced"
    )
    stored = services.get_project(database.uow(), "T1", "p")
    assert stored.scope.optimizing.name == "recall@10"
    assert [(c.previous, c.current, c.reason) for c in stored.metric_changes] == [
        ("accuracy ↑, target 0.8", "recall@10 ↑, target 0.8", "classes are imbalanced")
    ]


def test_baselines_are_appended_and_the_best_one_follows_the_metric_direction(database, now):
    create(database, now, ref="p", scope=scope(metrics=[optimizing("error", direction="lower")], baselines=[]))
    for value in (0.3, 0.2, 0.25):
        services.add_baseline(
            database.uow(),
            "T1",
            "p",
            Baseline(kind="simple_ml", description=f"lr {value}", value=value),
            actor="U1",
            now=now,
        )
    stored = services.get_project(database.uow(), "T1", "p")
    assert [b.value for b in stored.scope.baselines] == [0.3, 0.2, 0.25]
    assert stored.best_baseline().value == 0.2


def test_archived_projects_leave_the_list_and_can_no_longer_change(database, now):
    create(database, now, ref="p")
    create(database, now, ref="q")
    services.archive_project(database.uow(), "T1", "p", actor="U1", now=now)
    assert [r.project.ref for r in services.list_projects(database.uow(), "T1")] == ["q"]
    assert {r.project.ref for r in services.list_projects(database.uow(), "T1", include_archived=True)} == {"p", "q"}
    with pytest.raises(DomainError, match="archived"):
        services.move_stage(database.uow(), "T1", "p", Stage.DATA, reason="", actor="U1", now=now)


def test_every_change_lands_in_the_history_with_who_and_when(database, now):
    create(database, now, ref="p", scope=scope(metrics=[optimizing()]))
    services.move_stage(
        database.uow(), "T1", "p", Stage.DATA, reason="", actor="U3", now=now + timedelta(minutes=1), is_admin=ADMIN
    )
    services.record_metric(database.uow(), "T1", "p", 0.5, note=None, actor="U4", now=now + timedelta(minutes=2))
    services.archive_project(database.uow(), "T1", "p", actor="U5", now=now + timedelta(minutes=3), is_admin=ADMIN)
    changes = services.history(database.uow(), "T1", "p")
    assert [(c.action, c.actor, c.at) for c in changes] == [
        ("created", "U2", now),
        ("stage_moved", "U3", now + timedelta(minutes=1)),
        ("metric_recorded", "U4", now + timedelta(minutes=2)),
        ("archived", "U5", now + timedelta(minutes=3)),
    ]
    assert changes[1].detail["to_stage"] == "data"


def test_list_filters_by_owner_and_stage_but_keeps_portfolio_ranks(database, now):
    create(database, now, ref="strong", scope=scope(**uniform(5)))
    services.create_project(
        database.uow(),
        NewProject(team_id="T1", name="Weak", ref="weak", owner_id="U9", creator_id="U9", scope=scope(**uniform(2))),
        now=now,
    )
    mine = services.list_projects(database.uow(), "T1", owner_id="U9")
    assert [(r.rank, r.project.ref) for r in mine] == [(2, "weak")]
    assert services.list_projects(database.uow(), "T1", stage=Stage.DATA) == []


def test_workspace_weights_are_stored_per_workspace(database, now):
    custom = ScoringWeights(impact_threshold=20)
    services.set_weights(database.uow(), "T1", custom, actor="U1", now=now)
    assert services.weights_for(database.uow(), "T1") == custom
    assert services.weights_for(database.uow(), "T2") == ScoringWeights()


def test_the_unit_of_work_rolls_back_unless_committed(database, now):
    from tests.builders import project

    with database.uow() as uow:
        uow.projects.add(project("ghost"))
    with database.uow() as uow:
        assert uow.projects.get("T1", "ghost") is None


def test_drafts_are_saved_per_user_and_can_be_discarded(database, now):
    services.save_draft(database.uow(), "T1", "U1", step=2, data={"name": "half done"}, now=now)
    services.save_draft(database.uow(), "T1", "U1", step=3, data={"name": "more"}, now=now)
    draft = services.load_draft(database.uow(), "T1", "U1")
    assert (draft.step, draft.data) == (3, {"name": "more"})
    assert services.load_draft(database.uow(), "T2", "U1") is None
    services.discard_draft(database.uow(), "T1", "U1")
    assert services.load_draft(database.uow(), "T1", "U1") is None


def test_readings_past_the_cap_are_stored_folded_and_read_back_as_saved(database, now):
    from domain.model import MAX_READINGS, SUMMARY_ACTOR, MetricReading
    from storage.orm import ReadingRow

    create(database, now, scope=scope(metrics=[optimizing()]))
    with database.uow() as uow:  # a full history, stored in one go (recording 500 one by one takes 20 s)
        full = uow.projects.get("T1", "churn-predictor")
        full.readings = [MetricReading(value=float(n), at=now, actor="U1") for n in range(MAX_READINGS)]
        uow.projects.save(full)
        uow.commit()
    services.record_metric(database.uow(), "T1", "churn-predictor", float(MAX_READINGS), note=None, actor="U1", now=now)
    project = services.get_project(database.uow(), "T1", "churn-predictor")
    assert len(project.readings) == MAX_READINGS // 2 + 1 and project.readings[0].actor == SUMMARY_ACTOR
    assert project.current_value == MAX_READINGS
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReadingRow)) == len(project.readings)
    services.record_metric(database.uow(), "T1", "churn-predictor", 7.0, note="after", actor="U1", now=now)
    again = services.get_project(database.uow(), "T1", "churn-predictor")
    assert [r.value for r in again.readings[-2:]] == [MAX_READINGS, 7.0] and again.readings[0] == project.readings[0]
