from datetime import timedelta

import pytest

from domain.model import Archetype, FeasibilityDriver, HardFlag, ImpactDriver
from domain.ranking import rank
from domain.scoring import (
    Quadrant,
    ScoringWeights,
    feasibility_score,
    impact_score,
    prioritize,
    quadrant,
)
from tests.builders import EASY, project, rated, scope, uniform
from tests.conftest import T0

W = ScoringWeights()


def test_best_ratings_score_one_hundred_and_worst_score_zero():
    best = scope(
        impact=uniform(5)["impact"],
        feasibility={"data_availability": 5, "labeling_cost": 1, "accuracy_requirement": 1, "problem_difficulty": 1},
    )
    worst = scope(
        impact=uniform(1)["impact"],
        feasibility={"data_availability": 1, "labeling_cost": 5, "accuracy_requirement": 5, "problem_difficulty": 5},
    )
    assert prioritize(best).impact.value == 100
    assert prioritize(best).feasibility.value == 100
    assert prioritize(worst).impact.value == 0
    assert prioritize(worst).feasibility.value == 0


def test_business_value_weighs_one_and_a_half_times_the_other_impact_drivers():
    only_value = scope(impact={"business_value": 5, "cheap_prediction": 1, "friction_removed": 1, "rules_replaced": 1})
    only_rules = scope(impact={"business_value": 1, "cheap_prediction": 1, "friction_removed": 1, "rules_replaced": 5})
    assert impact_score(only_value, W).value == pytest.approx(100 * 1.5 / 4.5, abs=0.1)
    assert impact_score(only_rules, W).value == pytest.approx(100 * 1 / 4.5, abs=0.1)


def test_each_contribution_explains_its_points_and_they_sum_to_the_score():
    s = scope(
        impact={"business_value": 4, "cheap_prediction": 2},
        feasibility={"data_availability": 3},
        hard_flags={HardFlag.DIALOG},
    )
    for score in (impact_score(s, W), feasibility_score(s, W)):
        assert sum(c.points for c in score.contributions) == pytest.approx(score.value, abs=0.1)
    described = [c.describe() for c in impact_score(s, W).contributions]
    assert "Business value (rated 4): +25" in described
    assert "Hand-written rules replaced: not rated" in described


def test_accuracy_requirement_costs_grow_super_linearly():
    base = {"data_availability": 5, "labeling_cost": 1, "problem_difficulty": 1}
    scores = [feasibility_score(scope(feasibility=base | {"accuracy_requirement": r}), W).value for r in range(1, 6)]
    losses = [scores[i] - scores[i + 1] for i in range(4)]
    assert all(later > earlier for earlier, later in zip(losses, losses[1:], strict=False)), losses


def test_costs_are_inverted_so_cheap_labels_are_more_feasible():
    cheap = feasibility_score(scope(feasibility={"labeling_cost": 1}), W).value
    dear = feasibility_score(scope(feasibility={"labeling_cost": 5}), W).value
    assert cheap > dear


def test_each_hard_problem_flag_takes_a_share_of_feasibility_and_none_takes_it_to_zero():
    ideal = {"data_availability": 5, "labeling_cost": 1, "accuracy_requirement": 1, "problem_difficulty": 1}
    one = feasibility_score(scope(feasibility=ideal, hard_flags={HardFlag.SMALL_DATA}), W)
    four = feasibility_score(scope(feasibility=ideal, hard_flags=set(list(HardFlag)[:4])), W)
    every = feasibility_score(scope(feasibility=ideal, hard_flags=set(HardFlag)), W)
    assert one.value == 100 * (1 - W.hard_flag_factor)
    assert four.value == pytest.approx(100 * (1 - W.hard_flag_factor) ** 4, abs=0.05)
    assert every.value > 0
    assert [round(-c.points, 1) for c in four.flags] == [15.0, 12.8, 10.8, 9.2]


def test_the_card_can_say_what_each_flag_removed_and_they_add_up_to_the_score():
    s = scope(feasibility={"data_availability": 4, "accuracy_requirement": 3}, hard_flags={HardFlag.DIALOG})
    score = feasibility_score(s, W)
    [flag] = score.flags
    assert flag.label == "Hard problem: Dialog"
    assert sum(c.points for c in score.contributions) == pytest.approx(score.value, abs=0.1)
    assert -flag.points == pytest.approx(score.value / (1 - W.hard_flag_factor) * W.hard_flag_factor, abs=0.1)


def test_a_confirmed_data_flywheel_raises_impact_of_software_2_0_only():
    ratings = {"business_value": 3}
    plain = impact_score(scope(impact=ratings, data_flywheel=False), W).value
    flywheel = impact_score(scope(impact=ratings, data_flywheel=True), W).value
    autonomous = impact_score(scope(impact=ratings, data_flywheel=True, archetype=Archetype.AUTONOMOUS), W).value
    assert flywheel == plain + W.flywheel_bonus
    assert autonomous == plain


@pytest.mark.parametrize(
    ("impact", "feasibility", "expected"),
    [
        (50, 50, Quadrant.DO_NOW),
        (80, 49.9, Quadrant.STRATEGIC_BET),
        (49.9, 90, Quadrant.QUICK_WIN),
        (10, 10, Quadrant.DEPRIORITIZE),
    ],
)
def test_quadrant_splits_at_the_thresholds(impact, feasibility, expected):
    assert quadrant(impact, feasibility, W) is expected


def test_workspace_weights_change_the_scores():
    s = scope(impact={"business_value": 5, "rules_replaced": 1})
    heavy = ScoringWeights(impact={ImpactDriver.BUSINESS_VALUE: 9, ImpactDriver.RULES_REPLACED: 1})
    assert impact_score(s, heavy).value == pytest.approx(90, abs=0.1)
    lenient = ScoringWeights(impact_threshold=10, feasibility_threshold=10)
    assert (
        prioritize(
            scope(impact={"business_value": 3}, feasibility={"data_availability": 3, "accuracy_requirement": 3}),
            lenient,
        ).quadrant
        is Quadrant.DO_NOW
    )


def test_ranking_puts_higher_combined_scores_first_within_a_quadrant():
    strong = project("strong", the_scope=rated(5, EASY))
    weak = project("weak", the_scope=rated(3, EASY))
    assert prioritize(strong.scope).quadrant is prioritize(weak.scope).quadrant is Quadrant.DO_NOW
    assert [r.project.ref for r in rank([weak, strong])] == ["strong", "weak"]
    assert [r.rank for r in rank([weak, strong])] == [1, 2]


def test_ranking_breaks_ties_by_age_then_ref_whatever_the_input_order():
    same = scope(**uniform(4))
    older = project("zeta", the_scope=same, created_at=T0)
    newer_b = project("beta", the_scope=same, created_at=T0 + timedelta(days=1))
    newer_a = project("alpha", the_scope=same, created_at=T0 + timedelta(days=1))
    for order in ([newer_b, older, newer_a], [newer_a, newer_b, older]):
        assert [r.project.ref for r in rank(order)] == ["zeta", "alpha", "beta"]


def test_unrated_drivers_earn_no_points():
    assert prioritize(scope()).impact.value == 0
    assert all(c.rating is None for c in impact_score(scope(), W).contributions)
    assert FeasibilityDriver.DATA_AVAILABILITY.value in [c.key for c in feasibility_score(scope(), W).contributions]
