"""Slack's assistant container and the app's DM: a thread a person opens (the
``assistant_thread_started`` event to send), assistant.threads.setSuggestedPrompts and
assistant.threads.setStatus with their documented errors, and a person's line in the DM as the
``message.im`` event Slack sends (``bot.standin.payloads.event`` wraps them as Slack does)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.standin.records import Message, State

# Up to four prompts, each a title and a message (the app's own; the person's click sends the message).
# https://docs.slack.dev/reference/methods/assistant.threads.setSuggestedPrompts
MAX_PROMPTS = 4
# "Maximum of 10 messages" rotate as the loading indicator; the status clears when the app replies.
# https://docs.slack.dev/reference/methods/assistant.threads.setStatus
MAX_LOADING_MESSAGES = 10


@dataclass
class AssistantThread:
    user: str
    prompts: list[dict[str, str]] = field(default_factory=list)
    title: str = ""
    status: str = ""


class AssistantMethods:
    """Mixed into ``FakeSlack``: assistant threads in a person's DM with the app."""

    state: State
    lock: threading.RLock
    _ts: itertools.count[int]
    _next_ts: Callable[[], str]

    @property
    def assistant_threads(self) -> dict[tuple[str, str], AssistantThread]:
        if not hasattr(self, "_assistant_threads"):
            self._assistant_threads: dict[tuple[str, str], AssistantThread] = {}
        return self._assistant_threads

    def open_assistant_thread(self, user: str, *, viewing: str | None = None) -> dict[str, Any]:
        """What Slack does when ``user`` opens the container: a thread root in their DM with the
        app (subtype ``assistant_app_thread``), and the event it sends, with the channel they view.
        https://docs.slack.dev/reference/events/assistant_thread_started"""
        with self.lock:
            channel, ts = "D" + user, self._next_ts()
            root = Message(channel, ts, "New chat", [], None, user=user)
            self.state.messages.append(root)
            self.assistant_threads[(channel, ts)] = AssistantThread(user)
            self.state.version += 1
        context = {"channel_id": viewing, "team_id": self.state.team_id, "enterprise_id": None} if viewing else {}
        thread = {"user_id": user, "context": context, "channel_id": channel, "thread_ts": ts}
        return {"type": "assistant_thread_started", "assistant_thread": thread, "event_ts": ts}

    def typed_in_dm(self, user: str, text: str, *, thread_ts: str | None = None) -> dict[str, Any]:
        """``user``'s line in their DM with the app (or in a thread of it), kept, and the
        ``message.im`` event Slack sends. https://docs.slack.dev/reference/events/message.im"""
        with self.lock:
            channel, ts = "D" + user, self._next_ts()
            self.state.messages.append(Message(channel, ts, text, [], thread_ts, user=user))
            self.state.version += 1
        event = {"type": "message", "channel": channel, "channel_type": "im", "user": user, "text": text,
                 "ts": ts, "event_ts": ts, "client_msg_id": f"msg-{ts}", "team": self.state.team_id}  # fmt: skip
        return event | ({"thread_ts": thread_ts} if thread_ts else {})

    def _thread(self, args: dict[str, Any]) -> tuple[AssistantThread | None, dict[str, Any] | None]:
        """The thread ``channel_id`` and ``thread_ts`` name, or Slack's error
        (``channel_not_found``, ``invalid_thread_ts``)."""
        channel, ts = str(args.get("channel_id") or ""), str(args.get("thread_ts") or "")
        if not channel.startswith("D") or channel[1:] not in self.state.users:
            return None, {"ok": False, "error": "channel_not_found"}
        found = self.assistant_threads.get((channel, ts))
        if found is None:
            return None, {"ok": False, "error": "invalid_thread_ts"}
        return found, None

    def api_assistant_threads_setSuggestedPrompts(self, args: dict[str, Any]) -> dict[str, Any]:
        thread, error = self._thread(args)
        if thread is None:
            return error or {}
        prompts = args.get("prompts")
        if not isinstance(prompts, list) or not 1 <= len(prompts) <= MAX_PROMPTS or not all(
            isinstance(p, dict) and p.get("title") and p.get("message") for p in prompts
        ):  # a bad list is an argument error; Slack names none more precise for it
            self.state.violations.append(f"assistant.threads.setSuggestedPrompts: 1 to {MAX_PROMPTS} prompts, each a title and a message")
            return {"ok": False, "error": "invalid_arguments"}
        thread.prompts, thread.title = [dict(p) for p in prompts], str(args.get("title") or "")
        return {"ok": True}

    def api_assistant_threads_setStatus(self, args: dict[str, Any]) -> dict[str, Any]:
        thread, error = self._thread(args)
        if thread is None:
            return error or {}
        if "status" not in args or len(args.get("loading_messages") or []) > MAX_LOADING_MESSAGES:
            return {"ok": False, "error": "invalid_arguments"}
        thread.status = str(args["status"])
        return {"ok": True}

    def assistant_replied(self, channel: str, thread_ts: str | None) -> None:
        """The app's reply in a thread clears its status, as in Slack."""
        found = self.assistant_threads.get((channel, thread_ts or ""))
        if found is not None:
            found.status = ""
