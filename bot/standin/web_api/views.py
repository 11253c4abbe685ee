"""views.*: modals and App Home, opened only with a live trigger, checked against Block Kit's limits."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from bot.standin import contract
from bot.standin.limits import view_violations
from bot.standin.records import State


class ViewMethods:
    """Mixed into ``FakeSlack``: triggers, views.open/push/update/publish."""

    state: State
    lock: threading.RLock
    clock: Callable[[], float]
    _ids: itertools.count[int]
    slack_file_problems: Callable[[Any], tuple[list[str], list[str]]]

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

    def _store_view(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        refused, processing = self.slack_file_problems(view.get("blocks"))
        problems = view_violations(view) + refused
        if problems or processing:
            self.state.violations.extend(problems)  # a file still processing is not the app's mistake
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": problems + processing}}
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
