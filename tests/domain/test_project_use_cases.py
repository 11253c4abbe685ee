"""Project use cases on the fake unit of work: the rules, the history, what a refusal leaves.

Storage's part (that all of it reads back, on SQLite and PostgreSQL) is in tests/storage/test_projects.py.
"""

from datetime import timedelta

import pytest

from domain import project_queries, project_use_cases, reading_use_cases
from domain.errors import Conflict, DomainError, NotFound
from domain.metrics import Baseline
from domain.model import Stage
from domain.project_use_cases import NewProject
from tests.builders import optimizing, scope, uniform
from tests.fakes import FakeStore


def ADMIN():
    """Actors other than the owner act as workspace admins here; permissions have tests of their own."""
    return True


@pytest.fixture
def store():
    return FakeStore()


def create(store, now, name="Churn Predictor", team="T1", **kw):
    return project_use_cases.create_project(
        store.uow(), NewProject(team_id=team, name=name, owner_id="U1", creator_id="U2", channel_id="C1", **kw), now=now
    )


def test_a_duplicate_explicit_ref_is_refused_and_nothing_is_written(store, now):
    create(store, now, ref="churn")
    with pytest.raises(Conflict, match="already used"):
        create(store, now, ref="churn", name="Other")
    with store.uow() as uow:
        assert uow.projects.refs("T1") == ["churn"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"ref": "Bad Ref"}, "ref"),
        ({"scope": scope(metrics=[optimizing("a"), optimizing("b")])}, "metrics"),
    ],
)
def test_invalid_projects_raise_a_domain_error_and_write_nothing(store, now, kwargs, field):
    with pytest.raises(DomainError) as err:
        create(store, now, **kwargs)
    assert err.value.field == field
    assert store.state.projects == {} and store.state.history == []


def test_an_unknown_ref_suggests_the_closest_ones(store, now):
    create(store, now, ref="churn-predictor")
    with pytest.raises(NotFound) as err:
        project_queries.get_project(store.uow(), "T1", "churn")
    assert err.value.suggestions == ["churn-predictor"]
    assert "Did you mean `churn-predictor`" in err.value.message


def test_stage_moves_and_loop_backs_are_recorded_with_reason_actor_and_time(store, now):
    create(store, now, ref="p")
    later = now + timedelta(days=3)
    project_use_cases.move_stage(store.uow(), "T1", "p", Stage.DATA, reason="", actor="U1", now=now)
    moved = project_use_cases.move_stage(
        store.uow(), "T1", "p", Stage.PLANNING, reason="labels cost too much", actor="U3", now=later, is_admin=ADMIN
    )
    stored = project_queries.get_project(store.uow(), "T1", "p")
    assert stored.stage is Stage.PLANNING and stored.stage_entered_at == later
    assert [(t.from_stage, t.to_stage, t.loop_back, t.reason, t.actor, t.at) for t in stored.transitions] == [
        (Stage.PLANNING, Stage.DATA, False, "", "U1", now),
        (Stage.DATA, Stage.PLANNING, True, "labels cost too much", "U3", later),
    ]
    assert moved.transitions == stored.transitions


def test_an_impossible_stage_move_changes_nothing(store, now):
    create(store, now, ref="p")
    with pytest.raises(DomainError, match="cannot be skipped"):
        project_use_cases.move_stage(store.uow(), "T1", "p", Stage.DEPLOYMENT, reason="", actor="U1", now=now)
    stored = project_queries.get_project(store.uow(), "T1", "p")
    assert stored.stage is Stage.PLANNING and stored.transitions == []


def test_metric_readings_build_a_history(store, now):
    create(store, now, ref="p", scope=scope(metrics=[optimizing()]))
    reading_use_cases.record_metric(store.uow(), "T1", "p", 0.61, note="first model", actor="U1", now=now)
    reading_use_cases.record_metric(store.uow(), "T1", "p", 0.67, note=None, actor="U2", now=now + timedelta(hours=1))
    stored = project_queries.get_project(store.uow(), "T1", "p")
    assert [(r.value, r.note, r.actor) for r in stored.readings] == [(0.61, "first model", "U1"), (0.67, None, "U2")]
    assert stored.current_value == 0.67


def test_a_run_id_records_once_per_project_and_its_reading_is_answered_again(store, now):
    create(store, now, ref="p", scope=scope(metrics=[optimizing()]))
    create(store, now, ref="q", scope=scope(metrics=[optimizing()]))
    record = reading_use_cases.record_reading
    first = record(store.uow(), "T1", "p", 0.6, note=None, actor="U1", now=now, source_url="https://ci/1", run_id="r1")
    again = record(store.uow(), "T1", "p", 0.9, note="retry", actor="U1", now=now + timedelta(minutes=5), run_id="r1")
    elsewhere = record(store.uow(), "T1", "q", 0.7, note=None, actor="U1", now=now, run_id="r1")
    assert (first.created, again.created, elsewhere.created) == (True, False, True)
    assert again.reading == first.reading and first.reading.source_url == "https://ci/1"
    assert [r.value for r in project_queries.get_project(store.uow(), "T1", "p").readings] == [0.6]
    history = [c for c in project_queries.history(store.uow(), "T1", "p") if c.action == "metric_recorded"]
    assert len(history) == 1


def test_readings_without_a_run_id_are_never_taken_for_a_retry(store, now):
    create(store, now, ref="p", scope=scope(metrics=[optimizing()]))
    for _ in range(2):
        assert reading_use_cases.record_reading(store.uow(), "T1", "p", 0.6, note=None, actor="U1", now=now).created


@pytest.mark.parametrize("url", ["ftp://x/y", "https://x/a b", "https://x/<b>", "x" * 10])
def test_a_source_that_is_not_an_http_link_is_refused_and_nothing_is_written(store, now, url):
    create(store, now, ref="p", scope=scope(metrics=[optimizing()]))
    with pytest.raises(DomainError) as refused:
        reading_use_cases.record_reading(store.uow(), "T1", "p", 0.6, note=None, actor="U1", now=now, source_url=url)
    assert refused.value.field == "source_url" and "http" in refused.value.message
    assert project_queries.get_project(store.uow(), "T1", "p").readings == []


def test_recording_a_metric_without_an_optimizing_metric_is_refused(store, now):
    create(store, now, ref="p", scope=scope(metrics=[]))
    with pytest.raises(DomainError, match="no optimizing metric"):
        reading_use_cases.record_metric(store.uow(), "T1", "p", 1.0, note=None, actor="U1", now=now)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_recording_a_value_that_is_not_finite_is_refused_and_writes_nothing(store, now, value):
    create(store, now, ref="p", scope=scope(metrics=[optimizing()]))
    history = list(store.state.history)
    with pytest.raises(DomainError, match="^Input should be a finite number"):
        reading_use_cases.record_metric(store.uow(), "T1", "p", value, note=None, actor="U1", now=now)
    assert project_queries.get_project(store.uow(), "T1", "p").readings == []
    assert store.state.history == history


def test_changing_the_optimizing_metric_needs_and_records_a_reason(store, now):
    create(store, now, ref="p", scope=scope(metrics=[optimizing("accuracy")]))
    new_scope = scope(metrics=[optimizing("recall@10")])
    with pytest.raises(DomainError, match="needs a reason"):
        project_use_cases.update_project(store.uow(), "T1", "p", actor="U1", now=now, scope=new_scope)
    project_use_cases.update_project(
        store.uow(), "T1", "p", actor="U1", now=now, scope=new_scope, metric_change_reason="classes are imbalanced"
    )
    stored = project_queries.get_project(store.uow(), "T1", "p")
    assert stored.scope.optimizing.name == "recall@10"
    assert [(c.previous, c.current, c.reason) for c in stored.metric_changes] == [
        ("accuracy ↑, target 0.8", "recall@10 ↑, target 0.8", "classes are imbalanced")
    ]


def test_baselines_are_appended_and_the_best_one_follows_the_metric_direction(store, now):
    create(store, now, ref="p", scope=scope(metrics=[optimizing("error", direction="lower")], baselines=[]))
    for value in (0.3, 0.2, 0.25):
        project_use_cases.add_baseline(
            store.uow(),
            "T1",
            "p",
            Baseline(kind="simple_ml", description=f"lr {value}", value=value),
            actor="U1",
            now=now,
        )
    stored = project_queries.get_project(store.uow(), "T1", "p")
    assert [b.value for b in stored.scope.baselines] == [0.3, 0.2, 0.25]
    assert stored.best_baseline().value == 0.2


def test_list_filters_by_owner_and_stage_but_keeps_portfolio_ranks(store, now):
    create(store, now, ref="strong", scope=scope(**uniform(5)))
    project_use_cases.create_project(
        store.uow(),
        NewProject(team_id="T1", name="Weak", ref="weak", owner_id="U9", creator_id="U9", scope=scope(**uniform(2))),
        now=now,
    )
    mine = project_queries.list_projects(store.uow(), "T1", owner_id="U9")
    assert [(r.rank, r.project.ref) for r in mine] == [(2, "weak")]
    assert project_queries.list_projects(store.uow(), "T1", stage=Stage.DATA) == []


