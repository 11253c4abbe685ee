"""Invalid scope data raises a DomainError that names the field and the rule."""

import pytest

from domain.errors import DomainError, parse
from domain.metrics import Baseline, Metric
from domain.model import CheckinSchedule, Problem, Rated, Scope
from domain.project import check_scope
from domain.refs import closest, slugify, unique_ref
from tests.builders import optimizing, scope


def test_a_rating_of_seven_names_the_field_and_the_range():
    with pytest.raises(DomainError) as err:
        parse(Scope, {"impact": {"business_value": {"rating": 7}}})
    assert err.value.field == "impact.business_value.rating"
    assert "less than or equal to 5" in err.value.message


def test_an_empty_name_is_refused():
    with pytest.raises(DomainError) as err:
        parse(Problem, {"name": "  ", "ref": "x", "owner_id": "U1", "creator_id": "U1"})
    assert err.value.field == "name" and "at least 1 character" in err.value.message


def test_a_malformed_ref_explains_its_shape():
    with pytest.raises(DomainError, match="lowercase letters, digits or dashes"):
        parse(Problem, {"name": "X", "ref": "Bad Ref!", "owner_id": "U1", "creator_id": "U1"})


def test_two_optimizing_metrics_are_refused_naming_both():
    with pytest.raises(DomainError) as err:
        check_scope(scope(metrics=[optimizing("recall"), optimizing("precision")]))
    assert err.value.rule == "one_optimizing_metric"
    assert "recall" in err.value.message and "precision" in err.value.message


def test_a_satisficing_metric_needs_a_threshold():
    with pytest.raises(DomainError, match="needs a comparator and a threshold"):
        parse(Metric, {"role": "satisficing", "name": "latency"})


def test_a_human_baseline_needs_its_level_on_the_ladder():
    with pytest.raises(DomainError, match="needs its level"):
        parse(Baseline, {"kind": "human", "description": "labelers"})


def test_unknown_timezone_in_a_schedule_is_refused():
    with pytest.raises(DomainError, match="not an IANA timezone"):
        parse(CheckinSchedule, {"timezone": "Nowhere/City"})


def test_a_weighted_combination_lists_its_weights():
    metric = Metric(role="optimizing", name="score", weights={"precision": 0.7, "recall": 0.3})
    assert metric.describe() == "score ↑ = 0.7×precision + 0.3×recall"
    with pytest.raises(DomainError, match="greater than 0"):
        parse(Metric, {"role": "optimizing", "name": "s", "weights": {"a": 0}})


def test_rated_notes_are_bounded():
    with pytest.raises(DomainError, match="at most 500"):
        parse(Rated, {"rating": 3, "note": "x" * 501})


def test_slugs_are_readable_and_unique():
    assert slugify("Churn Predictor (v2)") == "churn-predictor-v2"
    assert slugify("Ünïcode ✨") == "unicode"
    assert slugify("!!!") == "project"
    assert unique_ref("Churn", {"churn", "churn-2"}) == "churn-3"
    assert len(unique_ref("x" * 60, {"x" * 40})) <= 40


def test_closest_refs_prefer_substrings_then_similar_spellings():
    refs = ["churn-predictor", "fraud-detector", "churn-v2", "search-ranking"]
    assert closest("churn", refs) == ["churn-predictor", "churn-v2"]
    assert closest("frad-detector", refs) == ["fraud-detector"]
    assert closest("zzz", refs) == []


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (Metric, {"role": "optimizing", "name": "recall", "target": "N"}, "target"),
        (Metric, {"role": "satisficing", "name": "latency", "comparator": "<=", "threshold": "N"}, "threshold"),
        (Metric, {"role": "optimizing", "name": "recall", "weights": {"a": "N"}}, "weights.a"),
        (Baseline, {"kind": "rule_based", "description": "rules", "value": "N"}, "value"),
    ],
)
def test_no_domain_number_may_be_nan_or_infinite(model, data, field, number):
    filled = {k: number if v == "N" else ({"a": number} if v == {"a": "N"} else v) for k, v in data.items()}
    with pytest.raises(DomainError) as err:
        parse(model, filled)
    assert (err.value.field, err.value.rule) == (field, "finite_number")
    assert "finite number" in err.value.message


def test_a_number_assigned_later_is_checked_too():
    metric = parse(Metric, {"role": "optimizing", "name": "recall", "target": 0.8})
    with pytest.raises(ValueError, match="finite number"):
        metric.target = float("nan")
    assert metric.target == 0.8
