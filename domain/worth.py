"""What a model is worth: the money behind precision and recall, for a decision task.

A decision task is one where the model flags cases that a person or a system then acts on. All
amounts are per month and relative to not acting at all (the status quo is worth 0). With

    N   decisions (cases scored) per month      p   share of cases that are positive
    V   value of acting on a true positive      F   cost of acting on a false positive
    R   review cost per flagged case (0 when no person reviews the flags)
    P   precision                               r   recall

the model catches ``N·p·r`` positives and flags ``N·p·r / P`` cases, so

    value per flagged case   = P·V − (1−P)·F − R
    expected value per month = N·p·r/P · (P·V − (1−P)·F − R)  =  N·p·r · ((V + F) − (F + R)/P)
    break-even precision     = (F + R) / (V + F)     (acting on a flag pays only at or above it)
    minimum viable precision at recall r, against a baseline worth B per month (B ≥ 0):
                               (F + R) / ((V + F) − B / (N·p·r))

The break-even precision needs no volume: it is the minimum viable precision against "not acting"
(B = 0). Expected value never falls as precision rises, and rises with recall exactly where acting
pays. An input nobody answered is unknown, never 0: functions then return ``Unknown`` naming it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from domain.errors import DomainError

MONEY_MAX = 1e12  # per case; a sanity bound that keeps every product finite
DECISIONS_MAX = 10**12

Money = Annotated[float, Field(ge=0, le=MONEY_MAX, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Prevalence = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
MonthlyValue = Annotated[float, Field(ge=-1e30, le=1e30, allow_inf_nan=False)]
BaselineName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


INPUT_LABELS = {
    "decisions_per_month": "decisions per month",
    "prevalence": "share of cases that are positive",
    "value_per_true_positive": "value of acting on a true positive",
    "cost_per_false_positive": "cost of acting on a false positive",
    "review_cost_per_flag": "review cost per flagged case",
    "precision": "the target's precision",
    "recall": "the target's recall (or the recall the team states)",
    "baseline": "the baseline's precision and recall (or its value per month)",
    "baseline_precision": "the baseline's precision",
    "baseline_recall": "the baseline's recall",
}


class FrozenModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unknown(FrozenModel):
    """A result that cannot be computed yet: which inputs are missing, or why not."""

    missing: tuple[str, ...] = ()
    reason: str = ""

    def describe(self) -> str:
        if self.reason:
            return self.reason
        return "needs " + ", ".join(INPUT_LABELS.get(name, name) for name in self.missing)


def ordered_inputs(names: Iterable[str]) -> tuple[str, ...]:
    wanted = set(names)
    known = [name for name in INPUT_LABELS if name in wanted]
    return tuple(known + sorted(wanted - set(known)))


class PayoffMatrix(FrozenModel):
    """What acting on one flagged case gains or costs; a missing answer stays ``None``.

    ``human_review`` says a person looks at every flag: its cost is then needed. Without review the
    cost is 0 unless one is given."""

    value_per_true_positive: Money | None = None
    cost_per_false_positive: Money | None = None
    review_cost_per_flag: Money | None = None
    human_review: bool = False

    @property
    def review_cost(self) -> float | None:
        if self.review_cost_per_flag is not None:
            return self.review_cost_per_flag
        return None if self.human_review else 0.0

    def missing(self) -> tuple[str, ...]:
        names = [n for n in ("value_per_true_positive", "cost_per_false_positive") if getattr(self, n) is None]
        if self.review_cost is None:
            names.append("review_cost_per_flag")
        return tuple(names)


class DecisionEconomics(FrozenModel):
    """The volume and payoffs of a decision task, as the scoping flow collected them."""

    decisions_per_month: Annotated[int, Field(gt=0, le=DECISIONS_MAX)] | None = None
    prevalence: Prevalence | None = None
    payoff: PayoffMatrix = PayoffMatrix()

    def missing(self) -> tuple[str, ...]:
        volume = [n for n in ("decisions_per_month", "prevalence") if getattr(self, n) is None]
        return tuple(volume) + self.payoff.missing()


class OperatingPoint(FrozenModel):
    """A precision/recall pair: the target's, or a baseline's. Either may still be unknown."""

    precision: Share | None = None
    recall: Share | None = None

    @model_validator(mode="after")
    def _catching_means_some_precision(self) -> OperatingPoint:
        if self.precision == 0 and self.recall:
            raise ValueError("a model that catches any positive case has a precision above 0")
        return self

    def missing(self) -> tuple[str, ...]:
        return tuple(n for n in ("precision", "recall") if getattr(self, n) is None)


class BaselineWorth(FrozenModel):
    """A baseline to beat (rules, people, a simple model): its operating point or its known value."""

    name: BaselineName
    point: OperatingPoint | None = None
    value_per_month: MonthlyValue | None = None

    @model_validator(mode="after")
    def _one_source_of_value(self) -> BaselineWorth:
        if self.point is not None and self.value_per_month is not None:
            raise ValueError("give a baseline's precision and recall or its value per month, not both")
        return self


def value_per_flag(payoff: PayoffMatrix, precision: float) -> float | Unknown:
    """Expected value of acting on one flagged case at this precision: P·V − (1−P)·F − R."""
    if missing := payoff.missing():
        return Unknown(missing=missing)
    v, f, r = payoff.value_per_true_positive, payoff.cost_per_false_positive, payoff.review_cost
    return precision * v - (1 - precision) * f - r


def break_even_precision(payoff: PayoffMatrix) -> float | Unknown:
    """(F + R) / (V + F): below it acting on a flag loses money. Volume plays no part.

    0 when flags cost nothing even if wrong; above 1 (or infinite) when no precision pays, i.e.
    when reviewing a flag costs more than a catch is worth."""
    if missing := payoff.missing():
        return Unknown(missing=missing)
    v, f, r = payoff.value_per_true_positive, payoff.cost_per_false_positive, payoff.review_cost
    if f + r == 0:
        return 0.0
    if v + f == 0:
        return math.inf
    return (f + r) / (v + f)


def lowest_possible_precision(prevalence: float, recall: float) -> float:
    """The precision of flagging every negative case too: N·p·r / (N·p·r + N·(1−p))."""
    if recall == 0:
        return 0.0
    return prevalence * recall / (prevalence * recall + 1 - prevalence)


def _check_possible(economics: DecisionEconomics, precision: float, recall: float) -> None:
    if economics.prevalence is None:
        return
    floor = lowest_possible_precision(economics.prevalence, recall)
    if precision < floor * (1 - 1e-9):
        raise DomainError(
            f"precision {precision:g} at recall {recall:g} would flag more negative cases than there are "
            f"(with {economics.prevalence:g} of cases positive, precision is at least {floor:.3g})",
            field="precision",
            rule="impossible_operating_point",
        )


def flagged_per_month(economics: DecisionEconomics, point: OperatingPoint) -> float | Unknown:
    """How many cases the model flags a month: N·p·r / P."""
    missing = [n for n in ("decisions_per_month", "prevalence") if getattr(economics, n) is None]
    if missing := ordered_inputs([*missing, *point.missing()]):
        return Unknown(missing=missing)
    if point.precision == 0:
        return Unknown(reason="precision 0 at recall 0 does not say how many cases the model flags")
    _check_possible(economics, point.precision, point.recall)
    return economics.decisions_per_month * economics.prevalence * point.recall / point.precision


def expected_value(economics: DecisionEconomics, point: OperatingPoint) -> float | Unknown:
    """Money per month from acting on the model's flags, relative to not acting at all."""
    if missing := ordered_inputs([*economics.missing(), *point.missing()]):
        return Unknown(missing=missing)
    flagged = flagged_per_month(economics, point)
    if isinstance(flagged, Unknown):
        return flagged
    if flagged == 0:
        return 0.0
    return flagged * value_per_flag(economics.payoff, point.precision)


def baseline_value(economics: DecisionEconomics, baseline: BaselineWorth) -> float | Unknown:
    """A baseline's money per month: stated outright, or computed from its operating point."""
    if baseline.value_per_month is not None:
        return baseline.value_per_month
    if baseline.point is None:
        return Unknown(missing=ordered_inputs([*economics.missing(), "baseline"]))
    if half := [f"baseline_{name}" for name in baseline.point.missing()]:
        return Unknown(missing=ordered_inputs([*economics.missing(), *half]))
    try:
        return expected_value(economics, baseline.point)
    except DomainError as exc:  # an operating point that cannot be: say so, value nothing
        return Unknown(reason=f"{baseline.name}: {exc.message}")


def minimum_viable_precision(economics: DecisionEconomics, recall: float, beat: float) -> float | Unknown:
    """The precision at this recall whose expected value equals ``beat`` (0 when the baseline loses money).

    Any precision above it is worth more than both the baseline and not acting. Above 1 (or
    infinite) means no precision is enough at this recall."""
    bar = max(beat, 0.0)
    if bar == 0:
        if missing := economics.payoff.missing():
            return Unknown(missing=missing)
    elif missing := economics.missing():
        return Unknown(missing=missing)
    payoff = economics.payoff
    v, f, r = payoff.value_per_true_positive, payoff.cost_per_false_positive, payoff.review_cost
    if recall == 0:
        return math.inf  # a model that catches nothing is worth nothing
    per_catch = bar / (economics.decisions_per_month * economics.prevalence * recall) if bar else 0.0
    if f + r == 0:
        return 0.0 if v > per_catch else math.inf
    room = (v + f) - per_catch
    return (f + r) / room if room > 0 else math.inf
