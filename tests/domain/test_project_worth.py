"""A project's worth from its scope: the answers kept on the scope, its metric and its baselines."""

import pytest

from domain.errors import DomainError
from domain.metrics import Baseline, Metric
from domain.model import Archetype, Scope
from domain.project_worth import worth_of
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
    assert line.startswith("loses money below precision 0.17; still to answer: decisions per month, share of cases")


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
