from datetime import timedelta

import pytest

from domain.checkins import Answer, Inputs, Question, Response
from domain.digest import CheckinState, DigestFilter, Health, build_digest, health, parse_filter
from domain.errors import DomainError
from domain.metrics import MetricReading
from domain.model import GateAnswer, GateQuestion, Stage
from domain.ports import Change
from domain.scoring import Quadrant
from tests.builders import EASY, HARD, project, rated, scope
from tests.conftest import T0

GATE_PASSED = {q: GateAnswer.YES for q in GateQuestion}


def settled(impact, feasibility, **kw):
    """A scope rated and past the gate: nothing in it needs attention by itself."""
    return rated(impact, feasibility).model_copy(update={"gate": GATE_PASSED, **kw})


def numbered(ref, pid, **kw):
    return project(ref, **kw).model_copy(update={"id": pid})


def answered(**answers):
    return CheckinState(True, (Response(1, "T1", "U1", {Question(q): Answer(a) for q, a in answers.items()}),))


def test_filters_parse_stages_quadrants_owners_and_mine():
    assert parse_filter("training") == DigestFilter(stage=Stage.TRAINING)
    assert parse_filter("do-now") == DigestFilter(quadrant=Quadrant.DO_NOW)
    assert parse_filter("<@U42|grace>") == DigestFilter(owner_id="U42")
    assert parse_filter("mine", caller="U7") == DigestFilter(owner_id="U7")
    assert parse_filter("") == DigestFilter()
    assert parse_filter(DigestFilter(owner_id="U42").encode()) == DigestFilter(owner_id="U42")


def test_an_unknown_filter_names_the_valid_ones():
    with pytest.raises(DomainError, match="planning, data, training, deployment") as err:
        parse_filter("funday")
    assert "do-now" in err.value.message


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (None, Health.NONE),
        (CheckinState(True, ()), Health.WAITING),
        (answered(metric="yes", data="yes"), Health.HOLDS),
        (answered(metric="no", data="yes"), Health.METRIC_NO),
        (answered(metric="unsure", data="no"), Health.DATA_NO),
    ],
)
def test_check_in_health_follows_the_latest_answers(state, expected):
    assert health(project("p"), state) is expected


def test_a_silent_project_is_silent_whatever_else():
    assert health(project("p", silent_since=T0), answered(metric="yes")) is Health.SILENT


def test_the_digest_ranks_filters_and_lists_attention():
    strong = numbered("strong", 1, the_scope=settled(5, EASY))
    weak = numbered("weak", 2, the_scope=settled(1, HARD), stage=Stage.DATA)
    bare = numbered("bare", 3, the_scope=settled(3, EASY, metrics=[], baselines=[]))
    digest = build_digest(
        "T1", [weak, bare, strong], archived=[], history=[], checkins={2: answered(data="no")}, since=T0, now=T0
    )
    assert [e.ranked.project.ref for e in digest.entries][0] == "strong"
    reasons = {a.ref: a.reason for a in digest.attention}
    assert reasons["weak"] == "the data no longer holds (check-in)"
    assert reasons["bare"] == "no optimizing metric; no baseline"
    assert "strong" not in reasons
    only_data = build_digest(
        "T1",
        [weak, bare, strong],
        archived=[],
        history=[],
        checkins={},
        since=T0,
        now=T0,
        scope=DigestFilter(stage=Stage.DATA),
    )
    assert [e.ranked.project.ref for e in only_data.entries] == ["weak"]
    assert [e.ranked.rank for e in only_data.entries] != [1], "ranks stay portfolio-wide"


def test_a_project_stuck_in_a_stage_too_long_needs_attention():
    old = numbered("old", 1, the_scope=settled(3, EASY), stage_entered_at=T0 - timedelta(days=90))
    digest = build_digest("T1", [old], archived=[], history=[], checkins={}, since=T0, now=T0)
    assert digest.attention[0].reason == "in planning for 90 days"


def test_every_project_a_lead_should_look_at_is_listed_with_its_reason():
    """Issue 19: not yet scored, gate open, no reading for weeks, a blocker older than a week."""
    unscored = numbered("unscored", 1, the_scope=scope(gate=GATE_PASSED))
    gate_open = numbered("open", 2, the_scope=settled(3, EASY, gate=GATE_PASSED | {GateQuestion.READY: GateAnswer.UNSURE}))
    reading = MetricReading(value=0.5, at=T0 - timedelta(weeks=6), actor="U1")
    quiet = numbered("quiet", 3, the_scope=settled(3, EASY), readings=[reading], created_at=T0 - timedelta(weeks=8))
    blocked = numbered("blocked", 4, the_scope=settled(3, EASY))
    stuck = Response(1, "T1", "U2", blockers="waiting for the labelling vendor", updated_at=T0 - timedelta(days=10))
    digest = build_digest(
        "T1", [unscored, gate_open, quiet, blocked], archived=[], history=[],
        checkins={4: CheckinState(True, (stuck,))}, since=T0, now=T0,
    )  # fmt: skip
    reasons = {a.ref: a.reason for a in digest.attention}
    assert reasons["unscored"] == "not yet scored: rate data availability, accuracy requirement, business value"
    assert reasons["open"] == "gate still open: is the organisation ready"
    assert reasons["quiet"] == "no reading for 6 weeks"
    assert reasons["blocked"] == "blocker open 10 days: waiting for the labelling vendor"


def test_a_failed_gate_question_needs_attention_and_an_open_one_too():
    rules = numbered("rules", 1, the_scope=settled(3, EASY, gate=GATE_PASSED | {GateQuestion.ML_NEEDED: GateAnswer.NO}))
    unsure = numbered("unsure", 2, the_scope=settled(3, EASY, gate=GATE_PASSED | {GateQuestion.ETHICAL: GateAnswer.UNSURE}))
    digest = build_digest("T1", [rules, unsure], archived=[], history=[], checkins={}, since=T0, now=T0)
    reasons = {a.ref: a.reason for a in digest.attention}
    assert reasons == {"rules": "gate: rules would do", "unsure": "gate still open: is it ethical"}


def test_changes_since_the_last_digest_mark_loop_backs_and_metric_moves():
    readings = [MetricReading(value=v, at=at, actor="U1") for v, at in ((0.5, T0 - timedelta(days=30)), (0.61, T0), (0.67, T0))]
    p = numbered("p", 1, readings=readings)
    gone = numbered("gone", 2, archived=True)
    history = [
        Change("T1", "U1", "created", T0, 1, {}),
        Change("T1", "U1", "stage_moved", T0, 1, {"from_stage": "planning", "to_stage": "data", "loop_back": False}),
        Change(
            "T1",
            "U1",
            "stage_moved",
            T0,
            1,
            {"from_stage": "data", "to_stage": "planning", "loop_back": True, "reason": "labels too costly"},
        ),
        Change("T1", "U1", "metric_recorded", T0, 1, {"value": 0.61}),
        Change("T1", "U1", "metric_recorded", T0, 1, {"value": 0.67}),
        Change("T1", "U1", "archived", T0, 2, {}),
        Change("T1", "U1", "edited", T0, 1, {}),
    ]
    digest = build_digest(
        "T1", [p], archived=[gone], history=history, checkins={}, since=T0 - timedelta(days=7), now=T0
    )
    assert [(c.kind, c.text) for c in digest.changes] == [
        ("new", "new project"),
        ("moved", "moved planning → data"),
        ("loop_back", "↩️ looped back data → planning: labels too costly"),
        ("archived", "archived"),
        ("metric", "recall@10 ↗ 0.5 → 0.67 (better)"),  # from the value the last digest showed
    ]


def test_an_empty_workspace_gives_an_empty_digest_not_an_error():
    digest = build_digest("T1", [], archived=[], history=[], checkins={}, since=T0, now=T0)
    assert digest.empty and digest.changes == [] and digest.attention == []


def test_inputs_sum_everyone_who_answered_and_read_as_counts():
    both = (
        Response(1, "T1", "U1", experiments=1, labels=2500),
        Response(1, "T1", "U2", experiments=2),
        Response(1, "T1", "U3"),
    )
    assert Inputs.of(both) == Inputs(experiments=3, labels=2500)
    assert Inputs.of(both).describe() == "3 experiments, 2,500 examples labelled"
    assert Inputs(experiments=1).describe() == "1 experiment"
    assert not Inputs.of([Response(1, "T1", "U3")])


def test_the_digest_entry_carries_the_latest_check_in_inputs():
    p = numbered("p", 1)
    state = CheckinState(True, (Response(1, "T1", "U1", experiments=4),))
    digest = build_digest("T1", [p], archived=[], history=[], checkins={1: state}, since=T0, now=T0)
    assert digest.entries[0].inputs == Inputs(experiments=4)


def test_a_project_that_loses_money_at_its_own_target_needs_attention():
    from domain.worth_inputs import WorthInputs

    losing = WorthInputs(
        decisions_per_month=1000, prevalence=0.1, value_per_true_positive=1, cost_per_false_positive=10,
        precision=0.5, recall=0.5,
    )  # fmt: skip
    p = numbered("loser", 1, the_scope=scope(economics=losing))
    digest = build_digest("T1", [p], archived=[], history=[], checkins={}, since=T0, now=T0)
    assert "loses money at its own target (see its card)" in digest.attention[0].reason


def test_each_ranked_entry_carries_the_direction_of_its_metric_since_the_last_digest():
    readings = [MetricReading(value=v, at=T0 - timedelta(days=d), actor="U1") for v, d in ((0.7, 10), (0.64, 2))]
    worse = numbered("worse", 1, readings=readings)
    quiet = numbered("quiet", 2, readings=readings[:1])
    digest = build_digest("T1", [worse, quiet], archived=[], history=[], checkins={}, since=T0 - timedelta(days=7), now=T0)
    moved = {e.ranked.project.ref: e.movement for e in digest.entries}
    assert moved["worse"] is not None and moved["worse"].describe() == "↘ 0.7 → 0.64 (worse)"
    assert moved["quiet"] is None, "no reading since the last digest: no direction"


def test_details_alone_answer_neither_question_so_the_check_in_is_still_waiting():
    details_only = CheckinState(True, (Response(1, "T1", "U1", experiments=3, labels=3000),))
    assert health(numbered("p", 1), details_only) is Health.WAITING
