"""A project's worth from its scope: the answers kept on the scope, its metric and its baselines."""

import pytest

from domain.errors import DomainError
from domain.metrics import Baseline, Metric
from domain.model import Archetype, Scope
from domain.project_worth import as_share, worth_of
from domain.worth_inputs import WorthInputs
from domain.worth_sentence import one_line

FRAUD = WorthInputs(
    decisions_per_month=5000,
    prevalence=0.03,
    value_per_true_positive=100,
    cost_per_false_positive=20,
    review_cost_per_flag=4,
    recall=0.8,
    baseline_recall=0.6,
)
RULES = Baseline(kind="rule_based", description="amount and supplier rules", value=0.5)


def scope(economics=FRAUD, metric="precision", target=0.9, baselines=(RULES,), archetype=Archetype.HUMAN_IN_THE_LOOP):
    optimizing = Metric(role="optimizing", name=metric, direction="higher", target=target)
    return Scope(archetype=archetype, metrics=[optimizing], baselines=list(baselines), economics=economics)


def test_the_worked_example_from_a_scope_with_precision_as_its_metric():
    worth = worth_of(scope())
    assert worth.at_target == pytest.approx(11_200)
    assert worth.at_baseline == pytest.approx(6_480)
    assert one_line(worth, "EUR") == (
        "worth about 11,000 €/month at target (rules: about 6,500 €/month); loses money below precision 0.20; "
        "must reach precision 0.37 at recall 0.8 to beat rules"
    )


def test_nothing_answered_means_no_worth_at_all_rather_than_zero():
    assert worth_of(scope(economics=None)) is None
    assert worth_of(scope(economics=WorthInputs())) is None


def test_on_another_metric_the_stated_precision_is_used_and_baselines_say_nothing_about_money():
    worth = worth_of(scope(economics=FRAUD.model_copy(update={"precision": 0.9}), metric="F1", target=0.7))
    assert worth.at_target == pytest.approx(11_200)
    assert worth.baseline is None
    assert "beat" not in one_line(worth, "EUR")


def test_without_a_baseline_recall_the_baseline_is_taken_at_the_stated_recall():
    worth = worth_of(scope(economics=FRAUD.model_copy(update={"baseline_recall": None})))
    assert worth.at_baseline == pytest.approx(120 * (120 - 24 / 0.5))


def test_the_review_cost_is_asked_of_human_in_the_loop_only():
    unreviewed = FRAUD.model_copy(update={"review_cost_per_flag": None})
    assert "review_cost_per_flag" in worth_of(scope(economics=unreviewed)).missing
    assert "review_cost_per_flag" not in worth_of(scope(economics=unreviewed, archetype=Archetype.AUTONOMOUS)).missing


def test_what_is_known_is_said_and_missing_answers_are_named():
    payoffs = WorthInputs(value_per_true_positive=100, cost_per_false_positive=20)
    line = one_line(worth_of(scope(economics=payoffs, archetype=Archetype.AUTONOMOUS)), "USD")
    assert line.startswith("loses money below precision 0.167; still to answer: decisions per month, share of cases")


def test_a_target_below_what_flagging_everything_gives_is_refused():
    with pytest.raises(DomainError):
        worth_of(scope(target=0.01))


@pytest.mark.parametrize(
    "bad", [{"prevalence": 0}, {"recall": 1.5}, {"decisions_per_month": 0}, {"cost_per_false_positive": -1}]
)
def test_inputs_are_validated(bad):
    with pytest.raises(ValueError):
        WorthInputs(**bad)


def test_a_scope_keeps_its_inputs_through_json():
    kept = scope()
    assert Scope.model_validate(kept.model_dump(mode="json")).economics == FRAUD


# A baseline's own operating point (rules flag at precision 0.5, catching 60 % of frauds: 6,480 € a month)


def test_a_baseline_with_its_own_operating_point_is_valued_on_any_metric():
    rules = Baseline(kind="rule_based", description="amount rules", value=0.41, precision=0.5, recall=0.6)
    on_f1 = FRAUD.model_copy(update={"precision": 0.9, "baseline_recall": None})
    worth = worth_of(scope(economics=on_f1, metric="F1", target=0.7, baselines=[rules]))
    assert worth.baseline == "rules" and worth.at_baseline == pytest.approx(6_480)
    assert one_line(worth, "EUR").endswith("must reach precision 0.37 at recall 0.8 to beat rules")


def test_its_own_operating_point_wins_over_its_value_on_a_precision_metric():
    rules = Baseline(kind="rule_based", description="amount rules", value=0.3, precision=0.5, recall=0.6)
    worth = worth_of(scope(economics=FRAUD.model_copy(update={"baseline_recall": 0.9}), baselines=[rules]))
    assert worth.at_baseline == pytest.approx(6_480)


def test_the_best_baseline_is_the_one_worth_most_a_month_not_the_most_precise():
    """People at precision 0.8 and recall 0.1 are worth 15 × (120 − 24/0.8) = 1,350 €; rules 6,480 €."""
    people = Baseline(kind="human", description="auditors", human_level="domain_experts", precision=0.8, recall=0.1)
    rules = Baseline(kind="rule_based", description="amount rules", precision=0.5, recall=0.6)
    worth = worth_of(scope(metric="F1", economics=FRAUD.model_copy(update={"precision": 0.9}), baselines=[people, rules]))
    assert worth.baseline == "rules" and worth.bar.baseline == "rules"


def test_a_half_given_operating_point_says_what_is_missing_instead_of_guessing():
    only_precision = Baseline(kind="rule_based", description="amount rules", precision=0.5)
    stated = FRAUD.model_copy(update={"precision": 0.9, "baseline_recall": None})
    worth = worth_of(scope(metric="F1", economics=stated, baselines=[only_precision]))
    assert worth.missing == ("baseline_recall",)
    assert one_line(worth, "EUR").endswith("still to answer: the baseline's recall")
    only_recall = Baseline(kind="rule_based", description="amount rules", value=0.41, recall=0.6)
    worth = worth_of(scope(metric="F1", economics=stated, baselines=[only_recall]))
    assert worth.missing == ("baseline_precision",)


def test_a_half_given_point_takes_the_stated_baseline_recall_or_its_precision_metric_value():
    only_precision = Baseline(kind="rule_based", description="amount rules", precision=0.5)
    assert worth_of(scope(baselines=[only_precision])).at_baseline == pytest.approx(6_480)  # baseline_recall 0.6
    only_recall = Baseline(kind="rule_based", description="amount rules", value=0.5, recall=0.6)
    assert worth_of(scope(baselines=[only_recall])).at_baseline == pytest.approx(6_480)


@pytest.mark.parametrize("bad", [{"precision": 1.2}, {"recall": -0.1}, {"precision": float("nan")}, {"precision": 0, "recall": 0.5}])
def test_a_baselines_operating_point_is_two_shares(bad):
    with pytest.raises(ValueError):
        Baseline(kind="rule_based", description="amount rules", **bad)


# Percentages on a precision-like metric


@pytest.mark.parametrize(("target", "unit"), [(90, ""), (90, "%"), (0.9, ""), (90.0, " % ")])
def test_a_precision_target_typed_as_a_percentage_is_read_as_a_share(target, unit):
    optimizing = Metric(role="optimizing", name="precision", direction="higher", target=target, unit=unit)
    worth = worth_of(Scope(archetype=Archetype.HUMAN_IN_THE_LOOP, metrics=[optimizing], economics=FRAUD))
    assert worth.at_target == pytest.approx(11_200)


def test_baseline_values_on_a_precision_metric_in_percent_are_read_as_shares_too():
    rules = Baseline(kind="rule_based", description="amount rules", value=50)
    assert worth_of(scope(target=90, baselines=[rules])).at_baseline == pytest.approx(6_480)


@pytest.mark.parametrize(
    ("value", "unit", "share"),
    [(0.62, "", 0.62), (62, "", 0.62), (62, "%", 0.62), (1, "", 1.0), (1, "%", 0.01), (100, "", 1.0), (150, "", None), (-1, "", None), (150, "%", None)],
)
def test_a_precision_is_read_as_a_share_or_a_percentage(value, unit, share):
    assert as_share(value, unit) == (None if share is None else pytest.approx(share))


def test_percentages_are_read_only_for_precision_like_metrics_and_nothing_stored_changes():
    f1 = scope(metric="F1", target=90, economics=FRAUD.model_copy(update={"precision": None}))
    assert "precision" in worth_of(f1).missing  # 90 on F1 is no precision
    stored = scope(target=90)
    worth_of(stored)
    assert stored.optimizing.target == 90


def test_a_value_measured_on_an_earlier_definition_of_the_metric_is_no_precision_but_an_operating_point_stays():
    old_value = Baseline(kind="rule_based", description="amount rules", value=0.5, series=1)
    assert worth_of(scope(baselines=[old_value]), series=2).baseline is None
    assert worth_of(scope(baselines=[old_value]), series=1).at_baseline == pytest.approx(6_480)
    own_point = old_value.model_copy(update={"precision": 0.5, "recall": 0.6})
    assert worth_of(scope(baselines=[own_point]), series=2).at_baseline == pytest.approx(6_480)


def test_a_recall_target_is_the_recall_the_target_implies_unless_the_team_states_another():
    implied = worth_of(scope(economics=FRAUD.model_copy(update={"precision": 0.9, "recall": None}), metric="recall", target=0.8))
    assert implied.at_target == pytest.approx(11_200)  # the worked example's recall, taken from the target
    stated = worth_of(scope(economics=FRAUD.model_copy(update={"precision": 0.9, "recall": 0.4}), metric="recall", target=0.8))
    assert stated.at_target == pytest.approx(5_600)
    ranking = worth_of(scope(economics=FRAUD.model_copy(update={"precision": 0.9, "recall": None}), metric="recall@10", target=0.8))
    assert ranking.monthly_value is None, "a ranking's recall@10 says nothing about a decision's recall"
