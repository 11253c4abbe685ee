"""Where a conversation happens and how the app speaks in it: the person, their DM with the app
(or an assistant thread in it), and the draft it shares with the scoping modal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.scoping.meta import draft_key
from bot.slack.origin import Origin
from domain import draft_use_cases
from domain.ports import Draft

AT = "chat_at"  # the draft's field the conversation is asking (or SUMMARY)
LAST = "chat_last"  # the ts of the last message applied: a retried delivery is not applied twice
SUMMARY = "summary"


@dataclass(frozen=True)
class Chat:
    client: WebClient
    deps: Deps
    team: str
    user: str
    channel: str  # the app's DM with the person
    thread_ts: str | None = None  # an assistant thread (or a thread in the DM)

    @property
    def key(self) -> str:
        """The same draft as ``/mlproject new``'s: start in one, finish in the other."""
        return draft_key(self.user, "new")

    @property
    def origin(self) -> Origin:
        return Origin(team=self.team, user=self.user, channel=self.channel, trigger_id="", response_url=None)

    def say(self, message: dict[str, Any]) -> None:
        self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, **message)

    def draft(self) -> Draft | None:
        return draft_use_cases.load_draft(self.deps.uow(), self.team, self.key)

    def save(self, patch: dict[str, Any], *, step: int) -> Draft | None:
        """``patch`` merged into the draft as stored now (the modal may have written it since); None if gone."""
        return draft_use_cases.update_draft(self.deps.uow(), self.team, self.key, patch=patch, step=step, now=self.deps.now())

    def start(self, data: dict[str, Any]) -> None:
        draft_use_cases.save_draft(self.deps.uow(), self.team, self.key, step=1, data=data, now=self.deps.now())


def chat_of_event(client: WebClient, deps: Deps, team: str, event: dict[str, Any]) -> Chat:
    return Chat(client, deps, team, str(event.get("user") or ""), str(event.get("channel") or ""), event.get("thread_ts"))


def chat_of_click(client: WebClient, deps: Deps, origin: Origin, body: dict[str, Any]) -> Chat:
    message = body.get("message") or {}
    channel = origin.channel or ""
    return Chat(client, deps, origin.team, origin.user, channel, message.get("thread_ts"))
