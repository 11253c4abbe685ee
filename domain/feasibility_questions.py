"""The method's feasibility questions that a rating does not capture: what compute costs, and
whether the team can do it with what it has. Free answers, kept in ``Scope.answers`` under these ids
(no new column: the answers JSON already holds the archetype's key questions)."""

from __future__ import annotations

from domain.archetypes import KeyQuestion
from domain.model import Scope

COMPUTE_COST = KeyQuestion(
    "compute_cost", "How much compute do training and serving need, and what will that cost (per month, per run)?"
)
WITH_WHAT_WE_HAVE = KeyQuestion(
    "with_what_we_have", "Can we do it with what we have (data, people, compute, time)? If not, what is missing?"
)
FEASIBILITY_QUESTIONS: tuple[KeyQuestion, ...] = (COMPUTE_COST, WITH_WHAT_WE_HAVE)
FEASIBILITY_QUESTION_IDS = frozenset(q.id for q in FEASIBILITY_QUESTIONS)
SHORT_LABELS = {COMPUTE_COST.id: "Compute cost", WITH_WHAT_WE_HAVE.id: "With what we have"}


def feasibility_answers(scope: Scope) -> list[tuple[KeyQuestion, str]]:
    """The questions answered so far, in the method's order."""
    return [(q, answer) for q in FEASIBILITY_QUESTIONS if (answer := scope.answers.get(q.id, "").strip())]
