"""Advice when the money says no: the model loses money at its target, its target is below the
break-even precision or below the bar the best baseline sets, or no precision beats that baseline.

Only what ``domain.project_worth`` can compute is said: an unanswered input gives no advice (unknown
is not zero). Amounts are in the workspace's currency when the caller knows it, else plain numbers.
"""

from __future__ import annotations

from domain.advice_kinds import Advice, AdviceCode, Severity
from domain.errors import DomainError
from domain.model import Scope
from domain.project_worth import target_point, worth_of
from domain.worth import Unknown
from domain.worth_appraisal import Bar, Worth
from domain.worth_sentence import format_amount, format_break_even, format_money, format_threshold

CHANGE_THE_ECONOMICS = "a higher recall, a cheaper review or false alarm, or a bigger gain per catch"


def _per_month(amount: float, currency: str | None) -> str:
    return f"about {format_money(amount, currency)}/month" if currency else f"about {format_amount(amount)} a month"


def _point(precision: float, recall: float | None) -> str:
    at = f" at recall {recall:g}" if recall is not None else ""
    return f"precision {precision:g}{at}"


def _break_even_advice(worth: Worth, precision: float, recall: float | None, currency: str | None) -> Advice | None:
    """(a) a known loss at target, else (b) a target below the break-even: the same fact, said once."""
    break_even = worth.break_even
    if isinstance(break_even, Unknown) or precision >= break_even:
        return None
    pays = (
        "no precision pays: handling a flag costs more than a catch is worth"
        if break_even > 1
        else f"precision must exceed the break-even {format_break_even(break_even)} for acting on flags to pay"
    )
    at_target = worth.at_target
    if not isinstance(at_target, Unknown):
        if at_target >= 0:
            return None  # a recall of 0 flags nothing: nothing is lost
        return Advice(
            AdviceCode.WORTH_LOSES_MONEY,
            Severity.WARNING,
            f"At its target ({_point(precision, recall)}) the model loses {_per_month(at_target, currency)}: {pays}.",
        )
    return Advice(
        AdviceCode.WORTH_BELOW_BREAK_EVEN,
        Severity.WARNING,
        f"The target's precision {precision:g} is below the break-even: acting on its flags would lose money; {pays}.",
    )


def _baseline_advice(worth: Worth, precision: float, currency: str | None) -> Advice | None:
    """(c) a target below the bar the best baseline sets, (d) no precision at this recall beats it."""
    bar, base = worth.bar, worth.at_baseline
    if not isinstance(bar, Bar) or bar.baseline is None or base is None or isinstance(base, Unknown):
        return None
    name, at = bar.baseline, f"at recall {bar.recall:g}"
    if not bar.reachable:
        return Advice(
            AdviceCode.WORTH_BASELINE_UNBEATABLE,
            Severity.WARNING,
            f"No precision {at} beats {name} ({_per_month(base, currency)}): keep the baseline, "
            f"or change the economics ({CHANGE_THE_ECONOMICS}).",
        )
    if precision >= bar.precision:
        return None
    less = "less"
    if not isinstance(worth.at_target, Unknown):
        less = f"{_per_month(base - worth.at_target, currency)} less"
    return Advice(
        AdviceCode.WORTH_BELOW_BASELINE,
        Severity.WARNING,
        f"At its target ({_point(precision, bar.recall)}) the model is worth {less} than {name}: "
        f"it must reach precision {format_threshold(bar.precision)} {at} to beat {name}.",
    )


def worth_advice(scope: Scope, currency: str | None = None, series: int | None = None) -> list[Advice]:
    """The warnings the money gives, when the worth inputs say enough; none otherwise."""
    try:
        worth = worth_of(scope, series)
    except DomainError:  # the stated precision and recall cannot be: the card's money line says why
        return []
    if worth is None or scope.economics is None:
        return []
    target = target_point(scope, scope.economics)
    if target.precision is None:
        return []
    found = [
        _break_even_advice(worth, target.precision, target.recall, currency),
        _baseline_advice(worth, target.precision, currency),
    ]
    return [advice for advice in found if advice is not None]
