"""A model's worth against the team's baselines: the value at target, the break-even, the bar to clear.

``appraise`` puts ``domain.worth``'s formulas together for one project; ``domain.worth_sentence``
says the result in one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.worth import (
    BaselineWorth,
    DecisionEconomics,
    FrozenModel,
    OperatingPoint,
    Share,
    Unknown,
    baseline_value,
    break_even_precision,
    expected_value,
    minimum_viable_precision,
    ordered_inputs,
)


class Bar(FrozenModel):
    """What the model must reach: a precision at a recall, to beat a baseline (None: not acting)."""

    precision: float
    recall: Share
    baseline: str | None = None

    @property
    def reachable(self) -> bool:
        return self.precision <= 1


class Worth(FrozenModel):
    """Everything a card or a digest says about the money, each part known or ``Unknown``."""

    at_target: float | Unknown
    break_even: float | Unknown
    baseline: str | None = None
    at_baseline: float | Unknown | None = None
    bar: Bar | Unknown
    unvalued: tuple[str, ...] = ()  # what other baselines still need, when the best one is known

    @property
    def monthly_value(self) -> float | None:
        """The value at target for ranking, or None when it is not known."""
        return None if isinstance(self.at_target, Unknown) else self.at_target

    @property
    def missing(self) -> tuple[str, ...]:
        parts = (self.at_target, self.break_even, self.at_baseline, self.bar)
        names = [name for part in parts if isinstance(part, Unknown) for name in part.missing]
        return ordered_inputs([*names, *self.unvalued])


def _best_baseline(
    economics: DecisionEconomics, baselines: Sequence[BaselineWorth]
) -> tuple[str | None, float | Unknown | None, tuple[str, ...]]:
    """The baseline worth most a month, its value, and what the ones not yet valued still need."""
    if not baselines:
        return None, None, ()
    valued = [(b.name, baseline_value(economics, b)) for b in baselines]
    unknown = [value for _, value in valued if isinstance(value, Unknown)]
    missing = ordered_inputs(n for value in unknown for n in value.missing)
    known = [(name, value) for name, value in valued if not isinstance(value, Unknown)]
    if known:
        name, value = max(known, key=lambda pair: pair[1])
        return name, value, missing
    reason = "" if missing else "; ".join(value.reason for value in unknown if value.reason)
    return valued[0][0], Unknown(missing=missing, reason=reason), ()


def appraise(economics: DecisionEconomics, target: OperatingPoint, baselines: Sequence[BaselineWorth] = ()) -> Worth:
    """The value at target, the break-even, the best baseline and the bar the model must clear.

    The best baseline is the one worth most among those whose value is known (what the others
    still need is kept in ``unvalued``); a baseline that loses money is no bar (not acting beats
    it), so the bar is then the break-even precision."""
    name, at_baseline, unvalued = _best_baseline(economics, baselines)
    bar: Bar | Unknown
    if isinstance(at_baseline, Unknown):
        bar = at_baseline
    elif target.recall is None:
        bar = Unknown(missing=("recall",))
    else:
        beat = at_baseline if at_baseline is not None and at_baseline > 0 else 0.0
        precision = minimum_viable_precision(economics, target.recall, beat)
        bar = (
            precision
            if isinstance(precision, Unknown)
            else Bar(precision=precision, recall=target.recall, baseline=name if beat > 0 else None)
        )
    return Worth(
        at_target=expected_value(economics, target),
        break_even=break_even_precision(economics.payoff),
        baseline=name,
        at_baseline=at_baseline,
        bar=bar,
        unvalued=unvalued,
    )
