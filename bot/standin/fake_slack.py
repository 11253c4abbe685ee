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

The stand-in is made of parts, one job each: ``records`` (what it knows), ``scripting`` (failures
and rate limits), ``web_api/`` (the methods, by family), ``response_urls``, and ``server`` (HTTP).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import Any

from bot.standin import contract, payloads
from bot.standin.records import Call, Channel, Message, State, User
from bot.standin.response_urls import ResponseUrls
from bot.standin.scripting import FailureScripting
from bot.standin.server import handler_for
from bot.standin.web_api.assistant import AssistantMethods
from bot.standin.web_api.auth import AuthMethods
from bot.standin.web_api.canvases import CanvasMethods
from bot.standin.web_api.chat import ChatMethods
from bot.standin.web_api.conversations import ConversationMethods
from bot.standin.web_api.files import FileMethods
from bot.standin.web_api.users import UserMethods
from bot.standin.web_api.views import ViewMethods


class FakeSlack(
    ChatMethods,
    ConversationMethods,
    ViewMethods,
    FileMethods,
    UserMethods,
    AuthMethods,
    CanvasMethods,
    AssistantMethods,
    ResponseUrls,
    FailureScripting,
):
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

    def uninstall(self) -> list[dict[str, Any]]:
        """A workspace admin removes the app: every bot token used or issued so far is revoked (each
        call with one answers ``token_revoked``, as Slack does for a removed app's token:
        https://docs.slack.dev/reference/methods/chat.postMessage, Errors), and the events Slack
        then sends, in the order it often does (not guaranteed), are returned for the caller to
        deliver signed: ``tokens_revoked`` for the bot user, then ``app_uninstalled``."""
        with self.lock:
            self.state.revoked.update(c.token for c in self.state.calls if c.token and c.token.startswith("xoxb-"))
            self.state.revoked.update(self.state.issued_tokens)
        team = self.state.team_id
        return [
            payloads.tokens_revoked(team=team, bot=[self.state.bot_user_id]),
            payloads.app_uninstalled(team=team),
        ]

    def canvas_plan(self, plan: str) -> None:
        """paid (canvases work), free (only canvases tabbed in a channel) or disabled (an admin turned them off)."""
        with self.lock:
            self.state.canvas_plan = plan

    def canvas(self, canvas_id: str) -> Any:
        """The stand-in's copy of a canvas (``bot.standin.canvas_doc.Canvas``), or None."""
        with self.lock:
            return self.state.canvases.get(canvas_id)

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
        handler = handler_for(self)
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

    def page(self, method: str, path: str, query: dict[str, str], raw: bytes) -> tuple[int, bytes, str] | None:
        """Serve a path outside the Web API (status, body, content type), or None for 404.

        The stand-in serves none; the browser sandbox serves its page and its actions here."""
        return None

    # --- answering a Web API call -----------------------------------------------------------
    def handle(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            self.state.version += 1
            self.state.calls.append(Call(method, args, token, self.clock()))
            scripted = self._scripted_answer(method, args, token)
            if scripted is not None:
                return scripted
            if not token:
                return 200, {"ok": False, "error": "not_authed"}, {}
            if token in self.state.revoked:
                return 200, {"ok": False, "error": "token_revoked"}, {}
            if (method == "apps.connections.open") != token.startswith("xapp-"):
                return 200, {"ok": False, "error": "not_allowed_token_type"}, {}
            missing = self._missing_scope(method, args)
            if missing:
                return 200, missing, {}
            throttled = self._throttled(method, args)
            if throttled is not None:
                return throttled
            api = getattr(self, "api_" + method.replace(".", "_"), None)
            if api is None:
                return 200, {"ok": False, "error": "unknown_method"}, {}
            return 200, api(args), {}

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
