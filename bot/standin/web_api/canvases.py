"""canvases.* and conversations.canvases.create, as Slack documents them: create (standalone, or
tabbed in a channel), a channel's canvas, edit by section (one change a call), sections.lookup by
criteria, access.set, and the errors of a plan or a workspace without canvases.

Errors each method page lists (the stand-in answers only these, plus the generic ones):
canvases.create: canvas_creation_failed, canvas_disabled_user_team,
  free_teams_cannot_create_non_tabbed_canvases, restricted_action
  https://docs.slack.dev/reference/methods/canvases.create
canvases.edit: canvas_disabled_user_team, canvas_editing_failed, canvas_not_found,
  free_teams_cannot_edit_standalone_canvases, restricted_action
  https://docs.slack.dev/reference/methods/canvases.edit
canvases.sections.lookup: canvas_deleted, canvas_disabled_user_team, canvas_not_found
  https://docs.slack.dev/reference/methods/canvases.sections.lookup
canvases.access.set: canvas_disabled_user_team, canvas_not_found, channel_not_found,
  failed_to_update_user_ids, invalid_parameters, restricted_action, user_not_found
  https://docs.slack.dev/reference/methods/canvases.access.set
canvases.access.delete: canvas_disabled_user_team, canvas_not_found, channel_not_found,
  invalid_parameters, restricted_action, user_not_found (canvases:write, Tier 3)
  https://docs.slack.dev/reference/methods/canvases.access.delete
conversations.canvases.create: canvas_creation_failed, canvas_disabled_user_team,
  channel_canvas_already_exists, team_tier_cannot_create_channel_canvases, restricted_action, …
  https://docs.slack.dev/reference/methods/conversations.canvases.create
(the error tables as scraped in slack_kit's method files, https://hex.pm/packages/slack_kit).
Where the pages name no error (a malformed ``changes`` or ``criteria``), the stand-in answers
``invalid_arguments``, Slack's generic one for arguments it cannot use.
"""

from __future__ import annotations

import itertools
from typing import Any

from bot.standin.canvas_doc import Canvas, MarkdownRefused, sections_of
from bot.standin.records import State

OPERATIONS = {"insert_after", "insert_before", "insert_at_start", "insert_at_end", "replace", "delete", "rename"}
NEEDS_SECTION = {"insert_after", "insert_before", "delete"}
SECTION_TYPES = {"any_header", "h1", "h2", "h3"}
ACCESS_LEVELS = {"read", "write", "owner"}


def _fail(error: str) -> dict[str, Any]:
    return {"ok": False, "error": error}


def _markdown(content: Any) -> str | None:
    """document_content's Markdown; None unless it is ``{"type": "markdown", "markdown": str}``."""
    if isinstance(content, dict) and content.get("type") == "markdown" and isinstance(content.get("markdown"), str):
        return str(content["markdown"])
    return None


def _ids_of(value: Any) -> list[str] | None:
    """An array argument as Slack takes it: a JSON array, or (form-encoded) ids separated by commas."""
    if value is None or isinstance(value, list):
        return value
    text = str(value).strip()
    if text.startswith("["):
        import json

        try:
            found = json.loads(text)
        except ValueError:
            return []
        return found if isinstance(found, list) else []
    return [part.strip() for part in text.split(",") if part.strip()]


class CanvasMethods:
    """Mixed into ``FakeSlack``. ``state.canvas_plan``: paid (canvases work), free (standalone
    canvases refused: "Canvases are only available to Slack workspaces on a paid plan",
    https://docs.slack.dev/reference/methods/canvases.access.set) or disabled (an admin turned
    canvases off: canvas_disabled_user_team everywhere)."""

    state: State
    _ids: itertools.count[int]

    def _canvas_refusal(self) -> dict[str, Any] | None:
        return _fail("canvas_disabled_user_team") if self.state.canvas_plan == "disabled" else None

    def _new_canvas(self, args: dict[str, Any], failed: str) -> Canvas | dict[str, Any]:
        content = args.get("document_content")
        markdown = "" if content in (None, "") else _markdown(content)
        if markdown is None:
            return _fail("invalid_arguments")
        try:
            sections = sections_of(markdown)
        except MarkdownRefused:
            return _fail(failed)
        canvas_id = f"F{next(self._ids):08d}C"
        return Canvas(canvas_id, self.state.team_id, str(args.get("title") or ""), sections)

    def api_canvases_create(self, args: dict[str, Any]) -> dict[str, Any]:
        refused = self._canvas_refusal()
        if refused:
            return refused
        channel = args.get("channel_id")
        if self.state.canvas_plan == "free" and not channel:  # "a required field for free teams"
            return _fail("free_teams_cannot_create_non_tabbed_canvases")
        if channel and self._canvas_channel(str(channel)) is None:
            return _fail("channel_not_found")
        made = self._new_canvas(args, "canvas_creation_failed")
        if isinstance(made, dict):
            return made
        made.channel_id = str(channel) if channel else None
        if channel:
            made.access[str(channel)] = "write"  # "added to a channel tab with write permissions"
        self.state.canvases[made.id] = made
        return {"ok": True, "canvas_id": made.id}

    def api_conversations_canvases_create(self, args: dict[str, Any]) -> dict[str, Any]:
        refused = self._canvas_refusal()
        if refused:
            return refused
        channel = self._canvas_channel(str(args.get("channel_id") or ""))
        if channel is None:
            return _fail("channel_not_found")
        if self.state.canvas_plan == "free":
            return _fail("team_tier_cannot_create_channel_canvases")
        if any(c.is_channel_canvas and c.channel_id == channel for c in self.state.canvases.values()):
            return _fail("channel_canvas_already_exists")
        made = self._new_canvas(args, "canvas_creation_failed")
        if isinstance(made, dict):
            return made
        made.channel_id, made.is_channel_canvas = channel, True
        made.access[channel] = "write"
        self.state.canvases[made.id] = made
        return {"ok": True, "canvas_id": made.id}

    def _canvas_channel(self, channel: str) -> str | None:
        found = self.state.channels.get(channel)
        return None if found is None or (found.is_private and not found.is_member) else channel

    def _editable(self, canvas_id: str, *, missing: str = "canvas_not_found") -> Canvas | dict[str, Any]:
        refused = self._canvas_refusal()
        if refused:
            return refused
        canvas = self.state.canvases.get(canvas_id)
        if canvas is None or canvas.team_id != self.state.team_id:
            return _fail(missing)
        return canvas

    def api_canvases_sections_lookup(self, args: dict[str, Any]) -> dict[str, Any]:
        canvas = self._editable(str(args.get("canvas_id") or ""))
        if isinstance(canvas, dict):
            return canvas
        criteria = args.get("criteria")
        if isinstance(criteria, str):
            import json

            try:
                criteria = json.loads(criteria)
            except ValueError:
                criteria = None
        types, text = (criteria or {}).get("section_types"), (criteria or {}).get("contains_text")
        if not isinstance(criteria, dict) or (types is None and text is None):
            return _fail("invalid_arguments")
        if types is not None and (
            not isinstance(types, list) or not 1 <= len(types) <= 3 or not set(types) <= SECTION_TYPES
        ):  # "Minimum of 1, maximum of 3" (@slack/web-api's request types)
            return _fail("invalid_arguments")
        found = [
            s
            for s in canvas.sections
            if (types is None or s.type in types or ("any_header" in types and s.type in ("h1", "h2", "h3")))
            and (text is None or str(text) in s.text)
        ]
        return {"ok": True, "sections": [{"id": s.id} for s in found]}

    def api_canvases_edit(self, args: dict[str, Any]) -> dict[str, Any]:
        canvas = self._editable(str(args.get("canvas_id") or ""))
        if isinstance(canvas, dict):
            return canvas
        if self.state.canvas_plan == "free" and canvas.channel_id is None:
            return _fail("free_teams_cannot_edit_standalone_canvases")
        if canvas.access.get(self.state.bot_user_id, "owner") not in ("write", "owner"):
            return _fail("restricted_action")
        changes = args.get("changes")
        # "Only one operation per API call is currently supported."
        if not isinstance(changes, list) or len(changes) != 1 or not isinstance(changes[0], dict):
            return _fail("invalid_arguments")
        return self._apply(canvas, changes[0])

    def _apply(self, canvas: Canvas, change: dict[str, Any]) -> dict[str, Any]:
        operation, section_id = change.get("operation"), change.get("section_id")
        if operation not in OPERATIONS or (operation in NEEDS_SECTION and not section_id):
            return _fail("invalid_arguments")
        if operation == "rename":
            title = _markdown(change.get("title_content"))
            if title is None:
                return _fail("invalid_arguments")
            canvas.title = title
            return {"ok": True}
        at = canvas.index_of(str(section_id)) if section_id else None
        if section_id and at is None:
            return _fail("canvas_editing_failed")
        if operation == "delete":
            assert at is not None
            del canvas.sections[at]
            return {"ok": True}
        markdown = _markdown(change.get("document_content"))
        if markdown is None:
            return _fail("invalid_arguments")
        try:
            new = sections_of(markdown)
        except MarkdownRefused:
            return _fail("canvas_editing_failed")
        if operation == "replace" and at is None:  # no section: the whole canvas
            canvas.sections = new
        elif operation == "replace":
            canvas.sections[at : at + 1] = new
        elif operation in ("insert_at_start", "insert_at_end"):
            place = 0 if operation == "insert_at_start" else len(canvas.sections)
            canvas.sections[place:place] = new
        else:
            assert at is not None
            place = at if operation == "insert_before" else at + 1
            canvas.sections[place:place] = new
        return {"ok": True}

    def api_canvases_access_set(self, args: dict[str, Any]) -> dict[str, Any]:
        canvas = self._editable(str(args.get("canvas_id") or ""))
        if isinstance(canvas, dict):
            return canvas
        level, channels, users = args.get("access_level"), _ids_of(args.get("channel_ids")), _ids_of(args.get("user_ids"))
        if (channels is None) == (users is None):  # "One of user_ids or channel_ids must be defined, but not both."
            return _fail("invalid_parameters")
        ids = channels if channels is not None else users
        if level not in ACCESS_LEVELS or not isinstance(ids, list) or not 1 <= len(ids) <= 20:
            return _fail("invalid_arguments")  # "Minimum: 1 Maximum: 20"
        if channels is not None and (level == "owner" or any(self._canvas_channel(str(c)) is None for c in ids)):
            return _fail("channel_not_found" if level != "owner" else "invalid_arguments")
        if users is not None and any(str(u) not in self.state.users for u in ids):
            return _fail("user_not_found")
        for entity in ids:
            canvas.access[str(entity)] = str(level)
        return {"ok": True}

    def api_canvases_access_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        """Removes the access entities had; regular channels only, as access.set. The page's
        invalid_parameters: "One of user_ids and channel_ids must be defined"; passing both is
        refused as access.set refuses it (the page does not say it is allowed)."""
        canvas = self._editable(str(args.get("canvas_id") or ""))
        if isinstance(canvas, dict):
            return canvas
        channels, users = _ids_of(args.get("channel_ids")), _ids_of(args.get("user_ids"))
        if (channels is None) == (users is None):
            return _fail("invalid_parameters")
        ids = channels if channels is not None else users
        if not isinstance(ids, list) or not ids:
            return _fail("invalid_arguments")
        if channels is not None and any(self._canvas_channel(str(c)) is None for c in ids):
            return _fail("channel_not_found")
        if users is not None and any(str(u) not in self.state.users for u in ids):
            return _fail("user_not_found")
        for entity in ids:
            canvas.access.pop(str(entity), None)
        return {"ok": True}

    def channel_canvas_of(self, channel: str) -> str | None:
        """The channel canvas's id, as conversations.info shows it (``properties.canvas.file_id``)."""
        found = [c.id for c in self.state.canvases.values() if c.is_channel_canvas and c.channel_id == channel]
        return found[0] if found else None
