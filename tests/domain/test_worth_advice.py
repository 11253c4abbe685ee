"""Advice when the money says no (issue 17): a loss at target, a target below the break-even or below
the bar the best baseline sets, a baseline no precision beats; nothing when inputs are missing."""

import pytest

from domain.advice import AdviceCode, Severity, advise
from domain.metrics import Baseline, Metric
from domain.model import Archetype, Scope
from domain.worth_advice import worth_advice
from tests.domain.test_project_worth import FRAUD

# The README's worked example: break-even 0.20; rules (0.5 at recall 0.6) worth 6,480 €; bar 0.364 at recall 0.8.
RULES = Baseline(kind="rule_based", description="amount rules", value=0.5)


def scope(target=0.9, economics=FRAUD, baselines=(RULES,)):
    optimizing = Metric(role="optimizing", name="precision", direction="higher", target=target)
    return Scope(archetype=Archetype.HUMAN_IN_THE_LOOP, metrics=[optimizing], baselines=list(baselines), economics=economics)


def codes(found):
    return [a.code for a in found]


def test_a_target_worth_more_than_the_baseline_gets_no_money_advice():
    assert worth_advice(scope(), "EUR") == []


def test_a_target_that_loses_money_says_by_how_much_and_the_break_even_to_exceed():
    """Precision 0.15 at recall 0.8: 120 caught, 800 flagged, 800 × (15 − 17 − 4) = −4,800 € a month."""
    [loss, below] = worth_advice(scope(target=0.15), "EUR")
    assert (loss.code, loss.severity) == (AdviceCode.WORTH_LOSES_MONEY, Severity.WARNING)
    assert loss.text == (
        "At its target (precision 0.15 at recall 0.8) the model loses about 4,800 €/month: "
        "precision must exceed the break-even 0.20 for acting on flags to pay."
    )
    assert below.code is AdviceCode.WORTH_BELOW_BASELINE  # a loss is also below what rules are worth


def test_without_the_workspaces_currency_the_amounts_are_plain_numbers():
    [loss, _] = worth_advice(scope(target=0.15))
    assert "loses about 4,800 a month" in loss.text and "€" not in loss.text


def test_without_the_volume_a_target_below_the_break_even_is_still_said_but_with_no_amount():
    payoffs_only = FRAUD.model_copy(update={"decisions_per_month": None, "prevalence": None})
    [below] = worth_advice(scope(target=0.15, economics=payoffs_only), "EUR")
    assert below.code is AdviceCode.WORTH_BELOW_BREAK_EVEN
    assert below.text == (
        "The target's precision 0.15 is below the break-even: acting on its flags would lose money; "
        "precision must exceed the break-even 0.20 for acting on flags to pay."
    )
    assert "€" not in below.text


def test_a_target_above_the_break_even_but_below_the_baselines_bar_names_the_bar():
    """Precision 0.3 at recall 0.8: 120 × (120 − 24/0.3) = 4,800 €, 1,680 € less than rules' 6,480 €."""
    [below] = worth_advice(scope(target=0.3), "USD")
    assert below.code is AdviceCode.WORTH_BELOW_BASELINE
    assert below.text == (
        "At its target (precision 0.3 at recall 0.8) the model is worth about $1,700/month less than rules: "
        "it must reach precision 0.37 at recall 0.8 to beat rules."
    )


def test_when_no_precision_beats_the_baseline_it_says_keep_it_or_change_the_economics():
    """Rules at precision 0.99 and recall 0.95 (13,645 €) beat anything at recall 0.8 (at most 14,400 − 2,880 = 11,520 €)."""
    near_perfect = Baseline(kind="rule_based", description="the old rules", precision=0.99, recall=0.95)
    [unbeatable] = worth_advice(scope(baselines=[near_perfect]), "EUR")
    assert unbeatable.code is AdviceCode.WORTH_BASELINE_UNBEATABLE
    assert unbeatable.text.startswith("No precision at recall 0.8 beats rules (about 14,000 €/month): keep the baseline")
    assert "change the economics" in unbeatable.text


def test_no_precision_pays_when_a_review_costs_more_than_a_catch_is_worth():
    costly = FRAUD.model_copy(update={"value_per_true_positive": 3})
    found = worth_advice(scope(baselines=[]), "EUR") + worth_advice(scope(economics=costly, baselines=[]), "EUR")
    [loss] = found
    assert "no precision pays: handling a flag costs more than a catch is worth" in loss.text


@pytest.mark.parametrize(
    "unanswered", ["decisions_per_month", "value_per_true_positive", "cost_per_false_positive", "review_cost_per_flag", "recall"]
)
def test_missing_inputs_are_unknown_not_zero_so_nothing_is_said_that_needs_them(unanswered):
    """At precision 0.3 (above the break-even, below rules' bar) every warning needs all of the inputs."""
    partial = FRAUD.model_copy(update={unanswered: None})
    assert worth_advice(scope(target=0.3, economics=partial), "EUR") == []


@pytest.mark.parametrize("unanswered", ["value_per_true_positive", "cost_per_false_positive", "review_cost_per_flag"])
def test_without_the_payoffs_there_is_no_break_even_to_fall_below(unanswered):
    partial = FRAUD.model_copy(update={unanswered: None})
    assert worth_advice(scope(target=0.15, economics=partial), "EUR") == []


def test_no_worth_answers_no_target_precision_or_an_impossible_one_give_no_money_advice():
    assert worth_advice(scope(economics=None)) == []
    assert worth_advice(scope(target=None, baselines=[])) == []  # no precision to judge
    assert worth_advice(scope(target=0.001)) == []  # cannot be: the card's money line says why


def test_advise_lists_the_money_warnings_with_the_others_warnings_first():
    found = advise(scope(target=0.15), "EUR")
    warnings = [a for a in found if a.severity is Severity.WARNING]
    assert {AdviceCode.WORTH_LOSES_MONEY, AdviceCode.WORTH_BELOW_BASELINE} <= set(codes(warnings))
    assert found[: len(warnings)] == warnings
