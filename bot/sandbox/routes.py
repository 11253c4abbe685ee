"""The sandbox page's HTTP routes, served by the stand-in next to the Web API.

``GET /`` is the page; ``GET /sandbox/state`` is what one person sees; ``POST /sandbox/<act>``
is what they do. Acts go through the relay (signed requests to the bot), never into the domain.
Who may ask is decided before a request gets here (``bot.sandbox.guard``); the page served at
``/`` carries the run's token, which its script sends with every read and action.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.sandbox import canvas_page
from bot.sandbox.guard import STATIC
from bot.sandbox.pipeline import Pushed, push_reading
from bot.sandbox.relay import Refused
from bot.standin.records import Message

if TYPE_CHECKING:
    from bot.sandbox.run import Sandbox

log = logging.getLogger("mlscope.sandbox")
Served = tuple[int, bytes, str]
TOKEN_SLOT = b"{{sandbox_token}}"
TYPES = {"html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
RECENT_CALLS = 40


class Act(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user: str


class Typed(Act):
    channel: str
    text: str = Field(max_length=4000)
    thread_ts: str | None = Field(default=None, max_length=32)  # a thread of the app's Messages tab


class Clicked(Act):
    action: dict[str, Any]
    container: dict[str, Any]


class Submitted(Act):
    view_id: str
    values: dict[str, Any]


class Advanced(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hours: float = Field(gt=0, le=31 * 24)


def _json(status: int, body: dict[str, Any]) -> Served:
    return status, json.dumps(body).encode(), "application/json; charset=utf-8"


def router(sandbox: Sandbox) -> Callable[[str, str, dict[str, str], bytes], Served | None]:
    slack = sandbox.slack

    def known_user(user: str) -> None:
        if user not in slack.state.users:
            raise Refused(f"There is no user {user} in the sandbox.")

    def known_channel(user: str, channel: str) -> None:
        if channel not in slack.state.channels and channel != "D" + user:
            raise Refused(f"There is no channel {channel} in the sandbox.")

    def act(name: str, raw: bytes) -> dict[str, Any]:
        body = json.loads(raw or b"{}")
        if name == "command":
            typed = Typed.model_validate(body)
            known_user(typed.user)
            known_channel(typed.user, typed.channel)
            return sandbox.relay.command(typed.user, typed.channel, typed.text, typed.thread_ts)
        if name == "action":
            clicked = Clicked.model_validate(body)
            known_user(clicked.user)
            if not clicked.action.get("action_id"):
                raise Refused("An action needs an action_id.")
            return sandbox.relay.click(clicked.user, clicked.action, clicked.container)
        if name == "submit":
            submitted = Submitted.model_validate(body)
            known_user(submitted.user)
            return sandbox.relay.submit(submitted.user, submitted.view_id, submitted.values)
        if name == "close":
            closing = Act.model_validate(body)
            known_user(closing.user)
            return sandbox.relay.close(closing.user)
        if name == "assistant":
            opening = Act.model_validate(body)
            known_user(opening.user)
            return sandbox.relay.open_assistant(opening.user)
        if name == "home":
            opening = Act.model_validate(body)
            known_user(opening.user)
            return sandbox.relay.open_home(opening.user)
        if name == "advance":
            report = sandbox.advance(timedelta(hours=Advanced.model_validate(body).hours))
            return {"ok": True, "now": sandbox.clock.now().isoformat(), "report": report.summary()}
        if name == "push":
            pushed = Pushed.model_validate(body)
            known_user(pushed.user)
            return push_reading(sandbox.bot_url, pushed.token, pushed.reading)
        if name == "reset":
            sandbox.reset()
            return {"ok": True}
        raise LookupError(name)

    def route(method: str, path: str, query: dict[str, str], raw: bytes) -> Served | None:
        if method == "GET" and path in STATIC:
            name = STATIC[path]
            data = resources.files("bot.sandbox").joinpath("static", name).read_bytes()
            if name == "index.html":
                data = data.replace(TOKEN_SLOT, html.escape(sandbox.page_token).encode())
            return 200, data, TYPES[name.rsplit(".", 1)[1]]
        if method == "GET" and path == "/sandbox/state":
            return _json(200, snapshot(sandbox, query.get("user", "U1"), since=query.get("since")))
        if method == "GET" and path.startswith("/files/"):
            found = slack.state.files.get(path.removeprefix("/files/"))
            if found is None or not found.data:
                return None
            kind = "image/png" if found.data.startswith(b"\x89PNG") else "application/octet-stream"
            return 200, found.data, kind
        if method == "GET" and (path.startswith("/docs/") or path == "/sandbox/canvases"):
            return canvas_page.serve(slack, path)
        if method == "POST" and path.startswith("/sandbox/"):
            try:
                return _json(200, act(path.removeprefix("/sandbox/"), raw))
            except LookupError:
                return None
            except (Refused, ValueError) as exc:  # ValidationError and JSONDecodeError are ValueErrors
                return _json(400, {"ok": False, "error": _describe(exc)})
            except Exception:  # noqa: BLE001 - the page gets a sentence, the terminal the trace
                log.exception("sandbox: %s failed", path)
                return _json(500, {"ok": False, "error": "The sandbox failed to do that; the terminal has details."})
        return None

    return route


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    if isinstance(exc, json.JSONDecodeError):
        return "The request body is not JSON."
    return str(exc)


def snapshot(sandbox: Sandbox, user: str, *, since: str | None = None) -> dict[str, Any]:
    """Everything the page shows ``user``: the workspace, their modals and Home, the timeline."""
    slack = sandbox.slack
    with slack.lock:
        state = slack.state
        if since is not None and since == str(state.version):
            return {"version": state.version, "unchanged": True, "now": sandbox.clock.now().isoformat()}
        stack = slack.modals.get(user) or []
        return {
            "version": state.version,
            "now": sandbox.clock.now().isoformat(),
            "team": {"id": state.team_id, "name": "Sandbox"},
            "bot": {"id": state.bot_user_id, "name": "MLScope"},
            "users": [{"id": u.id, "name": u.name, "tz": u.tz, "is_admin": u.is_admin} for u in state.users.values()],
            "channels": [{"id": c.id, "name": c.name} for c in state.channels.values()],
            "messages": [_message(m, slack) for m in state.messages if m.visible_to in (None, user)],
            "home": state.home.get(user),
            "modal": state.views.get(stack[-1]) if stack else None,
            "modal_depth": len(stack),
            "assistant": [
                {"thread_ts": ts, "prompts": t.prompts, "title": t.title, "status": t.status}
                for (channel, ts), t in slack.assistant_threads.items()
                if channel == "D" + user
            ],
            "violations": state.violations[-20:],
            "calls": [{"method": c.method, "at": c.at} for c in state.calls[-RECENT_CALLS:]],
        }


def _message(m: Message, slack: Any) -> dict[str, Any]:
    files = [slack.state.files[f] for f in m.files if f in slack.state.files]
    return {
        "channel": m.channel,
        "ts": m.ts,
        "thread_ts": m.thread_ts,
        "user": m.user,
        "text": m.text,
        "blocks": m.blocks,
        "ephemeral": m.visible_to is not None,
        "files": [{"id": f.id, "title": f.title or f.filename, "url": f"/files/{f.id}"} for f in files],
    }
