"""Where a scoping modal is: its ``private_metadata`` (mode, step, the project edited, the channel
it was started from) and the key of the draft that remembers the answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from domain.errors import DomainError

STEPS = 5
NO_CHECKINS = "none"


class FlowMeta(BaseModel):
    """What a scoping modal carries in ``private_metadata``."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["new", "edit"] = "new"
    step: int = 1
    ref: str | None = None
    origin_channel: str = ""

    def dump(self) -> str:
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def load(cls, raw: str | None) -> FlowMeta:
        try:
            return cls.model_validate_json(raw or "{}")
        except ValidationError:
            raise DomainError("This form is out of date; start again with /mlproject new.", rule="stale_view") from None


def draft_key(user_id: str, mode: str) -> str:
    """Drafts are per user; an edit in progress does not overwrite an unfinished new project."""
    return user_id if mode == "new" else f"{user_id}:edit"
