"""files.*: Slack's two-step external upload (an upload URL, then complete and share), the upload
endpoint, files.info, and what an image block may show of an upload (``slack_file_problems``)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from bot.standin import contract
from bot.standin.records import Message, State, UploadedFile

Block = dict[str, Any]


class FileMethods:
    """Mixed into ``FakeSlack``: files.getUploadURLExternal, the upload itself, files.completeUploadExternal."""

    state: State
    lock: threading.RLock
    clock: Callable[[], float]
    _ids: itertools.count[int]
    base_url: str
    _next_ts: Callable[[], str]
    _channel_for_post: Callable[..., tuple[str | None, str | None]]

    def api_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        uploaded = UploadedFile(file_id, str(args["filename"]), int(args["length"]), team_id=self.state.team_id)
        self.state.files[file_id] = uploaded
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
            found.completed_at = found.completed_at or self.clock()
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

    def add_file(self, file_id: str, data: bytes, filename: str, *, team_id: str | None = None) -> UploadedFile:
        """Set-up: a processed file, uploaded by the app (or, with ``team_id``, in another workspace)."""
        with self.lock:
            found = UploadedFile(file_id, filename, len(data), data, filename, team_id=team_id or self.state.team_id)
            found.completed_at = self.clock() - self.state.file_processing
            self.state.files[file_id] = found
            return found

    def _processed(self, found: UploadedFile) -> bool:
        return found.completed_at is not None and self.clock() >= found.completed_at + self.state.file_processing

    def api_files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        """The file; its mimetype stays empty until it is processed (see contract.FILE_PROCESSING_SECONDS)."""
        found = self.state.files.get(str(args.get("file") or ""))
        if found is None or found.team_id != self.state.team_id or found.completed_at is None:
            return {"ok": False, "error": "file_not_found"}
        mimetype = _mimetype(found) if self._processed(found) else ""
        return {"ok": True, "file": {"id": found.id, "name": found.filename, "title": found.title, "mimetype": mimetype}}

    def slack_file_problems(self, blocks: Any) -> tuple[list[str], list[str]]:
        """Why Slack would refuse the uploaded files image blocks and elements show by ``slack_file``:
        (problems of the payload, files still being processed). The file must exist in this
        workspace, be uploaded and processed, and be a png, jpg, jpeg or gif; ``id`` or ``url``, not both.
        https://docs.slack.dev/reference/block-kit/composition-objects/slack-file-object"""
        refused, processing = [], []
        for path, ref in _slack_files(blocks if isinstance(blocks, list) else []):
            where = f"invalid slack file [json-pointer:/{path}/slack_file]"
            if not isinstance(ref, dict) or bool(ref.get("id")) == bool(ref.get("url")):
                refused.append(f"{where}: give exactly one of id and url")
                continue
            found = self._file_of(ref)
            if found is None or found.team_id != self.state.team_id or found.completed_at is None:
                refused.append(f"{where}: no such uploaded file in this workspace")
            elif not _mimetype(found):
                refused.append(f"{where}: not a png, jpg, jpeg or gif image")
            elif not self._processed(found):
                processing.append(f"{where}: the file is still being processed")
        return refused, processing

    def _file_of(self, ref: dict[str, Any]) -> UploadedFile | None:
        if ref.get("id"):
            return self.state.files.get(str(ref["id"]))
        url = str(ref.get("url"))
        return next((f for f in self.state.files.values() if url in (url_private(f), permalink(f))), None)


def url_private(found: UploadedFile) -> str:
    return f"https://files.slack.com/files-pri/{found.team_id}-{found.id}/{found.filename}"


def permalink(found: UploadedFile) -> str:
    return f"https://stand-in.slack.com/files/UBOT/{found.id}/{found.filename}"


def _mimetype(found: UploadedFile) -> str:
    """An image's type from its bytes and name, as Slack reads it; '' for anything else."""
    if not found.filename.lower().endswith(contract.IMAGE_EXTENSIONS):
        return ""
    return next((kind for magic, kind in contract.IMAGE_TYPES.items() if found.data.startswith(magic)), "")


def _slack_files(blocks: list[Block]) -> list[tuple[str, Any]]:
    """(json pointer, slack_file) of every image block, section accessory and context image."""
    found = []
    for i, block in enumerate(b for b in blocks if isinstance(b, dict)):
        candidates = [(f"blocks/{i}", block)]
        if isinstance(block.get("accessory"), dict):
            candidates.append((f"blocks/{i}/accessory", block["accessory"]))
        for j, element in enumerate(block.get("elements") or [] if block.get("type") == "context" else []):
            candidates.append((f"blocks/{i}/elements/{j}", element))
        found += [(path, el["slack_file"]) for path, el in candidates if isinstance(el, dict) and el.get("type") == "image" and "slack_file" in el]
    return found
