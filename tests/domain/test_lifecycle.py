import pytest

from domain.errors import DomainError
from domain.lifecycle import LOOP_BACKS, allowed_moves, parse_stage, transition
from domain.model import Stage
from tests.conftest import T0


@pytest.mark.parametrize(
    ("a", "b"), [(Stage.PLANNING, Stage.DATA), (Stage.DATA, Stage.TRAINING), (Stage.TRAINING, Stage.DEPLOYMENT)]
)
def test_moving_forward_one_stage_needs_no_reason(a, b):
    move = transition(a, b, reason="", actor="U1", now=T0)
    assert (move.from_stage, move.to_stage, move.loop_back, move.actor, move.at) == (a, b, False, "U1", T0)


def test_the_method_names_exactly_six_loop_backs():
    pairs = {(lb.from_stage, lb.to_stage) for lb in LOOP_BACKS}
    assert pairs == {
        (Stage.DATA, Stage.PLANNING),
        (Stage.TRAINING, Stage.DATA),
        (Stage.TRAINING, Stage.PLANNING),
        (Stage.DEPLOYMENT, Stage.TRAINING),
        (Stage.DEPLOYMENT, Stage.DATA),
        (Stage.DEPLOYMENT, Stage.PLANNING),
    }


@pytest.mark.parametrize("lb", LOOP_BACKS, ids=lambda lb: f"{lb.from_stage}->{lb.to_stage}")
def test_each_loop_back_is_recorded_with_its_reason(lb):
    move = transition(lb.from_stage, lb.to_stage, reason="labels are noisy", actor="U2", now=T0)
    assert move.loop_back and move.reason == "labels are noisy"


def test_a_loop_back_without_a_reason_is_refused_and_quotes_the_usual_one():
    with pytest.raises(DomainError) as err:
        transition(Stage.TRAINING, Stage.DATA, reason="  ", actor="U1", now=T0)
    assert err.value.field == "reason" and "overfits" in err.value.message


def test_skipping_a_stage_is_an_error_a_person_understands():
    with pytest.raises(DomainError) as err:
        transition(Stage.PLANNING, Stage.TRAINING, reason="x", actor="U1", now=T0)
    assert err.value.rule == "impossible_transition"
    assert "cannot be skipped" in err.value.message and "next stage is data" in err.value.message


def test_planning_has_no_loop_back_to_itself_or_elsewhere():
    with pytest.raises(DomainError, match="already in planning"):
        transition(Stage.PLANNING, Stage.PLANNING, reason="x", actor="U1", now=T0)
    assert allowed_moves(Stage.PLANNING) == [Stage.DATA]
    assert allowed_moves(Stage.DEPLOYMENT) == [Stage.TRAINING, Stage.DATA, Stage.PLANNING]


def test_unknown_stage_names_list_the_valid_ones():
    assert parse_stage(" Training ") is Stage.TRAINING
    with pytest.raises(DomainError) as err:
        parse_stage("launch")
    assert err.value.rule == "unknown_stage"
    assert "planning, data, training, deployment" in err.value.message
