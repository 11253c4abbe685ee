"""A workspace's scoring settings cannot hold nonsense, and their changes read as a person says them."""

import math

import pytest

from domain.errors import DomainError, parse
from domain.model import FeasibilityDriver, ImpactDriver
from domain.scoring import ScoringWeights
from domain.scoring_weights import RankingPolicy, changes


@pytest.mark.parametrize("weight", [-1, 10.5, math.inf, math.nan])
def test_a_driver_weight_outside_0_to_10_or_not_finite_is_refused_naming_the_driver(weight):
    with pytest.raises(DomainError) as refused:
        parse(ScoringWeights, {"impact": {"business_value": weight, "cheap_prediction": 1}})
    assert refused.value.field == "impact.business_value"
    assert "A weight is a number from 0 to 10" in refused.value.message


@pytest.mark.parametrize("axis", ["impact", "feasibility"])
def test_each_axis_needs_a_weight_above_zero(axis):
    drivers = ImpactDriver if axis == "impact" else FeasibilityDriver
    with pytest.raises(DomainError) as refused:
        parse(ScoringWeights, {axis: {d.value: 0 for d in drivers}})
    assert refused.value.field == axis
    assert f"At least one {axis} weight must be above 0" in refused.value.message


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("hard_flag_factor", 1.0, "from 0% to 90%"),
        ("hard_flag_factor", -0.1, "from 0% to 90%"),
        ("flywheel_bonus", 51, "from 0 to 50 points"),
        ("impact_threshold", 101, "from 0 to 100"),
        ("feasibility_threshold", math.nan, "from 0 to 100"),
    ],
)
def test_the_other_settings_have_bounds_too(field, value, rule):
    with pytest.raises(DomainError) as refused:
        parse(ScoringWeights, {field: value})
    assert refused.value.field == field and rule in refused.value.message


def test_the_bounds_themselves_are_allowed_and_a_driver_may_weigh_nothing():
    weights = ScoringWeights(
        impact={ImpactDriver.BUSINESS_VALUE: 10, ImpactDriver.RULES_REPLACED: 0},
        feasibility={FeasibilityDriver.DATA_AVAILABILITY: 0.5},
        hard_flag_factor=0.9,
        flywheel_bonus=0,
        impact_threshold=100,
        feasibility_threshold=0,
    )
    assert weights.weight(ImpactDriver.RULES_REPLACED) == 0
    assert weights.weight(FeasibilityDriver.LABELING_COST) == 0, "a driver left out weighs nothing"


def test_changes_say_each_setting_that_differs_once_in_the_forms_order():
    before = ScoringWeights()
    after = ScoringWeights(
        impact=before.impact | {ImpactDriver.BUSINESS_VALUE: 3},
        hard_flag_factor=0.2,
        impact_threshold=60,
        ranking=RankingPolicy.SCORE,
    )
    assert changes(before, after) == [
        "Business value weight 1.5 → 3",
        "Each hard-problem flag takes 15% → 20%",
        "Impact threshold 50 → 60",
        "Ranking: Worth per month first (when known), then combined score → Combined score only",
    ]
    assert changes(after, after) == []
