"""What a model is worth: worked examples checked by hand, edge cases, and the properties of the formulas."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.errors import DomainError
from domain.worth import (
    BaselineWorth,
    DecisionEconomics,
    OperatingPoint,
    PayoffMatrix,
    Unknown,
    baseline_value,
    break_even_precision,
    expected_value,
    flagged_per_month,
    lowest_possible_precision,
    minimum_viable_precision,
    value_per_flag,
)
from domain.worth_appraisal import appraise
from domain.worth_sentence import format_money, format_threshold, one_line

REVIEWED = PayoffMatrix(
    value_per_true_positive=100, cost_per_false_positive=20, review_cost_per_flag=4, human_review=True
)
FRAUD = DecisionEconomics(decisions_per_month=5000, prevalence=0.03, payoff=REVIEWED)
TARGET = OperatingPoint(precision=0.9, recall=0.8)
RULES = BaselineWorth(name="rules", point=OperatingPoint(precision=0.5, recall=0.6))


def test_worked_example_a_reviewed_fraud_flagger_is_worth_about_eleven_thousand_a_month():
    """5,000 invoices a month, 3 % fraudulent: 150 frauds. A catch saves 100 €, a false alarm costs 20 €,
    a reviewer spends 4 € on every flag.

    Target precision 0.9 at recall 0.8: 150·0.8 = 120 caught, 120/0.9 = 133.3 flagged, 13.3 false alarms.
    Value = 120·100 − 13.3·20 − 133.3·4 = 12,000 − 266.7 − 533.3 = 11,200 €/month.
    Rules at precision 0.5, recall 0.6: 90 caught, 180 flagged, 90 false: 9,000 − 1,800 − 720 = 6,480 €.
    Break-even precision = (20 + 4) / (100 + 20) = 0.20.
    At recall 0.8 the value is 120·((100 + 20) − 24/P) = 14,400 − 2,880/P; it equals 6,480 at
    P = 2,880 / 7,920 = 0.3636…, stated rounded up as 0.37.
    """
    worth = appraise(FRAUD, TARGET, [RULES])

    assert worth.at_target == pytest.approx(11_200)
    assert worth.baseline == "rules"
    assert worth.at_baseline == pytest.approx(6_480)
    assert worth.break_even == pytest.approx(0.20)
    assert worth.bar.precision == pytest.approx(0.363636, abs=1e-6)
    assert worth.bar.recall == 0.8
    assert worth.bar.baseline == "rules"
    assert worth.monthly_value == pytest.approx(11_200)
    assert worth.missing == ()
    assert one_line(worth, "EUR") == (
        "worth about 11,000 €/month at target (rules: about 6,500 €/month); "
        "loses money below precision 0.20; must reach precision 0.37 at recall 0.8 to beat rules"
    )


def test_the_pieces_of_the_worked_example_add_up_by_hand():
    """133.3 flags a month, each worth 0.9·100 − 0.1·20 − 4 = 84 €: 133.3·84 = 11,200 €."""
    assert flagged_per_month(FRAUD, TARGET) == pytest.approx(133.333, abs=1e-3)
    assert value_per_flag(REVIEWED, 0.9) == pytest.approx(84)
    assert baseline_value(FRAUD, RULES) == pytest.approx(6_480)


def test_a_model_below_break_even_loses_money_and_the_card_says_so():
    """Precision 0.1 at recall 0.5: 75 caught, 750 flagged, 675 false alarms.
    7,500 − 675·20 − 750·4 = 7,500 − 13,500 − 3,000 = −9,000 €/month."""
    worth = appraise(FRAUD, OperatingPoint(precision=0.1, recall=0.5))

    assert worth.at_target == pytest.approx(-9_000)
    assert one_line(worth, "EUR") == "loses about 9,000 €/month at target; loses money below precision 0.20"


def test_worked_example_an_automatic_action_needs_no_review_cost():
    """20,000 messages, 10 % spam, a catch worth 50 $, a wrongly blocked message costs 10 $, nobody reviews.
    Precision 0.5, recall 0.5: 1,000 caught, 2,000 flagged, 1,000 wrong: 50,000 − 10,000 = 40,000 $.
    Break-even = 10 / 60 = 0.1667, stated rounded up as 0.17."""
    economics = DecisionEconomics(
        decisions_per_month=20_000,
        prevalence=0.1,
        payoff=PayoffMatrix(value_per_true_positive=50, cost_per_false_positive=10),
    )
    worth = appraise(economics, OperatingPoint(precision=0.5, recall=0.5))

    assert worth.at_target == pytest.approx(40_000)
    assert worth.break_even == pytest.approx(1 / 6)
    assert one_line(worth, "usd") == "worth about $40,000/month at target; loses money below precision 0.167"


def test_a_baseline_out_of_reach_says_no_precision_is_enough():
    """At recall 0.8 the fraud model catches 120 a month; even at precision 1 it is worth
    120·(100 − 4) = 11,520 €, less than a baseline worth 12,000 €. The formula agrees:
    24 / ((100 + 20) − 12,000/120) = 24 / 20 = 1.2 > 1."""
    people = BaselineWorth(name="the fraud desk", value_per_month=12_000)
    worth = appraise(FRAUD, TARGET, [people])

    assert worth.bar.precision == pytest.approx(1.2)
    assert not worth.bar.reachable
    assert "cannot beat the fraud desk at recall 0.8, even at precision 1" in one_line(worth, "EUR")


def test_a_baseline_that_loses_money_is_no_bar_the_break_even_is():
    """Rules at precision 0.1, recall 0.5 lose 9,000 € (see above): not acting beats them, so the bar is
    the break-even precision 0.20 and the sentence names no baseline to beat."""
    losing = BaselineWorth(name="rules", point=OperatingPoint(precision=0.1, recall=0.5))
    worth = appraise(FRAUD, TARGET, [losing])

    assert worth.bar.baseline is None
    assert worth.bar.precision == pytest.approx(0.20)
    assert one_line(worth, "EUR") == (
        "worth about 11,000 €/month at target (rules: loses about 9,000 €/month); loses money below precision 0.20"
    )


def test_the_best_baseline_is_the_one_worth_most_and_unvalued_ones_do_not_hide_it():
    """Rules are worth 6,480 € (above); a 'desk' worth 7,000 € is the tighter bound."""
    desk = BaselineWorth(name="desk", value_per_month=7_000)
    unvalued = BaselineWorth(name="a linear model")
    worth = appraise(FRAUD, TARGET, [RULES, unvalued, desk])

    assert worth.baseline == "desk"
    assert worth.at_baseline == 7_000
    assert worth.bar.baseline == "desk"


def test_a_baseline_without_numbers_leaves_the_bar_unknown_and_asks_for_them():
    worth = appraise(FRAUD, TARGET, [BaselineWorth(name="rules", point=None)])

    assert isinstance(worth.bar, Unknown)
    assert worth.missing == ("baseline",)
    assert one_line(worth, "EUR").endswith(
        "still to answer: the baseline's precision and recall (or its value per month)"
    )


def test_a_half_given_operating_point_names_the_half_still_missing():
    worth = appraise(FRAUD, TARGET, [BaselineWorth(name="rules", point=OperatingPoint(recall=0.6))])

    assert isinstance(worth.bar, Unknown)
    assert worth.missing == ("baseline_precision",)
    assert one_line(worth, "EUR").endswith("still to answer: the baseline's precision")


def test_a_baseline_not_yet_valued_is_still_asked_for_when_another_sets_the_bar():
    half = BaselineWorth(name="people", point=OperatingPoint(precision=0.8))
    worth = appraise(FRAUD, TARGET, [RULES, half])

    assert worth.baseline == "rules" and worth.bar.baseline == "rules"
    assert one_line(worth, "EUR").endswith("to beat rules; still to answer: the baseline's recall")


def test_a_baseline_whose_operating_point_cannot_be_sets_no_bar_and_says_why():
    impossible = BaselineWorth(name="rules", point=OperatingPoint(precision=0.001, recall=0.9))
    worth = appraise(FRAUD, TARGET, [impossible])

    assert isinstance(worth.at_baseline, Unknown) and worth.missing == ()
    assert "no bar to beat yet (rules: precision 0.001 at recall 0.9 would flag more negative cases" in one_line(
        worth, "EUR"
    )


def test_a_baseline_stated_by_its_value_needs_the_volume_to_set_a_bar():
    no_volume = DecisionEconomics(payoff=REVIEWED)
    bar = minimum_viable_precision(no_volume, 0.8, beat=6_480)
    assert bar == Unknown(missing=("decisions_per_month", "prevalence"))
    assert minimum_viable_precision(no_volume, 0.8, beat=0) == pytest.approx(0.20)


def test_a_baseline_takes_its_numbers_or_its_value_not_both():
    with pytest.raises(ValidationError, match="not both"):
        BaselineWorth(name="rules", point=OperatingPoint(precision=0.5, recall=0.6), value_per_month=1_000)


@pytest.mark.parametrize(
    ("payoff", "expected"),
    [
        (PayoffMatrix(value_per_true_positive=100, cost_per_false_positive=20, review_cost_per_flag=4), 24 / 120),
        (PayoffMatrix(value_per_true_positive=30, cost_per_false_positive=10), 10 / 40),
        (PayoffMatrix(value_per_true_positive=30, cost_per_false_positive=0), 0.0),
        (PayoffMatrix(value_per_true_positive=10, cost_per_false_positive=0, review_cost_per_flag=12), 1.2),
        (PayoffMatrix(value_per_true_positive=0, cost_per_false_positive=0, review_cost_per_flag=5), math.inf),
    ],
)
def test_break_even_precision_is_costs_of_a_flag_over_value_plus_false_alarm_cost(payoff, expected):
    """(F + R) / (V + F): 24/120 = 0.2; 10/40 = 0.25; free false alarms and no review: 0;
    review dearer than a catch: 12/10 = 1.2, out of reach; nothing to gain but a review: infinite."""
    assert break_even_precision(payoff) == pytest.approx(expected)


def test_the_card_says_when_no_precision_pays_or_when_a_flag_never_loses():
    dear_review = DecisionEconomics(
        payoff=PayoffMatrix(value_per_true_positive=10, cost_per_false_positive=0, review_cost_per_flag=12)
    )
    free_flags = DecisionEconomics(payoff=PayoffMatrix(value_per_true_positive=30, cost_per_false_positive=0))
    assert "loses money at any precision" in one_line(appraise(dear_review, TARGET), "EUR")
    assert "acting on a flag never loses money" in one_line(appraise(free_flags, TARGET), "EUR")


def test_unknown_inputs_are_named_never_taken_as_zero():
    worth = appraise(DecisionEconomics(), OperatingPoint())

    assert worth.at_target == Unknown(
        missing=(
            "decisions_per_month",
            "prevalence",
            "value_per_true_positive",
            "cost_per_false_positive",
            "precision",
            "recall",
        )
    )
    assert worth.monthly_value is None
    assert one_line(worth, "EUR") == (
        "worth unknown until you answer: decisions per month, share of cases that are positive, value of acting "
        "on a true positive, cost of acting on a false positive, the target's precision, the target's recall "
        "(or the recall the team states)"
    )


def test_human_review_needs_its_cost_and_without_review_it_costs_nothing():
    reviewed = PayoffMatrix(value_per_true_positive=100, cost_per_false_positive=20, human_review=True)
    automatic = PayoffMatrix(value_per_true_positive=100, cost_per_false_positive=20)

    assert break_even_precision(reviewed) == Unknown(missing=("review_cost_per_flag",))
    assert "review cost per flagged case" in Unknown(missing=("review_cost_per_flag",)).describe()
    assert break_even_precision(automatic) == pytest.approx(20 / 120)


def test_with_the_payoffs_known_the_break_even_is_stated_before_the_volume_is():
    worth = appraise(DecisionEconomics(payoff=REVIEWED), OperatingPoint(recall=0.8))

    assert one_line(worth, "GBP") == (
        "loses money below precision 0.20; still to answer: decisions per month, share of cases that are "
        "positive, the target's precision"
    )


def test_recall_zero_flags_nothing_and_is_worth_exactly_nothing():
    """Precision 0.5 at recall 0: 0 caught, 0/0.5 = 0 flagged, worth 0 €; no precision beats a baseline."""
    worth = appraise(FRAUD, OperatingPoint(precision=0.5, recall=0), [RULES])

    assert worth.at_target == 0
    assert not worth.bar.reachable
    assert one_line(worth, "EUR").startswith("worth nothing at target")


def test_precision_zero_at_recall_zero_does_not_say_how_much_is_flagged():
    value = expected_value(FRAUD, OperatingPoint(precision=0, recall=0))

    assert isinstance(value, Unknown)
    assert "does not say how many" in value.describe()
    assert one_line(appraise(FRAUD, OperatingPoint(precision=0, recall=0)), "EUR").startswith(
        "value at target unknown ("
    )


def test_precision_zero_with_any_recall_is_refused():
    with pytest.raises(ValidationError, match="precision above 0"):
        OperatingPoint(precision=0, recall=0.5)


def test_a_precision_that_would_flag_more_negatives_than_exist_is_refused():
    """At 3 % prevalence and recall 1, flagging everything gives precision 0.03: nothing can do worse."""
    assert lowest_possible_precision(0.03, 1.0) == pytest.approx(0.03)
    with pytest.raises(DomainError, match="more negative cases than there are") as refused:
        expected_value(FRAUD, OperatingPoint(precision=0.02, recall=1.0))
    assert refused.value.field == "precision"


@pytest.mark.parametrize(
    "bad",
    [
        {"decisions_per_month": 0},
        {"decisions_per_month": 12.5},
        {"prevalence": 0},
        {"prevalence": 1.2},
        {"prevalence": float("nan")},
        {"payoff": {"value_per_true_positive": -1}},
        {"payoff": {"cost_per_false_positive": float("inf")}},
        {"payoff": {"review_cost_per_flag": float("nan")}},
        {"payoff": {"surprise": 1}},
    ],
)
def test_inputs_are_validated(bad):
    with pytest.raises(ValidationError):
        DecisionEconomics.model_validate(bad)


def test_inputs_are_frozen():
    with pytest.raises(ValidationError):
        FRAUD.decisions_per_month = 10


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (11_200, "EUR", "11,000 €"),
        (-9_000, "EUR", "9,000 €"),
        (1_234_567, "USD", "$1,200,000"),
        (999.5, "GBP", "£1,000"),
        (0.053, "GBP", "£0.053"),
        (1.5, "usd", "$1.5"),
        (0, "EUR", "0 €"),
        (9_000, "CHF", "9,000 CHF"),
    ],
)
def test_money_is_stated_to_two_significant_figures_with_thousands_separators(amount, currency, text):
    assert format_money(amount, currency) == text


@pytest.mark.parametrize("currency", ["EURO", "€", "E1R", ""])
def test_a_currency_is_a_three_letter_code(currency):
    with pytest.raises(DomainError, match="3-letter code"):
        format_money(1, currency)


@pytest.mark.parametrize(("value", "text"), [(0.2, "0.20"), (0.2001, "0.21"), (0.3636, "0.37"), (1.0, "1.00")])
def test_a_precision_to_reach_is_rounded_up_so_reaching_it_is_enough(value, text):
    assert format_threshold(value) == text


# --- Properties ---------------------------------------------------------------------------------

money = st.just(0.0) | st.floats(min_value=0.01, max_value=1e6)  # a cent or more: money, not float noise
shares = st.floats(min_value=0.01, max_value=1.0)
payoffs = st.builds(
    PayoffMatrix, value_per_true_positive=money, cost_per_false_positive=money, review_cost_per_flag=money
)
economies = st.builds(
    DecisionEconomics,
    decisions_per_month=st.integers(min_value=1, max_value=10**7),
    prevalence=st.floats(min_value=0.001, max_value=1.0),
    payoff=payoffs,
)
PROPERTY = settings(max_examples=200, deadline=None)


def possible(economics, recall, precision):
    """Lift a drawn precision into the range a model can have at this recall and prevalence."""
    floor = lowest_possible_precision(economics.prevalence, recall)
    return min(1.0, floor + (1 - floor) * precision)


def close_or_above(later, earlier, scale):
    return later >= earlier - 1e-9 * max(1.0, abs(scale))


@PROPERTY
@given(economies, shares, shares, shares)
def test_expected_value_never_falls_as_precision_rises(economics, recall, a, b):
    low, high = sorted((possible(economics, recall, a), possible(economics, recall, b)))
    worse = expected_value(economics, OperatingPoint(precision=low, recall=recall))
    better = expected_value(economics, OperatingPoint(precision=high, recall=recall))
    assert close_or_above(better, worse, worse)


@PROPERTY
@given(economies, shares, shares, shares)
def test_expected_value_rises_with_recall_where_acting_pays(economics, a, b, precision):
    low, high = sorted((a, b))
    precision = possible(economics, high, precision)
    if value_per_flag(economics.payoff, precision) < 0:
        return
    fewer = expected_value(economics, OperatingPoint(precision=precision, recall=low))
    more = expected_value(economics, OperatingPoint(precision=precision, recall=high))
    assert close_or_above(more, fewer, fewer)


@PROPERTY
@given(economies, st.integers(min_value=1, max_value=10**7), st.floats(min_value=0.001, max_value=1.0), shares)
def test_break_even_does_not_depend_on_volume(economics, other_volume, other_prevalence, recall):
    moved = economics.model_copy(update={"decisions_per_month": other_volume, "prevalence": other_prevalence})
    target = OperatingPoint(recall=recall)
    assert appraise(moved, target).break_even == appraise(economics, target).break_even


@PROPERTY
@given(economies, shares, shares)
def test_acting_pays_exactly_at_or_above_break_even(economics, recall, precision):
    precision = possible(economics, recall, precision)
    value = expected_value(economics, OperatingPoint(precision=precision, recall=recall))
    break_even = break_even_precision(economics.payoff)
    scale = flagged_per_month(economics, OperatingPoint(precision=precision, recall=recall)) * 1e6
    if precision > break_even * (1 + 1e-9):
        assert value >= -1e-9 * scale
    elif precision < break_even * (1 - 1e-9):
        assert value <= 1e-9 * scale


@PROPERTY
@given(economies, shares, shares, st.integers(min_value=2, max_value=1000))
def test_expected_value_scales_linearly_with_volume(economics, recall, precision, factor):
    point = OperatingPoint(precision=possible(economics, recall, precision), recall=recall)
    bigger = economics.model_copy(update={"decisions_per_month": economics.decisions_per_month * factor})
    assert expected_value(bigger, point) == pytest.approx(factor * expected_value(economics, point), rel=1e-9, abs=1e-6)


@PROPERTY
@given(economies, shares, shares, shares)
def test_at_the_minimum_viable_precision_the_model_is_worth_what_the_baseline_is(economics, recall, p_base, p_model):
    """Same recall: the bar is the baseline's own precision when the baseline pays at all."""
    baseline = OperatingPoint(precision=possible(economics, recall, p_base), recall=recall)
    beat = expected_value(economics, baseline)
    bar = minimum_viable_precision(economics, recall, beat)
    if beat > 0 and economics.payoff.cost_per_false_positive + economics.payoff.review_cost > 0:
        assert bar == pytest.approx(baseline.precision, rel=1e-6)
    model = OperatingPoint(precision=possible(economics, recall, p_model), recall=recall)
    if model.precision > bar * (1 + 1e-6):
        assert close_or_above(expected_value(economics, model), max(beat, 0.0), beat)


optional_money = st.none() | money


@PROPERTY
@given(
    st.none() | st.integers(min_value=1, max_value=10**7),
    st.none() | st.floats(min_value=0.001, max_value=1.0),
    optional_money,
    optional_money,
    optional_money,
    st.booleans(),
    st.none() | shares,
    st.none() | shares,
)
def test_unknown_inputs_never_produce_a_number(volume, prevalence, value, false_alarm, review, reviewed, p, r):
    payoff = PayoffMatrix(
        value_per_true_positive=value,
        cost_per_false_positive=false_alarm,
        review_cost_per_flag=review,
        human_review=reviewed,
    )
    economics = DecisionEconomics(decisions_per_month=volume, prevalence=prevalence, payoff=payoff)
    if p is not None and r is not None and prevalence is not None:
        p = possible(economics, r, p)
    worth = appraise(economics, OperatingPoint(precision=p, recall=r))
    missing = set(economics.missing()) | {n for n, v in (("precision", p), ("recall", r)) if v is None}

    assert isinstance(worth.at_target, Unknown) == bool(missing)
    assert isinstance(worth.break_even, Unknown) == bool(payoff.missing())
    if missing:
        assert set(worth.at_target.missing) == missing
        assert "/month at target" not in one_line(worth, "EUR")
        assert worth.monthly_value is None
