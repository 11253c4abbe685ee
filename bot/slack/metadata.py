"""What MLScope carries in Slack payloads for itself — button values and modals' ``private_metadata``
— in one encoding: compact JSON of one typed (pydantic) model per payload kind, written with
``dump()`` where a message or modal is built and read once with ``of_button``/``of_view`` where it
comes back. Messages and modals posted before this encoding (a bare ref, ``"<occurrence>:<question>"``,
a bare occurrence id) are still read here, and only here (``_legacy``), so that a card or check-in
already in a channel keeps working after an upgrade. A value that parses as neither is a
``DomainError`` with the payload's own "out of date" wording, never a crash.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from domain.checkins import Question
from domain.errors import DomainError
from domain.scoring import ScoringWeights
from domain.values import REF_PATTERN

_LEGACY_ID = re.compile(r"^[0-9]+$")


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    STALE: ClassVar[str] = "This form is out of date."

    def dump(self) -> str:
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def load(cls, raw: str | None) -> Self:
        try:
            return cls.model_validate_json(raw or "{}")
        except ValidationError:
            legacy = cls._legacy(raw or "")
            if legacy is None:
                raise DomainError(cls.STALE, rule="stale_view") from None
            return legacy

    @classmethod
    def _legacy(cls, raw: str) -> Self | None:
        """The same payload as the version before this encoding wrote it, or None (none by default)."""
        return None

    @classmethod
    def of_button(cls, body: dict[str, Any]) -> Self:
        """From the value of the button that was clicked."""
        return cls.load(str((body.get("actions") or [{}])[0].get("value", "")))

    @classmethod
    def of_view(cls, view: dict[str, Any]) -> Self:
        """From a submitted modal's ``private_metadata``."""
        return cls.load(str(view.get("private_metadata") or ""))


class CardButton(Payload):
    """A project card's buttons (edit, stage, metric, baseline, checklist, archive)."""

    STALE: ClassVar[str] = "That button is out of date: use the project's latest card."
    ref: str

    @classmethod
    def _legacy(cls, raw: str) -> Self | None:
        """Before: the bare ref."""
        return cls(ref=raw) if REF_PATTERN.match(raw) else None


class FarReading(Payload):
    """``/mlproject metric``'s question about a reading far from its series: record it, or not."""

    STALE: ClassVar[str] = "That question is out of date: record the value again with `/mlproject metric`."
    ref: str
    value: float  # on the metric's scale already ("71.5%" on a share metric is 0.715 here)
    note: str = ""


class CardForm(Payload):
    """The card's forms (stage, metric, baseline, checklist) and the check-in schedule form."""

    ref: str

    @classmethod
    def _legacy(cls, raw: str) -> Self | None:
        """Before: the bare ref."""
        return cls(ref=raw) if REF_PATTERN.match(raw) else None


class CheckinAnswer(Payload):
    """A check-in's Yes/No/Unsure buttons and its loop-back offer."""

    STALE: ClassVar[str] = "That button does not belong to a check-in."
    occurrence: int
    question: Question

    @classmethod
    def _legacy(cls, raw: str) -> Self | None:
        """Before: ``"<occurrence id>:<question>"``."""
        occurrence, _, question = raw.partition(":")
        if not _LEGACY_ID.match(occurrence) or question not in set(Question):
            return None
        return cls(occurrence=int(occurrence), question=Question(question))


class CheckinDetails(Payload):
    """A check-in's "Add numbers and notes…" button."""

    STALE: ClassVar[str] = "That button does not belong to a check-in."
    occurrence: int

    @classmethod
    def _legacy(cls, raw: str) -> Self | None:
        """Before: the bare occurrence id."""
        return cls(occurrence=int(raw)) if _LEGACY_ID.match(raw) else None


class LoopBackForm(Payload):
    """The loop-back modal: the check-in, the question answered No, and the offer to update after."""

    occurrence: int
    question: Question
    channel: str = ""
    ts: str = ""


class DataPlanButton(Payload):
    """"Add a data plan" (and "Edit the data plan"): the project, and the check-in thread to say it in."""

    STALE: ClassVar[str] = "That button is out of date: use the project's latest check-in."
    ref: str
    channel: str = ""
    thread: str = ""  # the check-in's ts: its thread hears the saved plan


class DataPlanForm(DataPlanButton):
    """The data plan's modal: the same as the button that opened it."""

    STALE: ClassVar[str] = "This form is out of date: click the data plan's button again."


class BlockerButton(Payload):
    """A carried blocker's "Resolved" button: the open check-in, and whose blocker from which one."""

    STALE: ClassVar[str] = "That button does not belong to a check-in."
    occurrence: int
    reported_at: int
    reporter: str


class DetailsForm(Payload):
    """The check-in details modal."""

    occurrence: int

    @classmethod
    def _legacy(cls, raw: str) -> Self | None:
        """Before: the bare occurrence id."""
        return cls(occurrence=int(raw)) if _LEGACY_ID.match(raw) else None


class ScoringPreview(Payload):
    """The scoring settings' preview step: the settings proposed, and those the preview compared
    them with (saving refuses if those moved meanwhile)."""

    STALE: ClassVar[str] = "This preview is out of date: open `/mlproject settings scoring` again."
    proposed: ScoringWeights
    before: ScoringWeights


class ReadingButton(Payload):
    """Undo on a reading's confirmation, Delete next to a reading in ``show``: the project and the
    reading (``domain.metric_series.ReadingKey``: when, what value, who recorded it)."""

    STALE: ClassVar[str] = "That button is out of date: `/mlproject show <ref>` lists the readings."
    ref: str
    at: datetime
    value: float
    actor: str
    occurrence: int | None = None  # recorded by a check-in's details: Undo clears it from the answer too
    series: int | None = None  # the metric definition it measured (domain.metric_series); None on older buttons
