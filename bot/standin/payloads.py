"""Requests as Slack sends them to an app: slash commands, interactions, events, signed.

Modal state is built from the view's real input blocks, so a test (or the sandbox page) can only
submit values the view actually offers. Envelopes carry what Slack's do: ``authorizations`` and
``event_context`` on events (https://docs.slack.dev/apis/events-api/#callback-field), the
installation's team in ``view.app_installed_team_id`` and the person's own team in
``user.team_id`` on interactions (https://docs.slack.dev/reference/interaction-payloads/).
A ``trigger_id`` should come from the stand-in (``FakeSlack.trigger_id``), which expires it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

_seq = itertools.count(1)


@dataclass(frozen=True)
class SignedRequest:
    body: bytes
    headers: dict[str, str]


def sign(secret: str, body: str, *, timestamp: int | None = None, content_type: str) -> SignedRequest:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return SignedRequest(
        body.encode(),
        {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature or ""},
    )


def redelivered(request: SignedRequest, retry: int, reason: str = "http_timeout") -> SignedRequest:
    """``request`` as Slack redelivers it. Only Events API deliveries are retried (up to 3 times);
    interactions and slash commands never are.
    https://docs.slack.dev/apis/events-api/#retries"""
    if not request.body.lstrip().startswith(b"{"):
        raise ValueError("Slack never retries interactions or slash commands; only Events API deliveries")
    return SignedRequest(
        request.body, request.headers | {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": reason}
    )


def form(payload: dict[str, Any]) -> str:
    return urlencode(payload)


def interaction(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def slash_command(
    text: str, *, user: str = "U1", channel: str = "C1", team: str = "T1", response_url: str = "", trigger_id: str = ""
) -> dict[str, Any]:
    return {
        "token": "legacy-unused",
        "team_id": team,
        "is_enterprise_install": "false",
        "team_domain": "standin",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/mlproject",
        "text": text,
        "api_app_id": "A1",
        "response_url": response_url,
        "trigger_id": trigger_id or f"trigger-{next(_seq)}",
    }


def _element_value(element: dict[str, Any], value: Any, path: str) -> dict[str, Any]:
    kind = element["type"]
    options = {o["value"]: o for o in element.get("options", [])}

    def option(v: str) -> dict[str, Any]:
        if v not in options:
            raise ValueError(f"{path}: {v!r} is not one of the offered options {sorted(options)}")
        return options[v]

    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        return {"type": kind, "value": None if value is None else str(value)}
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": option(str(value)) if value is not None else None}
    if kind in ("checkboxes", "multi_static_select"):
        return {"type": kind, "selected_options": [option(str(v)) for v in value or []]}
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": value}
    if kind == "channels_select":
        return {"type": kind, "selected_channel": value}
    if kind == "timepicker":
        return {"type": kind, "selected_time": value}
    raise ValueError(f"{path}: element type {kind} is not supported by the stand-in")


def _initial(element: dict[str, Any]) -> Any:
    """What Slack submits for an input left untouched. Slack's own rule, kept apart from the bot's
    ``bot.slack.forms.initial`` on purpose: the stand-in is the oracle the bot's reading is tested
    against (tests/bot/test_conversation_answers.py), so it must not share the bot's mistakes."""
    if "initial_value" in element:
        return element["initial_value"]
    if "initial_option" in element:
        return element["initial_option"]["value"]
    if "initial_options" in element:
        return [o["value"] for o in element["initial_options"]]
    for key in ("initial_user", "initial_conversation", "initial_channel", "initial_time"):
        if key in element:
            return element[key]
    return None


def view_state(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """state.values for ``view``: each input's initial value unless ``answers`` (by action_id) says otherwise."""
    values: dict[str, dict[str, Any]] = {}
    known: set[str] = set()
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        action_id = element["action_id"]
        known.add(action_id)
        value = answers.get(action_id, _initial(element))
        values.setdefault(block["block_id"], {})[action_id] = _element_value(
            element, value, f"{block['block_id']}.{action_id}"
        )
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"the view has no inputs {sorted(unknown)}; it has {sorted(known)}")
    return {"values": values}


def view_submission(
    view: dict[str, Any],
    answers: dict[str, Any],
    *,
    user: str = "U1",
    team: str = "T1",
    user_team: str | None = None,
    trigger_id: str | None = None,
) -> dict[str, Any]:
    """``user_team``: the person's own workspace when it is not the installation's (Slack Connect)."""
    # Slack gives every version of a view a new hash; a view our test got back from an ack has none yet.
    version = (
        view.get("hash") or "h" + hashlib.sha1(json.dumps(view.get("blocks"), sort_keys=True).encode()).hexdigest()[:12]
    )
    submitted = dict(view) | {
        "state": view_state(view, answers),
        "hash": version,
        "team_id": team,
        "app_installed_team_id": team,
    }
    return {
        "type": "view_submission",
        "team": {"id": user_team or team, "domain": "standin"},
        "user": {"id": user, "team_id": user_team or team, "name": user.lower()},
        "api_app_id": "A1",
        "is_enterprise_install": False,
        "enterprise": None,
        "trigger_id": trigger_id or f"trigger-{next(_seq)}",
        "view": submitted,
    }


def block_actions(
    action_id: str,
    *,
    value: str | None = None,
    selected: str | None = None,
    block_id: str = "actions",
    user: str = "U1",
    team: str = "T1",
    channel: str | None = "C1",
    message: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
    response_url: str = "",
    trigger_id: str | None = None,
) -> dict[str, Any]:
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "action_ts": f"{time.time():.6f}",
        "type": "button",
    }
    if value is not None:
        action["value"] = value
    if selected is not None:
        action |= {
            "type": "static_select",
            "selected_option": {"text": {"type": "plain_text", "text": selected}, "value": selected},
        }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team, "domain": "standin"},
        "user": {"id": user, "team_id": team, "name": user.lower()},
        "api_app_id": "A1",
        "is_enterprise_install": False,
        "enterprise": None,
        "trigger_id": trigger_id or f"trigger-{next(_seq)}",
        "actions": [action],
        "response_url": response_url,
    }
    if view is not None:
        payload |= {
            "container": {"type": "view", "view_id": view.get("id")},
            "view": view | {"team_id": team, "app_installed_team_id": team},
        }
    elif message is not None:
        payload |= {
            "container": {
                "type": "message",
                "message_ts": message.get("ts"),
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "channel": {"id": channel},
            "message": message,
        }
    elif channel is not None:
        payload |= {
            "container": {"type": "message", "channel_id": channel, "is_ephemeral": True},
            "channel": {"id": channel},
        }
    return payload


def event(
    event: dict[str, Any], *, team: str = "T1", event_id: str | None = None, bot_user: str = "UBOT"
) -> dict[str, Any]:
    """An Events API envelope; ``authorizations`` names the installation the event is for."""
    return {
        "token": "legacy-unused",
        "team_id": team,
        "context_team_id": team,
        "context_enterprise_id": None,
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_seq):08d}",
        "event_time": int(time.time()),
        "event_context": f"4-{hashlib.sha1(json.dumps(event, sort_keys=True).encode()).hexdigest()[:24]}",
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team,
                "user_id": bot_user,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event": event,
    }


def tokens_revoked(
    *, team: str = "T1", bot: list[str] | None = None, oauth: list[str] | None = None, event_id: str | None = None
) -> dict[str, Any]:
    """The envelope Slack sends when the app's tokens in ``team`` are revoked: user ids per kind of
    token (``oauth``: user tokens, ``bot``), never the tokens; no ``authorizations`` (nothing is
    authorized any more). https://docs.slack.dev/reference/events/tokens_revoked"""
    tokens = {"oauth": list(oauth or []), "bot": list(bot or [])}
    return _bare_envelope({"type": "tokens_revoked", "tokens": tokens}, team, event_id)


def app_uninstalled(*, team: str = "T1", event_id: str | None = None) -> dict[str, Any]:
    """The envelope Slack sends once the app is completely uninstalled from ``team``.
    https://docs.slack.dev/reference/events/app_uninstalled"""
    return _bare_envelope({"type": "app_uninstalled"}, team, event_id)


def _bare_envelope(event: dict[str, Any], team: str, event_id: str | None) -> dict[str, Any]:
    """The Events API wrapper exactly as those two events' reference pages show it."""
    return {
        "token": "legacy-unused",
        "team_id": team,
        "api_app_id": "A1",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_seq):08d}",
        "event_time": int(time.time()),
    }
