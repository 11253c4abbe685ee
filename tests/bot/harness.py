"""The bot as Slack sees it: a real app behind waitress, a fake Slack Web API over HTTP.

``SlackUser`` sends what Slack would send (signed slash commands, clicks, modal submissions,
events) and waits for the bot's background work to finish before returning.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bot.app import build_app
from bot.background import Background
from bot.settings import Settings
from bot.slack.server import http_server
from bot.standin import payloads
from bot.standin.fake_slack import FakeSlack
from bot.standin.interactions import view_response_problems
from storage.db import Database

SECRET = "test-signing-secret"


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    raw: bytes


class RunningBot:
    def __init__(self, database: Database, fake: FakeSlack, clock: Any, **settings_: Any):
        """``settings_`` override the single-workspace defaults (e.g. OAuth: no token, client id…)."""
        self.fake = fake
        self.background = Background(max_workers=4)
        defaults: dict[str, Any] = {"slack_bot_token": "xoxb-test-token", "slack_signing_secret": SECRET}
        settings = Settings(
            **(defaults | settings_),
            slack_api_url=fake.api_url,
            database_url=database.url,
            _env_file=None,  # type: ignore[call-arg]
        )
        self.settings = settings
        self.app = build_app(settings, database=database, background=self.background, clock=clock)
        self.server = http_server(self.app, database, host="127.0.0.1", port=0, threads=4)
        # waitress notices close() at its next select timeout (1 s by default): every test paid it.
        self.server.adj.asyncore_loop_timeout = 0.02
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._closing = False
        self.waits_for_background = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            self.server.run()
        except OSError:
            if not self._closing:  # closing the socket under waitress's select() ends the loop this way
                raise

    def stop(self) -> None:
        self.background.wait_idle()
        self._closing = True
        self.server.close()
        self._thread.join(timeout=5)
        self.background.shutdown()

    def post(self, path: str, request: payloads.SignedRequest) -> Reply:
        req = urllib.request.Request(self.url + path, data=request.body, headers=request.headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                raw = resp.read()
                status = resp.status
        except urllib.error.HTTPError as err:
            raw, status = err.read(), err.code
        if self.waits_for_background:
            self.background.wait_idle()
        try:
            body = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            body = {"_text": raw.decode(errors="replace")}
        return Reply(status, body, raw)

    def deliver(self, envelope: dict[str, Any]) -> Reply:
        """An Events API envelope (e.g. one of ``FakeSlack.uninstall()``'s), signed as Slack signs it."""
        return self.post("/slack/events", payloads.sign(SECRET, json.dumps(envelope), content_type="application/json"))

    @contextmanager
    def racing(self) -> Iterator[None]:
        """Requests return as soon as Slack would have its answer, while the background work they
        started still runs (as a person or a script clicking on does); waits for it at the end."""
        self.waits_for_background = False
        try:
            yield
        finally:
            self.waits_for_background = True
            self.background.wait_idle()

    def get(self, path: str) -> Reply:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as resp:
                raw, status = resp.read(), resp.status
        except urllib.error.HTTPError as err:
            raw, status = err.read(), err.code
        return Reply(status, json.loads(raw) if raw.startswith(b"{") else {}, raw)


class SlackUser:
    """One person in the fake workspace, using the app through Slack."""

    def __init__(self, bot: RunningBot, user: str = "U1", team: str = "T1", channel: str = "C1"):
        self.bot, self.user, self.team, self.channel = bot, user, team, channel

    def command(self, text: str, *, channel: str | None = None, timestamp: int | None = None) -> Reply:
        body = payloads.form(
            payloads.slash_command(
                text,
                user=self.user,
                team=self.team,
                channel=channel or self.channel,
                response_url=self.bot.fake.response_url(),
                trigger_id=self.bot.fake.trigger_id(self.user),
            )
        )
        return self.bot.post(
            "/slack/events",
            payloads.sign(SECRET, body, timestamp=timestamp, content_type="application/x-www-form-urlencoded"),
        )

    def interact(self, payload: dict[str, Any]) -> Reply:
        body = payloads.interaction(payload)
        return self.bot.post(
            "/slack/events", payloads.sign(SECRET, body, content_type="application/x-www-form-urlencoded")
        )

    def submit(self, view: dict[str, Any], answers: dict[str, Any] | None = None, **kw: Any) -> Reply:
        """Submit ``view``; Slack refuses an answer whose field errors name blocks the view lacks."""
        kw.setdefault("trigger_id", self.bot.fake.trigger_id(self.user))
        payload = payloads.view_submission(view, answers or {}, user=self.user, team=self.team, **kw)
        reply = self.interact(payload)
        problems = view_response_problems(payload["view"], reply.raw) if reply.status == 200 else []
        with self.bot.fake.lock:
            self.bot.fake.state.violations.extend(problems)
        return reply

    def click(self, action_id: str, **kw: Any) -> Reply:
        kw.setdefault("response_url", self.bot.fake.response_url())
        kw.setdefault("trigger_id", self.bot.fake.trigger_id(self.user))
        return self.interact(payloads.block_actions(action_id, user=self.user, team=self.team, **kw))

    def event(self, event: dict[str, Any], **kw: Any) -> Reply:
        body = json.dumps(payloads.event(event, team=self.team, **kw))
        return self.bot.post("/slack/events", payloads.sign(SECRET, body, content_type="application/json"))

    def says(self, text: str, *, thread_ts: str | None = None) -> Reply:
        """A line typed in the app's DM (its Messages tab), or in a thread of it: the message.im event."""
        return self.event(self.bot.fake.typed_in_dm(self.user, text, thread_ts=thread_ts))
