"""The Project aggregate keeps its rules: each broken rule raises a DomainError and changes nothing."""

from datetime import timedelta

import pytest

from domain.errors import DomainError, parse
from domain.metrics import Baseline, BaselineKind, MetricReading
from domain.model import ChecklistItem, Stage
from domain.project import MAX_BASELINES, Project
from tests.builders import optimizing, project, rule_baseline, scope
from tests.conftest import T0

LATER = T0 + timedelta(days=3)


def refused(p: Project, change, *, rule: str) -> DomainError:
    """Apply ``change`` to ``p``; it must raise a DomainError for ``rule`` and leave ``p`` as it was."""
    before = p.model_copy(deep=True)
    with pytest.raises(DomainError) as err:
        change(p)
    assert err.value.rule == rule, err.value.message
    assert p == before, "a refused change changed the project"
    return err.value


def reading(value: float, at=LATER) -> MetricReading:
    return MetricReading(value=value, at=at, actor="U1")


def test_a_new_project_starts_in_planning_now():
    p = Project.start("T1", project().problem, scope=scope(), checkin=None, now=T0)
    assert (p.stage, p.stage_entered_at, p.created_at, p.updated_at) == (Stage.PLANNING, T0, T0, T0)


def test_a_new_project_with_two_optimizing_metrics_is_refused():
    with pytest.raises(DomainError) as err:
        Project.start("T1", project().problem, scope=scope(metrics=[optimizing("a"), optimizing("b")]), checkin=None, now=T0)
    assert err.value.rule == "one_optimizing_metric" and err.value.field == "metrics"


def test_moving_forward_records_the_transition_and_when_the_stage_was_entered():
    p = project()
    move = p.move_to(Stage.DATA, reason="", actor="U2", now=LATER)
    assert (move.from_stage, move.to_stage, move.loop_back, move.actor) == (Stage.PLANNING, Stage.DATA, False, "U2")
    assert (p.stage, p.stage_entered_at, p.updated_at, p.transitions) == (Stage.DATA, LATER, LATER, [move])


def test_skipping_a_stage_is_refused():
    err = refused(project(), lambda p: p.move_to(Stage.DEPLOYMENT, reason="", actor="U1", now=LATER), rule="impossible_transition")
    assert "cannot be skipped" in err.message


def test_a_loop_back_without_a_reason_is_refused():
    p = project(stage=Stage.DATA)
    refused(p, lambda p: p.move_to(Stage.PLANNING, reason=" ", actor="U1", now=LATER), rule="loop_back_needs_reason")


def test_moving_to_the_current_stage_is_refused():
    refused(project(), lambda p: p.move_to(Stage.PLANNING, reason="", actor="U1", now=LATER), rule="same_stage")


def test_an_archived_project_refuses_every_change():
    archived = project(archived=True)
    changes = [
        lambda p: p.move_to(Stage.DATA, reason="", actor="U1", now=LATER),
        lambda p: p.archive(now=LATER),
        lambda p: p.record(reading(0.5)),
        lambda p: p.add_baseline(rule_baseline(), now=LATER),
        lambda p: p.set_checklist({ChecklistItem.LITERATURE}, now=LATER),
        lambda p: p.edit(
            problem=p.problem, scope=None, checkin=None, clear_checkin=False, metric_change_reason="", actor="U1", now=LATER
        ),
    ]
    for change in changes:
        err = refused(archived, change, rule="archived")
        assert err.message == "`churn` is archived; it can no longer change (`/mlproject unarchive churn` brings it back)."


def test_archiving_marks_the_project_and_when():
    p = project()
    p.archive(now=LATER)
    assert p.archived and p.updated_at == LATER


def test_a_reading_needs_an_optimizing_metric():
    p = project(the_scope=scope(metrics=[]))
    err = refused(p, lambda p: p.record(reading(0.5)), rule="no_optimizing_metric")
    assert err.message == "`churn` has no optimizing metric yet; define one with edit first"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_reading_must_be_finite(value):
    """Every domain number refuses NaN and infinities (DomainModel), so no such reading reaches ``record``."""
    with pytest.raises(DomainError) as err:
        parse(MetricReading, {"value": value, "at": LATER, "actor": "U1"})
    assert (err.value.field, err.value.rule) == ("value", "finite_number")
    assert err.value.message == "Input should be a finite number"


def test_a_reading_is_kept_and_dates_the_change():
    p = project()
    p.record(reading(0.7))
    assert p.current_value == 0.7 and p.updated_at == LATER


def test_baselines_stop_at_the_limit():
    p = project(the_scope=scope(baselines=[rule_baseline(n / 100) for n in range(MAX_BASELINES)]))
    err = refused(p, lambda p: p.add_baseline(rule_baseline(), now=LATER), rule="max_baselines")
    assert err.message == "A project keeps at most 20 baselines"


def test_a_baseline_is_appended():
    p = project(the_scope=scope(baselines=[]))
    p.add_baseline(Baseline(kind=BaselineKind.HUMAN, description="experts", human_level="domain_experts"), now=LATER)
    assert [b.kind for b in p.scope.baselines] == [BaselineKind.HUMAN] and p.updated_at == LATER


def test_ticking_the_same_checklist_again_changes_nothing():
    p = project()
    assert p.set_checklist({ChecklistItem.LITERATURE}, now=LATER) is True
    assert p.set_checklist({ChecklistItem.LITERATURE}, now=LATER + timedelta(days=1)) is False
    assert p.scope.checklist == {ChecklistItem.LITERATURE} and p.updated_at == LATER


def test_an_edit_that_redefines_the_metric_needs_a_reason_and_keeps_it():
    p = project(the_scope=scope(metrics=[optimizing("accuracy")]))

    def edit(reason):
        return lambda p: p.edit(
            problem=p.problem,
            scope=scope(metrics=[optimizing("recall")]),
            checkin=None,
            clear_checkin=False,
            metric_change_reason=reason,
            actor="U1",
            now=LATER,
        )

    refused(p, edit(""), rule="metric_change_needs_reason")
    edit("imbalanced classes")(p)
    assert [(c.previous, c.current, c.reason) for c in p.metric_changes] == [
        ("accuracy ↑, target 0.8", "recall ↑, target 0.8", "imbalanced classes")
    ]


def test_an_edit_with_two_optimizing_metrics_is_refused():
    two = scope(metrics=[optimizing("a"), optimizing("b")])
    refused(
        project(),
        lambda p: p.edit(
            problem=p.problem.model_copy(update={"name": "Renamed"}),
            scope=two,
            checkin=None,
            clear_checkin=False,
            metric_change_reason="",
            actor="U1",
            now=LATER,
        ),
        rule="one_optimizing_metric",
    )


def test_an_edit_names_what_changed():
    p = project()
    changed = p.edit(
        problem=p.problem.model_copy(update={"name": "Renamed"}),
        scope=None,
        checkin=None,
        clear_checkin=False,
        metric_change_reason="",
        actor="U1",
        now=LATER,
    )
    assert changed == ["name"] and p.name == "Renamed" and p.updated_at == LATER


def test_silence_is_news_once_and_an_answer_ends_it():
    p = project()
    assert p.fall_silent(T0) is True and p.fall_silent(LATER) is False and p.silent_since == T0
    assert p.hear_from() is True and p.hear_from() is False and p.silent_since is None
