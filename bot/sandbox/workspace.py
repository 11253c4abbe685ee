"""The sandbox's Slack: the stand-in plus what a person sees (modals per user, ephemerals,
files in threads, response_url effects), kept in a JSON file so a restart loses nothing.

The bot reaches it only through the Web API (``SLACK_API_URL``), exactly as it reaches Slack.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bot.sandbox.guard import Guard, guarded
from bot.standin.canvas_doc import Canvas, Section
from bot.standin.fake_slack import FakeSlack
from bot.standin.records import Channel, Message, UploadedFile, User
from bot.standin.server import handler_for
from bot.standin.web_api.assistant import AssistantThread

TEAM_ID = "T0SANDBOX"
BOT_USER = "UBOT"
READ_ONLY = frozenset({"auth.test", "users.info", "conversations.info", "conversations.history"})
KEEP_CALLS = 500  # the page shows the last few; a long session should not grow without bound
CHANNELS = (("C1", "general"), ("C2", "ml-team"), ("C3", "leads"))
USERS = (
    ("U1", "ada", "Europe/Paris", True),
    ("U2", "grace", "America/New_York", False),
    ("U3", "alan", "Europe/London", False),
)


class SandboxSlack(FakeSlack):
    """A small workspace (three channels, three people) that remembers everything in ``path``."""

    def __init__(self, path: Path, *, clock: Callable[[], float]):
        self.path = path
        self.modals: dict[str, list[str]] = {}  # user -> stack of open view ids
        self.replies: dict[str, dict[str, Any]] = {}  # response_url path -> where it answers
        self.router: Callable[[str, str, dict[str, str], bytes], tuple[int, bytes, str] | None] | None = None
        self.guard: Guard | None = None  # who may send what (bot/sandbox/guard.py); none set: nobody
        super().__init__(team_id=TEAM_ID, clock=clock)
        self.state.users.clear()
        self.state.channels.clear()
        self.seed()
        self.load()

    # --- the workspace --------------------------------------------------------------------
    def seed(self) -> None:
        for channel_id, name in CHANNELS:
            self.add_channel(channel_id, name)
        for user_id, name, tz, admin in USERS:
            self.add_user(user_id, name, tz=tz, admin=admin)

    def reset(self) -> None:
        with self.lock:
            version = self.state.version
            self.state = type(self.state)(team_id=TEAM_ID)
            self.state.version = version + 1
            self.modals.clear()
            self.replies.clear()
            self.assistant_threads.clear()
            self.seed()
            self.save()

    def touch(self) -> None:
        with self.lock:
            self.state.version += 1

    # --- what a person starts: triggers and response_urls ---------------------------------
    def issue_trigger(self, user: str) -> str:
        return self.trigger_id(user)

    def issue_response_url(
        self, *, user: str, channel: str, message_ts: str | None = None, ephemeral: bool = False
    ) -> str:
        with self.lock:
            url = self.response_url()
            path = url.removeprefix(self.base_url)
            self.replies[path] = {"user": user, "channel": channel, "ts": message_ts, "ephemeral": ephemeral}
            return url

    def post_as_user(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> Message:
        with self.lock:
            message = Message(channel, self._next_ts(), text, [], thread_ts, user=user)
            self.state.messages.append(message)
            self.state.version += 1
            self.save()
            return message

    def post_ephemeral(self, user: str, channel: str, body: dict[str, Any], *, author: str = BOT_USER) -> None:
        """What the bot answered in an ack or through response_url, shown to ``user`` only."""
        with self.lock:
            message = Message(channel, self._next_ts(), body.get("text") or "", body.get("blocks") or [], user=author)
            message.visible_to = user
            self.state.messages.append(message)
            self.state.version += 1
            self.save()

    def find(self, channel: str, ts: str, *, user: str | None = None) -> Message | None:
        """A message as ``user`` sees it (ephemerals included for them)."""
        with self.lock:
            return next(
                (
                    m
                    for m in self.state.messages
                    if m.channel == channel and m.ts == ts and m.visible_to in (None, user)
                ),
                None,
            )

    # --- Web API methods that differ from the plain stand-in ------------------------------
    def handle(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        result = super().handle(method, args, token)
        with self.lock:
            del self.state.calls[:-KEEP_CALLS]
            if method not in READ_ONLY:  # the file is rewritten whole: only when something changed
                self.save()
        return result

    def api_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user, error = self._exchange_trigger(args.get("trigger_id"))
        if error or user is None:
            return {"ok": False, "error": error or "invalid_trigger_id"}
        result = self._store_view(args["view"])
        if result["ok"]:
            self.modals[user] = [result["view"]["id"]]
        return result

    def api_views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        user, error = self._exchange_trigger(args.get("trigger_id"))
        if error or user is None:
            return {"ok": False, "error": error or "invalid_trigger_id"}
        if not self.modals.get(user):
            return {"ok": False, "error": "invalid_trigger_id"}
        if len(self.modals[user]) >= 3:
            return {"ok": False, "error": "push_limit_reached"}
        result = self._store_view(args["view"])
        if result["ok"]:
            self.modals[user].append(result["view"]["id"])
        return result

    def respond(self, path: str, body: dict[str, Any]) -> None:
        """A response_url post: delete or replace the message it came from, or a new message."""
        super().respond(path, body)
        with self.lock:
            where = self.replies.get(path)
            if where is None:
                return
            source = self.find(where["channel"], where["ts"], user=where["user"]) if where["ts"] else None
            if body.get("delete_original") and source is not None:
                self.state.messages.remove(source)
            elif _truthy(body.get("replace_original")) and source is not None:
                source.text, source.blocks = body.get("text") or "", body.get("blocks") or []
            elif body.get("text") or body.get("blocks"):
                message = Message(where["channel"], self._next_ts(), body.get("text") or "", body.get("blocks") or [])
                if body.get("response_type") != "in_channel":
                    message.visible_to = where["user"]
                self.state.messages.append(message)
            self.save()

    # --- the server and the page -----------------------------------------------------------
    def start(self, port: int = 0, host: str = "127.0.0.1") -> SandboxSlack:
        """The stand-in's server, with every request checked by ``guard`` before it is handled."""
        handler = guarded(handler_for(self), lambda: self.guard)
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="sandbox-slack", daemon=True).start()
        return self

    def page(self, method: str, path: str, query: dict[str, str], raw: bytes) -> tuple[int, bytes, str] | None:
        return self.router(method, path, query, raw) if self.router else None

    # --- persistence ----------------------------------------------------------------------
    def save(self) -> None:
        """Write the workspace atomically (call with the lock held)."""
        data = {
            "version": self.state.version,
            "next_ts": next(self._ts),
            "next_id": next(self._ids),
            "channels": [asdict(c) for c in self.state.channels.values()],
            "users": [asdict(u) for u in self.state.users.values()],
            "messages": [asdict(m) for m in self.state.messages],
            "views": self.state.views,
            "home": self.state.home,
            "files": [
                asdict(f) | {"data": base64.b64encode(f.data).decode()} for f in self.state.files.values() if f.data
            ],
            "violations": self.state.violations[-200:],
            "canvases": [asdict(c) for c in self.state.canvases.values()],
            "assistant_threads": [
                {"channel": c, "ts": ts} | asdict(t) for (c, ts), t in self.assistant_threads.items()
            ],
        }
        # next() consumed a value from each counter: start them again just past it
        self._ts = itertools.count(data["next_ts"] + 1)
        self._ids = itertools.count(data["next_id"] + 1)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)

    def load(self) -> None:
        if not self.path.exists():
            return
        data = json.loads(self.path.read_text(encoding="utf-8"))
        with self.lock:
            self.state.version = data["version"]
            self._ts = itertools.count(data["next_ts"] + 1)
            self._ids = itertools.count(data["next_id"] + 1)
            self.state.channels = {c["id"]: Channel(**c) for c in data["channels"]}
            self.state.users = {u["id"]: User(**u) for u in data["users"]}
            self.state.messages = [Message(**m) for m in data["messages"]]
            self.state.views = data["views"]
            self.state.home = data["home"]
            self.state.files = {
                f["id"]: UploadedFile(**(f | {"data": base64.b64decode(f["data"])})) for f in data["files"]
            }
            self.state.violations = data["violations"]
            self.state.canvases = {  # a file saved before canvases has none
                c["id"]: Canvas(**(c | {"sections": [Section(**s) for s in c["sections"]]})) for c in data.get("canvases", [])
            }
            self.assistant_threads.clear()
            for t in data.get("assistant_threads", []):  # a file from before the assistant container has none
                self.assistant_threads[(t.pop("channel"), t.pop("ts"))] = AssistantThread(**t)


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"
