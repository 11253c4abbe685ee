"""What the scoping flow asks about a decision's money, kept on the scope (``Scope.economics``).

Every field is optional: an unanswered one stays ``None``, never 0. ``domain.project_worth`` turns
a scope holding these into what the project is worth.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from domain.worth import DECISIONS_MAX, FrozenModel, Money, Prevalence, Share

DEFAULT_CURRENCY = "EUR"  # a workspace's until an admin or lead sets another


class WorthInputs(FrozenModel):
    """A decision task's volume, payoffs and the operating point the team states."""

    decisions_per_month: Annotated[int, Field(gt=0, le=DECISIONS_MAX)] | None = None
    prevalence: Prevalence | None = None
    value_per_true_positive: Money | None = None
    cost_per_false_positive: Money | None = None
    review_cost_per_flag: Money | None = None
    precision: Share | None = None
    recall: Share | None = None
    baseline_recall: Share | None = None  # the best baseline's; the stated recall when not given

    def given(self) -> bool:
        return any(value is not None for value in self.model_dump().values())
