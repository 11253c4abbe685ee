"""A local stand-in for Slack's Web API, over real HTTP.

The bot's real ``slack_sdk.WebClient`` talks to it through ``SLACK_API_URL``. It records every
call and body, enforces Block Kit limits, serves ``response_url``\\ s, knows which channels the bot
is in, and can be scripted to fail (a Slack error, 429 with Retry-After, or a 5xx). Tests use it;
the browser sandbox builds on it.

It is never kinder than Slack (``bot.standin.contract`` cites the documentation for each rule):
scopes are checked against what ``manifest.yml`` grants, channel membership is applied as Slack
applies it to bot tokens, triggers expire after 3 s and work once, ``response_url`` works 5 times
in 30 minutes, chat.update's text stops at 4,000 characters, and conversations.history/replies
answer with the limits of an app outside the Marketplace unless told otherwise.
tests/bot/test_standin_contract.py walks every rule, so that a loosening fails.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from bot.standin import contract
from bot.standin.limits import message_violations, view_violations

JSON_KEYS = ("blocks", "view", "attachments", "metadata", "files")


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float


@dataclass
class Channel:
    id: str
    name: str
    is_member: bool = True
    is_private: bool = False
    is_ext_shared: bool = False  # shared with another organisation (Slack Connect)


@dataclass
class User:
    id: str
    name: str
    tz: str = "UTC"
    is_admin: bool = False
    team_id: str = "T1"
    is_restricted: bool = False  # a multi-channel guest
    is_ultra_restricted: bool = False  # a single-channel guest


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    user: str = "UBOT"
    metadata: dict[str, Any] | None = None
    visible_to: str | None = None  # an ephemeral message: only this user sees it
    files: list[str] = field(default_factory=list)


@dataclass
class UploadedFile:
    id: str
    filename: str
    length: int
    data: bytes = b""
    title: str = ""
    channel: str | None = None
    thread_ts: str | None = None


@dataclass
class Scripted:
    """One scripted answer: a Slack error, or an HTTP status (429 with Retry-After, 5xx).

    ``status=0``: the connection drops with no answer. ``lost``: the call takes effect and only
    its answer is the failure, as when Slack answers a 5xx after posting ("fatal_error … it's possible some aspect of the operation succeeded",
    https://docs.slack.dev/reference/methods/chat.postMessage) or the connection drops."""

    error: str | None = None
    status: int = 200
    retry_after: int | None = None
    lost: bool = False
    passes: bool = False  # answered as usual (lets a failure be scripted for a later call)


@dataclass
class State:
    team_id: str = "T1"
    bot_user_id: str = "UBOT"
    channels: dict[str, Channel] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    home: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    script: dict[str, list[Scripted]] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    rate: tuple[float, int] | None = None  # (messages per second per channel, burst)
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # channel -> (tokens, at)
    version: int = 0  # grows with every call and change, so a page can poll cheaply
    scopes: frozenset[str] = contract.GRANTED_SCOPES
    history_limits: tuple[int, int] = contract.NON_MARKETPLACE_HISTORY  # (calls a minute, messages a call)
    history_calls: dict[str, list[float]] = field(default_factory=dict)  # method -> times of recent calls
    triggers: dict[str, tuple[float, str | None]] = field(default_factory=dict)  # id -> (issued at, user)
    response_urls: dict[str, list[float]] = field(default_factory=dict)  # path -> [issued at, uses...]


class FakeSlack:
    """Start with ``start()``; point ``SLACK_API_URL`` at ``api_url``; read ``calls``."""

    def __init__(self, *, team_id: str = "T1", clock: Callable[[], float] = time.time):
        self.state = State(team_id=team_id)
        self.lock = threading.RLock()
        self.clock = clock
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self.delays: dict[str, float] = {}
        self.holds: dict[str, threading.Event] = {}
        self.socket_mode_url: str | None = None  # what apps.connections.open answers (tests.socket_mode)
        self.add_channel("C1", "general")
        self.add_user("U1", "ada", tz="Europe/Paris")

    # --- set-up -----------------------------------------------------------------------------
    def add_channel(
        self, channel_id: str, name: str, *, member: bool = True, private: bool = False, ext_shared: bool = False
    ) -> None:
        self.state.channels[channel_id] = Channel(channel_id, name, member, private, ext_shared)

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        tz: str = "UTC",
        admin: bool = False,
        restricted: bool = False,
        ultra_restricted: bool = False,
        team_id: str | None = None,
    ) -> None:
        """``restricted``/``ultra_restricted``: a multi-/single-channel guest; ``team_id``: another
        organisation's workspace, for someone met in a Slack Connect channel."""
        self.state.users[user_id] = User(
            user_id, name, tz, admin, team_id or self.state.team_id, restricted, ultra_restricted
        )

    def grant(self, scopes: frozenset[str] | set[str]) -> None:
        """The bot token's scopes (default: what manifest.yml grants)."""
        with self.lock:
            self.state.scopes = frozenset(scopes)

    def marketplace(self, approved: bool = True) -> None:
        """conversations.history/replies limits of a Marketplace app (default: the stricter non-Marketplace ones)."""
        with self.lock:
            self.state.history_limits = contract.MARKETPLACE_HISTORY if approved else contract.NON_MARKETPLACE_HISTORY
            self.state.history_calls.clear()

    def fail_next(
        self,
        method: str,
        *,
        error: str | None = None,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
        lost: bool = False,
        after: int = 0,
    ) -> None:
        """Fail the next ``times`` calls of ``method``, after ``after`` calls answered as usual."""
        with self.lock:
            queue = self.state.script.setdefault(method, [])
            queue.extend(Scripted(passes=True) for _ in range(after))
            queue.extend(Scripted(error, status, retry_after, lost) for _ in range(times))

    def delay(self, method: str, seconds: float) -> None:
        """Answer ``method`` only after ``seconds`` (a slow Slack), recording the call when answered."""
        with self.lock:
            self.delays[method] = seconds

    def hold(self, method: str) -> threading.Event:
        """Answer ``method`` only once the returned event is set: a test orders what happens
        meanwhile (a slow Slack, without sleeping)."""
        with self.lock:
            self.holds[method] = threading.Event()
            return self.holds[method]

    def rate_limit(self, per_second: float = 1.0, burst: int = 3) -> None:
        """Answer chat.postMessage with 429 + Retry-After beyond ``per_second`` per channel (token bucket)."""
        with self.lock:
            self.state.rate = (per_second, burst)
            self.state.buckets.clear()

    def _take_token(self, channel: str) -> float:
        """0 if a message may go now, else the seconds until one may."""
        if self.state.rate is None:
            return 0.0
        per_second, burst = self.state.rate
        now = self.clock()
        tokens, at = self.state.buckets.get(channel, (float(burst), now))
        tokens = min(float(burst), tokens + (now - at) * per_second)
        if tokens >= 1:
            self.state.buckets[channel] = (tokens - 1, now)
            return 0.0
        self.state.buckets[channel] = (tokens, now)
        return (1 - tokens) / per_second

    # --- reading what happened --------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        with self.lock:
            return list(self.state.calls)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    @property
    def violations(self) -> list[str]:
        with self.lock:
            return list(self.state.violations)

    def messages_in(self, channel: str) -> list[Message]:
        with self.lock:
            return [m for m in self.state.messages if m.channel == channel and m.visible_to is None]

    def message(self, channel: str, ts: str) -> Message | None:
        with self.lock:
            return next(
                (m for m in self.state.messages if m.channel == channel and m.ts == ts and m.visible_to is None), None
            )

    @property
    def responses(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.state.responses)

    def view(self, view_id: str) -> dict[str, Any]:
        with self.lock:
            return self.state.views[view_id]

    def last_view(self) -> dict[str, Any]:
        with self.lock:
            return list(self.state.views.values())[-1]

    # --- the server -------------------------------------------------------------------------
    def start(self, port: int = 0, host: str = "127.0.0.1") -> FakeSlack:
        handler = _handler_for(self)
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        # A short poll: stop() returns within 50 ms instead of serve_forever's default half second.
        serve = lambda: self._server.serve_forever(poll_interval=0.05)  # type: ignore[union-attr]  # noqa: E731
        threading.Thread(target=serve, name="fake-slack", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self) -> str:
        with self.lock:
            path = f"/respond/{next(self._ids)}"
            self.state.response_urls[path] = [self.clock()]
            return self.base_url + path

    def trigger_id(self, user: str | None = None) -> str:
        """A trigger as Slack issues one with an interaction: valid for 3 s, exchangeable once."""
        with self.lock:
            trigger = f"trigger-{next(self._ids)}"
            self.state.triggers[trigger] = (self.clock(), user)
            return trigger

    def _exchange_trigger(self, trigger: Any) -> tuple[str | None, str | None]:
        """(the user it was issued to, None) or (None, Slack's error) for views.open/views.push.

        https://docs.slack.dev/reference/methods/views.open: invalid_trigger_id,
        expired_trigger_id (older than 3 s), exchanged_trigger_id (already used)."""
        issued = self.state.triggers.get(str(trigger or ""))
        if issued is None:
            return None, "invalid_trigger_id"
        at, user = issued
        if at is None:
            return None, "exchanged_trigger_id"
        if self.clock() - at > contract.TRIGGER_SECONDS:
            return None, "expired_trigger_id"
        self.state.triggers[str(trigger)] = (None, user)  # type: ignore[assignment]
        return user, None

    # --- Web API methods --------------------------------------------------------------------
    def _next_ts(self) -> str:
        return f"{int(self.clock())}.{next(self._ts):06d}"

    def _channel_for_post(self, channel: str, *, public_ok: bool = False) -> tuple[str | None, str | None]:
        """Where a bot token may post. https://docs.slack.dev/reference/methods/chat.postMessage:
        a channel the bot is not in is ``not_in_channel``, unless it is public and the app has
        chat:write.public (``public_ok``); a private one it is not in does not exist for it."""
        if channel.startswith(("U", "W")) and channel in self.state.users:
            return "D" + channel, None
        if channel.startswith("D"):
            return channel, None
        found = self.state.channels.get(channel)
        if found is None or (found.is_private and not found.is_member):
            return None, "channel_not_found"
        if not found.is_member and not (public_ok and "chat:write.public" in self.state.scopes):
            return None, "not_in_channel"
        return channel, None

    def _missing_scope(self, method: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """Slack's answer when the token lacks the scope ``method`` needs (missing_scope, needed, provided).
        https://docs.slack.dev/reference/methods/conversations.info (Errors: missing_scope)"""
        needs = contract.SCOPES.get(method)
        if needs is None:
            return None
        if "any" in needs:
            needed = needs["any"]
        else:
            found = self.state.channels.get(str(args.get("channel") or ""))
            needed = needs["private" if found is not None and found.is_private else "public"]
        if needed in self.state.scopes:
            return None
        return {
            "ok": False,
            "error": "missing_scope",
            "needed": needed,
            "provided": ",".join(sorted(self.state.scopes)),
        }

    def _history_throttle(self, method: str) -> float:
        """Seconds until ``method`` may be called again under its per-minute limit (0: now)."""
        per_minute, _ = self.state.history_limits
        now = self.clock()
        recent = [t for t in self.state.history_calls.get(method, []) if now - t < 60]
        if len(recent) >= per_minute:
            self.state.history_calls[method] = recent
            return 60 - (now - recent[0])
        self.state.history_calls[method] = recent + [now]
        return 0.0

    def handle(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            self.state.version += 1
            self.state.calls.append(Call(method, args, token, self.clock()))
            queued = self.state.script.get(method)
            if queued and queued[0].passes:
                queued.pop(0)
            elif queued:
                scripted = queued.pop(0)
                api = getattr(self, "api_" + method.replace(".", "_"), None)
                if scripted.lost and api is not None and token:
                    api(args)  # it happened; only the answer is lost
                headers = {"Retry-After": str(scripted.retry_after)} if scripted.retry_after is not None else {}
                if scripted.status == 0:  # the connection drops: no answer at all
                    return 0, {}, {}
                if scripted.status != 200:
                    return (
                        scripted.status,
                        {"ok": False, "error": "ratelimited" if scripted.status == 429 else "fatal_error"},
                        headers,
                    )
                return 200, {"ok": False, "error": scripted.error}, headers
            if not token:
                return 200, {"ok": False, "error": "not_authed"}, {}
            if (method == "apps.connections.open") != token.startswith("xapp-"):
                return 200, {"ok": False, "error": "not_allowed_token_type"}, {}
            missing = self._missing_scope(method, args)
            if missing:
                return 200, missing, {}
            if method == "chat.postMessage":
                wait = self._take_token(str(args.get("channel", "")))
                if wait > 0:
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(max(1, math.ceil(wait)))}
            if method in ("conversations.history", "conversations.replies"):
                wait = self._history_throttle(method)
                if wait > 0:
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(max(1, math.ceil(wait)))}
            api = getattr(self, "api_" + method.replace(".", "_"), None)
            if api is None:
                return 200, {"ok": False, "error": "unknown_method"}, {}
            return 200, api(args), {}

    def api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "team_id": self.state.team_id,
            "user_id": self.state.bot_user_id,
            "bot_id": "B1",
            "team": "Stand-in",
            "url": self.base_url + "/",
        }

    def api_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        """Socket Mode: where to connect (``socket_mode_url``, set by whoever plays that side)."""
        if self.socket_mode_url is None:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": self.socket_mode_url}

    def _blocks_problem(self, args: dict[str, Any]) -> dict[str, Any] | None:
        problems = message_violations(args.get("text"), args.get("blocks"))
        if problems:
            self.state.violations.extend(problems)
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        if not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        return None

    def _slack_files(self, blocks: Any) -> tuple[list[UploadedFile], str | None]:
        """The uploaded files image blocks show by id; an unknown or unfinished upload is refused.
        https://docs.slack.dev/reference/block-kit/composition-objects/slack-file-object"""
        found: list[UploadedFile] = []
        for block in blocks if isinstance(blocks, list) else []:
            file_id = (block.get("slack_file") or {}).get("id") if block.get("type") == "image" else None
            if file_id is None:
                continue
            uploaded = self.state.files.get(str(file_id))
            if uploaded is None or not uploaded.data:
                return [], "invalid_blocks"
            found.append(uploaded)
        return found, None

    def api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, error = self._channel_for_post(str(args.get("channel", "")), public_ok=True)
        if error:
            return {"ok": False, "error": error}
        problem = self._blocks_problem(args)
        if problem:
            return problem
        shown, error = self._slack_files(args.get("blocks"))
        if error:
            return {"ok": False, "error": error}
        for uploaded in shown:  # a file shown in a message is shared where the message is
            uploaded.channel, uploaded.thread_ts = channel, args.get("thread_ts")
        assert channel is not None
        metadata = args.get("metadata") if isinstance(args.get("metadata"), dict) else None
        message = Message(
            channel,
            self._next_ts(),
            args.get("text") or "",
            args.get("blocks") or [],
            args.get("thread_ts"),
            metadata=metadata,
        )
        self.state.messages.append(message)
        return {
            "ok": True,
            "channel": channel,
            "ts": message.ts,
            "message": {"text": message.text, "blocks": message.blocks, "ts": message.ts},
        }

    def api_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, error = self._channel_for_post(str(args.get("channel", "")))
        if error:
            return {"ok": False, "error": error}
        problem = self._blocks_problem(args)
        if problem:
            return problem
        user = str(args.get("user") or "")
        assert channel is not None
        message = Message(
            channel, self._next_ts(), args.get("text") or "", args.get("blocks") or [], args.get("thread_ts")
        )
        message.visible_to = user
        self.state.messages.append(message)
        return {"ok": True, "message_ts": message.ts}

    def api_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        message = self.message(str(args.get("channel")), str(args.get("ts")))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        if len(str(args.get("text") or "")) > contract.UPDATE_TEXT_MAX:
            self.state.violations.append(f"chat.update text: {len(str(args['text']))} characters, limit 4000")
            return {"ok": False, "error": "msg_too_long"}
        problem = self._blocks_problem(args)
        if problem:
            return problem
        message.text, message.blocks = args.get("text") or "", args.get("blocks") or []
        return {"ok": True, "channel": message.channel, "ts": message.ts}

    def _store_view(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        problems = view_violations(view)
        if problems:
            self.state.violations.extend(problems)
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": problems}}
        view_id = view_id or f"V{next(self._ids):08d}"
        stored = dict(view) | {
            "id": view_id,
            "hash": f"h{next(self._ids)}",
            "team_id": self.state.team_id,
            "state": {"values": {}},
        }
        self.state.views[view_id] = stored
        return {"ok": True, "view": stored}

    def api_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        _, error = self._exchange_trigger(args.get("trigger_id"))
        if error:
            return {"ok": False, "error": error}
        return self._store_view(args["view"])

    def api_views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        return self.api_views_open(args)

    def api_views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id")
        if not view_id or view_id not in self.state.views:
            return {"ok": False, "error": "not_found"}
        return self._store_view(args["view"], view_id)

    def api_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        result = self._store_view(args["view"])
        if result["ok"]:
            self.state.home[str(args.get("user_id"))] = result["view"]
        return result

    def _readable(self, channel: str) -> str | None:
        """None if a bot token may read ``channel``'s history, else Slack's error: bots read only
        channels they are in. https://docs.slack.dev/reference/methods/conversations.history"""
        found = self.state.channels.get(channel)
        if found is None or (found.is_private and not found.is_member):
            return "channel_not_found"
        return None if found.is_member else "not_in_channel"

    def _page(
        self, found: list[Message], args: dict[str, Any], *, newest_first: bool, default_limit: int
    ) -> dict[str, Any]:
        """Messages within (oldest, latest) (inclusive if asked), history newest first and replies
        oldest first, ``limit`` capped by the app's tier, the rest behind ``next_cursor``. Without
        ``include_all_metadata`` a message's metadata keeps its event_type only."""
        inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")
        oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or 1e12)

        def within(ts: float) -> bool:
            return (oldest <= ts <= latest) if inclusive else (oldest < ts < latest)

        chosen = sorted((m for m in found if within(float(m.ts))), key=lambda m: float(m.ts), reverse=newest_first)
        _, cap = self.state.history_limits
        limit = min(int(args.get("limit") or default_limit), cap)
        with_meta = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        skip = int(str(args.get("cursor") or "c0").removeprefix("c") or 0)
        page = chosen[skip : skip + limit]
        more = skip + limit < len(chosen)
        return {
            "ok": True,
            "messages": [
                {"type": "message", "ts": m.ts, "text": m.text, "user": m.user}
                | ({"thread_ts": m.thread_ts} if m.thread_ts else {})
                | ({"files": [{"id": file_id} for file_id in m.files]} if m.files else {})
                | (
                    {"metadata": m.metadata if with_meta else {"event_type": m.metadata.get("event_type")}}
                    if m.metadata
                    else {}
                )
                for m in page
            ],
            "has_more": more,
            "response_metadata": {"next_cursor": f"c{skip + limit}" if more else ""},
        }

    def api_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel"))
        error = self._readable(channel)
        if error:
            return {"ok": False, "error": error}
        found = [
            m for m in self.state.messages if m.channel == channel and m.thread_ts is None and m.visible_to is None
        ]
        return self._page(found, args, newest_first=True, default_limit=100)

    def api_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        """A thread: its parent and replies. https://docs.slack.dev/reference/methods/conversations.replies"""
        channel, parent = str(args.get("channel")), str(args.get("ts") or "")
        error = self._readable(channel)
        if error:
            return {"ok": False, "error": error}
        if self.message(channel, parent) is None:
            return {"ok": False, "error": "thread_not_found"}
        found = [
            m
            for m in self.state.messages
            if m.channel == channel and m.visible_to is None and (m.ts == parent or m.thread_ts == parent)
        ]
        return self._page(found, args, newest_first=False, default_limit=1000)

    def api_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        self.state.files[file_id] = UploadedFile(file_id, str(args["filename"]), int(args["length"]))
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def upload(self, file_id: str, data: bytes) -> bool:
        with self.lock:
            found = self.state.files.get(file_id)
            if found is None or len(data) != found.length:
                return False
            self.state.version += 1
            found.data = data
            return True

    def api_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        shared = []
        for item in args.get("files") or []:
            found = self.state.files.get(item.get("id"))
            if found is None or not found.data:
                return {"ok": False, "error": "file_not_found"}
            channel = args.get("channel_id")
            if channel:
                _, error = self._channel_for_post(str(channel))
                if error:
                    return {"ok": False, "error": error}
            found.title, found.channel, found.thread_ts = (
                item.get("title") or found.filename,
                channel,
                args.get("thread_ts"),
            )
            shared.append({"id": found.id, "title": found.title, "name": found.filename})
        channel = args.get("channel_id")
        if channel and shared:  # sharing posts a message carrying the files, in the thread if one is named
            message = Message(
                str(channel), self._next_ts(), args.get("initial_comment") or "", [], args.get("thread_ts")
            )
            message.files = [f["id"] for f in shared]
            self.state.messages.append(message)
        return {"ok": True, "files": shared}

    def files_in(self, channel: str) -> list[UploadedFile]:
        with self.lock:
            return [f for f in self.state.files.values() if f.channel == channel]

    def api_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.state.users.get(str(args.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {
            "ok": True,
            "user": {
                "id": user.id,
                "name": user.name,
                "real_name": user.name.title(),
                "tz": user.tz,
                "is_admin": user.is_admin,
                "is_restricted": user.is_restricted,
                "is_ultra_restricted": user.is_ultra_restricted,
                "team_id": user.team_id,
            },
        }

    def api_conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.state.channels.get(str(args.get("channel")))
        if channel is None or (channel.is_private and not channel.is_member):
            return {"ok": False, "error": "channel_not_found"}
        return {
            "ok": True,
            "channel": {
                "id": channel.id,
                "name": channel.name,
                "is_member": channel.is_member,
                "is_private": channel.is_private,
                "is_ext_shared": channel.is_ext_shared,
            },
        }

    def api_conversations_join(self, args: dict[str, Any]) -> dict[str, Any]:
        """https://docs.slack.dev/reference/methods/conversations.join: public channels only."""
        channel = self.state.channels.get(str(args.get("channel")))
        if channel is None or (channel.is_private and not channel.is_member):
            return {"ok": False, "error": "channel_not_found"}
        if channel.is_private:
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        channel.is_member = True
        return {"ok": True, "channel": {"id": channel.id}}

    # Token rotation, as the app setting of that name: None (the default) for tokens that never expire;
    # else oauth.v2.access answers with a rotating token that expires in this many seconds and a refresh_token.
    token_rotation_expires_in: int | None = None

    def api_oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        """https://docs.slack.dev/reference/methods/oauth.v2.access: exchanges the install's ``code`` for
        the workspace's bot token, or (``grant_type=refresh_token``) a refresh token for a new one. The
        tokens are made up, shaped as Slack's (``xoxb-…``; with rotation ``xoxe.xoxb-1-…`` and ``xoxe-1-…``).
        The client's id and secret come as HTTP Basic auth, which the stand-in does not check."""
        import secrets

        refreshing = args.get("grant_type") == "refresh_token"
        if refreshing and not str(args.get("refresh_token") or "").startswith("xoxe-1-"):
            return {"ok": False, "error": "invalid_refresh_token"}
        if not refreshing and args.get("grant_type") not in (None, "", "authorization_code"):
            return {"ok": False, "error": "invalid_grant_type"}
        if not refreshing and not args.get("code"):
            return {"ok": False, "error": "invalid_code"}
        n, rotating = next(self._ids), self.token_rotation_expires_in is not None
        token = f"xoxe.xoxb-1-{secrets.token_hex(80)}" if rotating else f"xoxb-{n}-{secrets.token_hex(16)}"
        answer: dict[str, Any] = {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": ",".join(sorted(self.state.scopes)),
            "bot_user_id": self.state.bot_user_id,
            "app_id": "A1",
            "team": {"id": self.state.team_id, "name": "Stand-in"},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if not refreshing:
            answer["authed_user"] = {"id": "U1"}  # the installer; no user token without user scopes
        if rotating:
            answer |= {"refresh_token": f"xoxe-1-{secrets.token_hex(70)}", "expires_in": self.token_rotation_expires_in}
        return answer

    def respond_allowed(self, path: str) -> str | None:
        """None if ``path`` (a response_url) may be used now, else why not: 5 uses within 30 minutes.
        https://docs.slack.dev/interactivity/handling-user-interaction/#message_responses"""
        with self.lock:
            uses = self.state.response_urls.get(path)
            if uses is None:
                return "invalid_url"
            if self.clock() - uses[0] > contract.RESPONSE_URL_SECONDS:
                return "expired_url"
            if len(uses) - 1 >= contract.RESPONSE_URL_USES:
                return "used_url"
            uses.append(self.clock())
            return None

    def respond(self, path: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.state.version += 1
            self.state.responses.append(body | {"_url": path})

    def page(self, method: str, path: str, query: dict[str, str], raw: bytes) -> tuple[int, bytes, str] | None:
        """Serve a path outside the Web API (status, body, content type), or None for 404.

        The stand-in serves none; the browser sandbox serves its page and its actions here."""
        return None


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    data = json.loads(raw or b"{}") if "json" in content_type else {k: v[0] for k, v in parse_qs(raw.decode()).items()}
    for key in JSON_KEYS:
        if isinstance(data.get(key), str) and data[key][:1] in "[{":
            data[key] = json.loads(data[key])
    return data


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
            return

        def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the client left (a page reloaded mid-poll)
                self.wfile.write(payload)

        def _send_raw(self, status: int, payload: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the client left (a page reloaded mid-poll)
                self.wfile.write(payload)

        def _dispatch(self, raw: bytes) -> None:
            url = urlparse(self.path)
            if not url.path.startswith(("/api/", "/respond/", "/upload/")):
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                served = fake.page(self.command, url.path, query, raw)
                if served is None:
                    self._send(404, {"ok": False, "error": "not_found"})
                else:
                    self._send_raw(*served)
                return
            args = {} if url.path.startswith("/upload/") else _parse_body(raw, self.headers.get("Content-Type", ""))
            args |= {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path.startswith("/upload/"):
                ok = fake.upload(url.path.removeprefix("/upload/"), raw)
                self._send(200 if ok else 400, {"ok": ok})
                return
            if url.path.startswith("/respond/"):
                refused = fake.respond_allowed(url.path)
                if refused:
                    self._send(404, {"ok": False, "error": refused})
                    return
                fake.respond(url.path, args)
                self._send(200, {"ok": True})
                return
            held = fake.holds.get(url.path.removeprefix("/api/"))
            if held is not None:
                held.wait(timeout=30)
            delay = fake.delays.get(url.path.removeprefix("/api/"))
            if delay:
                time.sleep(delay)
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ").strip() or args.pop("token", None)
            status, body, headers = fake.handle(url.path.removeprefix("/api/"), args, token)
            if status == 0:  # scripted: the connection drops without an answer
                self.close_connection = True
                return
            self._send(status, body, headers)

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", 0) or 0)
            self._dispatch(self.rfile.read(length))

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._dispatch(b"")

    return Handler
