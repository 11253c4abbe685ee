"""The gate: three questions the method asks before scoping anything else.

Is the organisation ready (a product to put the model in, data being collected sanely, people to
do the work)? Is ML needed, or would rules or simple statistics do? Is it ethical? A project that
fails one is advised to stop, or to start with a rule-based system; one that is unsure is told
what settles the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.model import GateAnswer, GateQuestion


@dataclass(frozen=True)
class GateInfo:
    question: GateQuestion
    text: str
    choices: dict[GateAnswer, str]  # the answer's wording, as offered in the modal
    short: str  # what the question is about, in a list of open ones
    failed: str  # the advice when the answer is NO
    unsure: str  # the advice when it is UNSURE
    attention: str  # a failed answer in a digest's attention list


GATE: dict[GateQuestion, GateInfo] = {
    GateQuestion.READY: GateInfo(
        GateQuestion.READY,
        "Is the organisation ready: a product to put the model in, data being collected sanely, people to do it?",
        {GateAnswer.YES: "Yes", GateAnswer.UNSURE: "Partly, or not sure", GateAnswer.NO: "No"},
        "is the organisation ready",
        "The organisation is not ready (no product, no sane data collection, or no one to do the work). "
        "Stop here or fix that first: no model makes up for it.",
        "find out what is missing: a product to ship in, data collected sanely, people to build it",
        "organisation not ready",
    ),
    GateQuestion.ML_NEEDED: GateInfo(
        GateQuestion.ML_NEEDED,
        "Is ML needed, or would rules or simple statistics do?",
        {
            GateAnswer.YES: "ML is needed",
            GateAnswer.UNSURE: "Not sure yet",
            GateAnswer.NO: "Rules or statistics would do",
        },
        "is ML needed",
        "Rules or simple statistics would do. Start with a rule-based system, record it as a baseline, "
        "and come back to ML when it stops improving.",
        "build a minimal rule-based model and ask again whether ML is needed",
        "rules would do",
    ),
    GateQuestion.ETHICAL: GateInfo(
        GateQuestion.ETHICAL,
        "Is it ethical? Who could be harmed by it, and how?",
        {
            GateAnswer.YES: "Considered: no serious concern",
            GateAnswer.UNSURE: "Not considered yet",
            GateAnswer.NO: "There are concerns",
        },
        "is it ethical",
        "There are ethical concerns. Resolve them with the people affected before spending on data or models.",
        "weigh who could be harmed, and how, with the stakeholders",
        "ethical concerns",
    ),
}


def failed(answers: Mapping[str, str]) -> list[GateQuestion]:
    """The gate questions answered NO, in the method's order (answers as enums or as stored)."""
    return [q for q in GATE if answers.get(q) == GateAnswer.NO]


def open_questions(answers: Mapping[str, str]) -> list[GateQuestion]:
    """The gate questions not answered, or answered UNSURE, in the method's order."""
    return [q for q in GATE if answers.get(q) in (None, GateAnswer.UNSURE)]
