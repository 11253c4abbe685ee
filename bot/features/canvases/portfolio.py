"""A digest channel's portfolio canvas: created by ``/mlproject digest canvas [#channel]`` as the
channel's canvas (conversations.canvases.create), rewritten by every digest posted there
(canvases.edit ``replace`` without a section: the ranking moves as a whole).

A channel that already has a canvas someone made keeps it (``channel_canvas_already_exists``):
MLScope says so and never overwrites it. A plan or scope that forbids canvases is said once and
remembered (``bot.features.canvases.slack``); digests then post as before, without the canvas.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.features.canvases.portfolio_markdown import portfolio_document
from bot.features.canvases.slack import canvas_link, forbids, refusal_text, remember
from bot.features.digests import post as digest_post  # a module: digests.post imports this one
from bot.slack.errors import error_code
from bot.slack.tell import tell
from domain import canvas_use_cases, digest_use_cases
from domain.canvases import CanvasKind
from domain.digest import Digest
from domain.ports import UnitOfWork

log = logging.getLogger("mlscope.canvases")
PORTFOLIO = CanvasKind.PORTFOLIO
TITLE = "ML portfolio"


def open_portfolio(client: WebClient, deps: Deps, *, team: str, user: str, channel: str, here: str) -> None:
    """After the command's reply: the channel's portfolio canvas, created once, and its link."""
    say = lambda text: tell(client, user=user, channel=here, text=text)  # noqa: E731
    refusal = canvas_use_cases.refusal(deps.uow(), team)
    if refusal is not None and not refusal.asks_again(deps.now()):
        return say(refusal_text(refusal))
    if refusal is not None:  # an hour later, someone asks: Slack is asked once more
        canvas_use_cases.allowed_again(deps.uow(), team)
    existing = canvas_use_cases.canvas(deps.uow(), team, PORTFOLIO, channel)
    if existing is not None and existing.canvas_id:
        return say(f"<#{channel}>'s portfolio canvas: <{canvas_link(client, team, existing.canvas_id)}|open it>.")
    if canvas_use_cases.claim(deps.uow(), team, PORTFOLIO, channel, now=deps.now()) is None:
        return say(f"<#{channel}>'s portfolio canvas is being created; its link follows in a moment.")
    sub = digest_use_cases.digest_subscription(deps.uow(), team, channel)
    digest = digest_post.channel_digest(deps.uow(), team, channel, scope=sub.scope if sub else "", now=deps.now())
    content = {"type": "markdown", "markdown": portfolio_document(digest)}
    try:
        canvas_id = str(client.conversations_canvases_create(channel_id=channel, title=TITLE, document_content=content)["canvas_id"])
    except SlackApiError as exc:
        canvas_use_cases.forget(deps.uow(), team, PORTFOLIO, channel)
        if forbids(exc):
            return say(refusal_text(remember(deps.uow(), team, exc, "conversations.canvases.create", deps.now())))
        if error_code(exc) == "channel_canvas_already_exists":
            return say(f"<#{channel}> already has a channel canvas, which MLScope does not overwrite. The digests go on as before.")
        raise
    canvas_use_cases.created(deps.uow(), team, PORTFOLIO, channel, canvas_id, {})
    canvas_use_cases.allowed_again(deps.uow(), team)
    link = canvas_link(client, team, canvas_id)
    say(f"Created <#{channel}>'s portfolio canvas: <{link}|open it>. Every digest posted there keeps it current.")


def keep_current(client: WebClient, uow: UnitOfWork, digest: Digest, channel: str, now: datetime) -> None:
    """With every digest of ``channel``: rewrite its portfolio canvas. Never raises: the digest posts either way."""
    try:
        record = canvas_use_cases.canvas(uow, digest.team_id, PORTFOLIO, channel)
        if record is None or record.canvas_id is None or canvas_use_cases.refusal(uow, digest.team_id) is not None:
            return
        change = {"operation": "replace", "document_content": {"type": "markdown", "markdown": portfolio_document(digest)}}
        client.canvases_edit(canvas_id=record.canvas_id, changes=[change])
    except SlackApiError as exc:
        log.warning("portfolio canvas of %s not updated: %s", channel, error_code(exc))
        if error_code(exc) in ("canvas_not_found", "canvas_deleted"):
            canvas_use_cases.forget(uow, digest.team_id, PORTFOLIO, channel)
        elif forbids(exc):
            remember(uow, digest.team_id, exc, "canvases.edit", now)
    except Exception as exc:  # noqa: BLE001 - the canvas is a copy of the digest, which is what counts
        log.warning("portfolio canvas of %s not updated", channel, exc_info=exc)
