"""What Slack does when a person acts: build the payload, sign it, POST it to ``/slack/events``,
and apply the app's answer (an ephemeral reply, a modal's response_action).

Every click on the sandbox page goes through here, so the bot sees exactly what Slack sends.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

from bot.sandbox.workspace import SandboxSlack
from bot.standin import payloads
from bot.standin.interactions import view_response_problems

COMMAND = "/mlproject"
PICKED = re.compile(r"(?<![\w@#])([@#])([\w-]+(?:\.[\w-]+)*)")


class Refused(Exception):
    """The page asked for something Slack would not let a person do; the message says why."""


class Relay:
    def __init__(self, slack: SandboxSlack, *, events_url: str, secret: str):
        self.slack, self.events_url, self.secret = slack, events_url, secret

    # --- sending ---------------------------------------------------------------------------
    def _post(self, body: str, content_type: str) -> dict[str, Any]:
        signed = payloads.sign(self.secret, body, content_type=content_type)
        request = urllib.request.Request(self.events_url, data=signed.body, headers=signed.headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
        except urllib.error.HTTPError as err:
            raise Refused(f"The app answered HTTP {err.code}.") from None
        except OSError:
            raise Refused("The app did not answer (is it still running?).") from None
        if not raw:
            return {}
        try:
            answer = json.loads(raw)
        except json.JSONDecodeError:
            return {"text": raw.decode(errors="replace")}
        return answer if isinstance(answer, dict) else {}

    def _interact(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._post(payloads.interaction(payload), "application/x-www-form-urlencoded")

    # --- what a person does ------------------------------------------------------------------
    def command(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> dict[str, Any]:
        """A line typed into the composer: a slash command, or a plain message (in the app's
        Messages tab, a message the app hears: ``typed_to_app``)."""
        text = text.strip()
        if not text:
            raise Refused("Type a message or a command such as /mlproject help.")
        if not text.startswith("/") and channel == "D" + user:
            return self.typed_to_app(user, text, thread_ts)
        if not text.startswith("/"):
            self.slack.post_as_user(user, channel, text)
            return {"ok": True}
        name, _, rest = text.partition(" ")
        if name != COMMAND:
            self.slack.post_ephemeral(user, channel, {"text": f"{name} is not a valid command. Try {COMMAND} help."})
            return {"ok": True}
        body = payloads.slash_command(
            self.escaped(rest.strip()),
            user=user,
            channel=channel,
            team=self.slack.state.team_id,
            response_url=self.slack.issue_response_url(user=user, channel=channel),
            trigger_id=self.slack.issue_trigger(user),
        )
        body["channel_name"] = self.slack.state.channels[channel].name if channel in self.slack.state.channels else ""
        self.slack.post_ephemeral(user, channel, {"text": f"`{text}`"}, author=user)
        answer = self._post(payloads.form(body), "application/x-www-form-urlencoded")
        if answer.get("text") or answer.get("blocks"):
            self.slack.post_ephemeral(user, channel, answer)
        return {"ok": True}

    def escaped(self, text: str) -> str:
        """The command's text as Slack sends it with ``should_escape: true`` (manifest.yml):
        ``&``, ``<``, ``>`` escaped, and each ``@person`` or ``#channel`` of this workspace as the
        mention Slack sends when it is picked from the composer's autocomplete (``<@U2>``,
        ``<#C2|ml-team>``, ``<#C9|>`` if private). The page has no autocomplete list, so typing the
        exact name stands for picking it; any other ``@word`` or ``#word`` is sent as typed.
        https://docs.slack.dev/interactivity/implementing-slash-commands"""
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        with self.slack.lock:
            people = {u.name: u.id for u in self.slack.state.users.values()}
            channels = {c.name: c for c in self.slack.state.channels.values()}

        def picked(found: re.Match[str]) -> str:
            sigil, name = found.group(1), found.group(2)
            if sigil == "@" and name in people:
                return f"<@{people[name]}>"
            if sigil == "#" and name in channels:
                channel = channels[name]
                return f"<#{channel.id}|{'' if channel.is_private else channel.name}>"
            return found.group(0)

        return PICKED.sub(picked, text)

    def click(self, user: str, action: dict[str, Any], container: dict[str, Any]) -> dict[str, Any]:
        """A button (or select) in a message, an ephemeral message, a modal or the Home tab."""
        kind = container.get("type")
        common: dict[str, Any] = {
            "value": action.get("value"),
            "selected": action.get("selected"),
            "block_id": action.get("block_id") or "actions",
            "user": user,
            "team": self.slack.state.team_id,
        }
        if kind in ("view", "home"):
            view = self._view(user, str(container.get("view_id")), home=kind == "home")
            payload = payloads.block_actions(action["action_id"], channel=None, view=view, **common)
        else:
            channel, ts = str(container.get("channel")), str(container.get("ts"))
            message = self.slack.find(channel, ts, user=user)
            if message is None:
                raise Refused("That message is gone.")
            ephemeral = message.visible_to is not None
            url = self.slack.issue_response_url(user=user, channel=channel, message_ts=ts, ephemeral=ephemeral)
            shown = {"type": "message", "ts": ts, "text": message.text, "blocks": message.blocks, "user": message.user}
            if message.thread_ts:  # a reply carries its thread, as Slack's block_actions payload does
                shown["thread_ts"] = message.thread_ts
            payload = payloads.block_actions(
                action["action_id"],
                channel=channel,
                message=None if ephemeral else shown,
                response_url=url,
                **common,
            )
            if ephemeral:
                payload["container"]["message_ts"] = ts
        payload["trigger_id"] = self.slack.issue_trigger(user)
        self._interact(payload)
        return {"ok": True}

    def _view(self, user: str, view_id: str, *, home: bool) -> dict[str, Any]:
        with self.slack.lock:
            if home:
                view = self.slack.state.home.get(user)
                if view is None or view.get("id") != view_id:
                    raise Refused("That Home tab is out of date; open it again.")
                return view
            stack = self.slack.modals.get(user) or []
            if view_id not in stack:
                raise Refused("That modal is no longer open.")
            return self.slack.state.views[view_id]

    def submit(self, user: str, view_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """Submit the top modal with ``values`` by action id; apply the app's response_action."""
        view = self._view(user, view_id, home=False)
        if self.slack.modals[user][-1] != view_id:
            raise Refused("Only the top modal can be submitted.")
        try:
            payload = payloads.view_submission(
                view, values, user=user, team=self.slack.state.team_id, trigger_id=self.slack.issue_trigger(user)
            )
        except ValueError as exc:
            raise Refused(str(exc)) from None
        answer = self._post(payloads.interaction(payload), "application/x-www-form-urlencoded")
        action = answer.get("response_action")
        problems = view_response_problems(payload["view"], json.dumps(answer).encode()) if action else []
        if problems:  # Slack shows this, not the app's errors: https://docs.slack.dev/surfaces/modals#displaying_errors
            with self.slack.lock:
                self.slack.state.violations.extend(problems)
                self.slack.touch()
            return {"ok": False, "error": "We had some trouble connecting. Try again?"}
        with self.slack.lock:
            stack = self.slack.modals.setdefault(user, [])
            if action == "errors":
                return {"ok": False, "errors": answer.get("errors") or {}}
            if action == "clear":
                stack.clear()
            elif action in ("update", "push"):
                stored = self.slack._store_view(answer["view"], view_id if action == "update" else None)
                if not stored["ok"]:
                    self.slack.touch()
                    return {"ok": False, "error": "The app sent a view Slack would refuse: see the limits panel."}
                if action == "push":
                    stack.append(stored["view"]["id"])
            elif stack and stack[-1] == view_id:
                stack.pop()
            self.slack.touch()
            self.slack.save()
        return {"ok": True}

    def close(self, user: str) -> dict[str, Any]:
        """The modal's Cancel (or ×): Slack tells the app only if it asked (notify_on_close)."""
        with self.slack.lock:
            stack = self.slack.modals.get(user) or []
            if not stack:
                return {"ok": True}
            view = self.slack.state.views[stack.pop()]
            self.slack.touch()
        if view.get("notify_on_close"):
            self._interact(
                {
                    "type": "view_closed",
                    "team": {"id": self.slack.state.team_id},
                    "user": {"id": user, "team_id": self.slack.state.team_id},
                    "api_app_id": "A1",
                    "view": view,
                    "is_cleared": False,
                }
            )
        return {"ok": True}

    def typed_to_app(self, user: str, text: str, thread_ts: str | None) -> dict[str, Any]:
        """A line in the app's Messages tab (or one of its assistant threads): kept, and sent as
        the message.im event Slack sends, escaped and with picked mentions as in a command."""
        with self.slack.lock:
            if thread_ts and not any(m.channel == "D" + user and m.ts == thread_ts for m in self.slack.state.messages):
                raise Refused("That conversation is gone; start a new one.")
            event = self.slack.typed_in_dm(user, self.escaped(text), thread_ts=thread_ts)
            self.slack.save()
        self._post(json.dumps(payloads.event(event, team=self.slack.state.team_id)), "application/json")
        return {"ok": True}

    def open_assistant(self, user: str) -> dict[str, Any]:
        """The assistant container opened (a new chat): Slack starts a thread in the DM and tells the app."""
        with self.slack.lock:
            event = self.slack.open_assistant_thread(user)
            self.slack.save()
        self._post(json.dumps(payloads.event(event, team=self.slack.state.team_id)), "application/json")
        return {"ok": True, "thread_ts": event["assistant_thread"]["thread_ts"]}

    def open_home(self, user: str) -> dict[str, Any]:
        event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"}
        self._post(json.dumps(payloads.event(event, team=self.slack.state.team_id)), "application/json")
        return {"ok": True}
