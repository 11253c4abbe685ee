"""chat.*: posting, ephemerals and updates, with Slack's rules for where a bot token may post."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from bot.standin import contract
from bot.standin.limits import message_violations
from bot.standin.records import Message, State, UploadedFile
from bot.standin.rich_limits import error_for


class ChatMethods:
    """Mixed into ``FakeSlack``: chat.postMessage, chat.postEphemeral, chat.update."""

    state: State
    clock: Callable[[], float]
    _ts: itertools.count[int]
    lock: threading.RLock
    message: Callable[[str, str], Message | None]
    slack_file_problems: Callable[[Any], tuple[list[str], list[str]]]
    assistant_replied: Callable[[str, str | None], None]

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

    def _blocks_problem(self, args: dict[str, Any], *, need_text: bool = True) -> dict[str, Any] | None:
        problems = message_violations(args.get("text"), args.get("blocks"))
        refused, processing = self.slack_file_problems(args.get("blocks"))
        if problems or refused:
            self.state.violations.extend(problems + refused)
            return {"ok": False, "error": error_for(problems), "errors": problems + refused}
        if processing:  # not the app's mistake: the same payload is accepted once Slack has processed the file
            return {"ok": False, "error": "invalid_blocks", "errors": processing}
        if need_text and not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        return None

    def response_problem(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """Why Slack refuses a response_url post's blocks (it answers 404 with the error, as
        https://github.com/slackapi/java-slack-sdk/issues/1349 shows for an image still processing)."""
        with self.lock:
            return None if body.get("delete_original") else self._blocks_problem(body, need_text=False)

    def _shown_files(self, blocks: Any) -> list[UploadedFile]:
        """The uploaded files image blocks show by id (already checked by ``_blocks_problem``)."""
        ids = [(b.get("slack_file") or {}).get("id") for b in blocks or [] if isinstance(b, dict) and b.get("type") == "image"]
        return [self.state.files[str(i)] for i in ids if i and str(i) in self.state.files]

    def api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, error = self._channel_for_post(str(args.get("channel", "")), public_ok=True)
        if error:
            return {"ok": False, "error": error}
        problem = self._blocks_problem(args)
        if problem:
            return problem
        for uploaded in self._shown_files(args.get("blocks")):  # a file shown in a message is shared where the message is
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
        self.assistant_replied(channel, args.get("thread_ts"))
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
