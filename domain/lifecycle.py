"""The lifecycle is not a one-way flow: these are the moves the method allows, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.errors import DomainError
from domain.model import Stage, Transition

ORDER = (Stage.PLANNING, Stage.DATA, Stage.TRAINING, Stage.DEPLOYMENT)


@dataclass(frozen=True)
class LoopBack:
    from_stage: Stage
    to_stage: Stage
    when: str


LOOP_BACKS: tuple[LoopBack, ...] = (
    LoopBack(Stage.DATA, Stage.PLANNING, "the data is too hard to get, or another formulation is far easier to label"),
    LoopBack(Stage.TRAINING, Stage.DATA, "the model overfits and needs more data, or the labels are unreliable"),
    LoopBack(Stage.TRAINING, Stage.PLANNING, "the task is too hard, or requirements trade off against each other"),
    LoopBack(Stage.DEPLOYMENT, Stage.TRAINING, "the model does not work well enough in the lab or in tests"),
    LoopBack(Stage.DEPLOYMENT, Stage.DATA, "production data does not match training data, or hard cases need mining"),
    LoopBack(
        Stage.DEPLOYMENT,
        Stage.PLANNING,
        "the metric does not drive the user behaviour that matters, or real-world performance is poor",
    ),
)


def parse_stage(text: str) -> Stage:
    """Read a stage typed by a person; the message lists the valid names."""
    try:
        return Stage(text.strip().lower())
    except ValueError:
        valid = ", ".join(s.value for s in ORDER)
        raise DomainError(
            f"stage: “{text}” is not a stage; use one of {valid}", field="stage", rule="unknown_stage"
        ) from None


def loop_back(from_stage: Stage, to_stage: Stage) -> LoopBack | None:
    return next((lb for lb in LOOP_BACKS if lb.from_stage is from_stage and lb.to_stage is to_stage), None)


def allowed_moves(current: Stage) -> list[Stage]:
    """The next stage forward, then the loop-backs from here."""
    index = ORDER.index(current)
    forward = [ORDER[index + 1]] if index + 1 < len(ORDER) else []
    return forward + [lb.to_stage for lb in LOOP_BACKS if lb.from_stage is current]


def transition(current: Stage, target: Stage, *, reason: str, actor: str, now: datetime) -> Transition:
    """Validate a move and describe it; loop-backs need a reason, since that is the lesson."""
    if current is target:
        raise DomainError(f"stage: the project is already in {target.value}", field="stage", rule="same_stage")
    forward = ORDER.index(target) == ORDER.index(current) + 1
    back = loop_back(current, target)
    if not forward and back is None:
        options = ", ".join(s.value for s in allowed_moves(current)) or "none"
        if ORDER.index(target) > ORDER.index(current):
            why = f"stages cannot be skipped: from {current.value} the next stage is {ORDER[ORDER.index(current) + 1].value}"
        else:
            why = f"the method has no loop-back from {current.value} to {target.value}"
        raise DomainError(f"stage: {why} (possible moves: {options})", field="stage", rule="impossible_transition")
    if back is not None and not reason.strip():
        raise DomainError(
            f"reason: going back from {current.value} to {target.value} needs a reason "
            f"(the method's usual one: {back.when})",
            field="reason",
            rule="loop_back_needs_reason",
        )
    return Transition(
        from_stage=current, to_stage=target, loop_back=back is not None, reason=reason, actor=actor, at=now
    )
