"""files.*: Slack's two-step external upload (an upload URL, then complete and share), and the upload endpoint."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from bot.standin.records import Message, State, UploadedFile


class FileMethods:
    """Mixed into ``FakeSlack``: files.getUploadURLExternal, the upload itself, files.completeUploadExternal."""

    state: State
    lock: threading.RLock
    _ids: itertools.count[int]
    base_url: str
    _next_ts: Callable[[], str]
    _channel_for_post: Callable[..., tuple[str | None, str | None]]

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
