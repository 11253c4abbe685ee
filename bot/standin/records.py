"""What the stand-in knows and records: channels, people, messages, files, calls, scripted failures.

Plain dataclasses; ``State`` holds one workspace's worth of them. The stand-in's parts
(``bot.standin.fake_slack`` and the modules it is made of) read and change them under its lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.standin import contract


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float


@dataclass
class Channel:
    id: str
    name: str
    is_member: bool = True
    is_private: bool = False
    is_ext_shared: bool = False  # shared with another organisation (Slack Connect)


@dataclass
class User:
    id: str
    name: str
    tz: str = "UTC"
    is_admin: bool = False
    team_id: str = "T1"
    is_restricted: bool = False  # a multi-channel guest
    is_ultra_restricted: bool = False  # a single-channel guest


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    user: str = "UBOT"
    metadata: dict[str, Any] | None = None
    visible_to: str | None = None  # an ephemeral message: only this user sees it
    files: list[str] = field(default_factory=list)


@dataclass
class UploadedFile:
    id: str
    filename: str
    length: int
    data: bytes = b""
    title: str = ""
    channel: str | None = None
    thread_ts: str | None = None
    team_id: str = "T1"  # the workspace it was uploaded to
    completed_at: float | None = None  # files.completeUploadExternal; processed FILE_PROCESSING_SECONDS later


@dataclass
class Scripted:
    """One scripted answer: a Slack error, or an HTTP status (429 with Retry-After, 5xx).

    ``status=0``: the connection drops with no answer. ``lost``: the call takes effect and only
    its answer is the failure, as when Slack answers a 5xx after posting ("fatal_error … it's possible some aspect of the operation succeeded",
    https://docs.slack.dev/reference/methods/chat.postMessage) or the connection drops."""

    error: str | None = None
    status: int = 200
    retry_after: int | None = None
    lost: bool = False
    passes: bool = False  # answered as usual (lets a failure be scripted for a later call)


@dataclass
class State:
    team_id: str = "T1"
    bot_user_id: str = "UBOT"
    channels: dict[str, Channel] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    home: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    script: dict[str, list[Scripted]] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    file_processing: float = contract.FILE_PROCESSING_SECONDS  # how long an upload is processed before it can be shown
    rate: tuple[float, int] | None = None  # (messages per second per channel, burst)
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # channel -> (tokens, at)
    version: int = 0  # grows with every call and change, so a page can poll cheaply
    scopes: frozenset[str] = contract.GRANTED_SCOPES
    history_limits: tuple[int, int] = contract.NON_MARKETPLACE_HISTORY  # (calls a minute, messages a call)
    history_calls: dict[str, list[float]] = field(default_factory=dict)  # method -> times of recent calls
    triggers: dict[str, tuple[float, str | None]] = field(default_factory=dict)  # id -> (issued at, user)
    response_urls: dict[str, list[float]] = field(default_factory=dict)  # path -> [issued at, uses...]
    issued_tokens: list[str] = field(default_factory=list)  # bot tokens oauth.v2.access handed out
    revoked: set[str] = field(default_factory=set)  # tokens Slack no longer accepts (the app was removed)
    canvases: dict[str, Any] = field(default_factory=dict)  # id -> bot.standin.canvas_doc.Canvas
    canvas_plan: str = "paid"  # paid | free | disabled (bot.standin.web_api.canvases)
