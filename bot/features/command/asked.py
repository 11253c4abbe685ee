"""A ``/mlproject`` command as the features' command handlers take it: what was typed, where, by
whom, and what to answer with. Each handler returns the ephemeral reply its ack carries (``{}``
for none) and hands Slack calls to the background."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.slack.admins import AdminUnknown
from bot.slack.origin import Origin
from domain import project_use_cases
from domain.permissions import IsAdmin


@dataclass(frozen=True)
class Asked:
    command: dict[str, Any]  # the payload, for what only it says (the person's own workspace)
    client: WebClient
    respond: Respond
    deps: Deps
    origin: Origin

    @property
    def team(self) -> str:
        return self.origin.team

    @property
    def user(self) -> str:
        return self.origin.user

    @property
    def channel(self) -> str:
        return self.origin.channel or ""

    def admin(self) -> IsAdmin:
        """Whether the caller is a workspace admin, asked lazily, bounded: a command is before its ack."""
        return self.deps.is_admin(self.client, self.team, self.user, bounded=True)

    def refuse_early(self, ref: str, *, verb: str) -> None:
        """Refuse in the reply, before any modal, what the database (and a cached admin answer)
        already refuses. Slack is not asked here: that would delay the ack and the views.open after
        it; when only Slack can tell, the opener checks after opening (``bot.slack.modals``)."""
        cached = self.deps.cached_admin(self.team, self.user)
        with contextlib.suppress(AdminUnknown):
            project_use_cases.check_can_change(self.deps.uow(), self.team, ref, actor=self.user, is_admin=cached, verb=verb)
