"""conversations.*: history and replies (paged, with the app's tier limits), info and join."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.standin.records import Message, State


class ConversationMethods:
    """Mixed into ``FakeSlack``: what a bot token may read of channels, and joining one."""

    state: State
    message: Callable[[str, str], Message | None]

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
                **self._canvas_property(channel.id),
            },
        }

    def _canvas_property(self, channel: str) -> dict[str, Any]:
        """``properties.canvas`` when the channel has a channel canvas (file_id, is_empty), as
        @slack/web-api's ConversationsInfoResponse types it."""
        canvas_id = self.channel_canvas_of(channel)  # type: ignore[attr-defined]
        if canvas_id is None:
            return {}
        empty = not self.state.canvases[canvas_id].sections
        return {"properties": {"canvas": {"file_id": canvas_id, "is_empty": empty}}}

    def api_conversations_join(self, args: dict[str, Any]) -> dict[str, Any]:
        """https://docs.slack.dev/reference/methods/conversations.join: public channels only."""
        channel = self.state.channels.get(str(args.get("channel")))
        if channel is None or (channel.is_private and not channel.is_member):
            return {"ok": False, "error": "channel_not_found"}
        if channel.is_private:
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        channel.is_member = True
        return {"ok": True, "channel": {"id": channel.id}}
