"""A digest channel's portfolio canvas: created by ``/mlproject digest canvas [#channel]`` as the
channel's canvas (conversations.canvases.create), rewritten by every digest posted there
(canvases.edit ``replace`` without a section: the ranking moves as a whole).

A channel that already has a canvas someone made keeps it (``channel_canvas_already_exists``):
MLScope says so and never overwrites it; a channel canvas MLScope's bot made (a create whose
answer was lost) is adopted. The create is never resent (``bot.slack.clients.CREATES``): when
Slack's answer is lost the claim stays, the person is asked to try again in a couple of minutes,
and the next try finds the canvas. A plan or scope that forbids canvases is said once and
remembered (``bot.features.canvases.slack``); digests then post as before, without the canvas.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.features.canvases.portfolio_markdown import MARK, people_of, portfolio_document
from bot.features.canvases.slack import (
    canvas_link,
    channel_canvas_by_bot,
    forbids,
    outcome_unknown,
    refusal_text,
    remember,
)
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
        return say(f"<#{channel}>'s portfolio canvas is being created by someone else; ask again in a minute for its link.")
    sub = digest_use_cases.digest_subscription(deps.uow(), team, channel)
    digest = digest_post.channel_digest(deps.uow(), team, channel, scope=sub.scope if sub else "", now=deps.now())
    content = {"type": "markdown", "markdown": portfolio_document(digest, names_of(client, people_of(digest)))}
    try:
        canvas_id = str(client.conversations_canvases_create(channel_id=channel, title=TITLE, document_content=content)["canvas_id"])
    except Exception as exc:
        if outcome_unknown(exc):  # the claim stays: the canvas may exist, and the next try finds it
            log.warning("portfolio canvas of %s: Slack's answer to the create was lost (%s)", channel, _cause(exc))
            return say(f"Slack did not say whether <#{channel}>'s portfolio canvas was created. Ask again in a couple of minutes.")
        assert isinstance(exc, SlackApiError)
        if error_code(exc) == "channel_canvas_already_exists":
            return _adopt_or_leave(client, deps, team, channel, say)
        canvas_use_cases.forget(deps.uow(), team, PORTFOLIO, channel)
        if forbids(exc):
            return say(refusal_text(remember(deps.uow(), team, exc, "conversations.canvases.create", deps.now())))
        raise
    _created(client, deps, team, channel, canvas_id, say)


def _adopt_or_leave(client: WebClient, deps: Deps, team: str, channel: str, say: Callable[[str], None]) -> None:
    """The channel has a canvas: MLScope's own (an earlier create whose answer was lost) is adopted;
    anyone else's is left alone."""
    try:
        mine = channel_canvas_by_bot(client, channel, MARK)
    except Exception as exc:  # noqa: BLE001 - the claim stays; the next try looks again
        log.warning("portfolio canvas of %s: could not look up the channel's canvas (%s)", channel, _cause(exc))
        return say(f"I could not check <#{channel}>'s channel canvas. Ask again in a couple of minutes.")
    if mine is not None:
        return _created(client, deps, team, channel, mine, say)
    canvas_use_cases.forget(deps.uow(), team, PORTFOLIO, channel)
    say(f"<#{channel}> already has a channel canvas, which MLScope does not overwrite. The digests go on as before.")


def _created(client: WebClient, deps: Deps, team: str, channel: str, canvas_id: str, say: Callable[[str], None]) -> None:
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
        markdown = portfolio_document(digest, names_of(client, people_of(digest)))
        change = {"operation": "replace", "document_content": {"type": "markdown", "markdown": markdown}}
        client.canvases_edit(canvas_id=record.canvas_id, changes=[change])
    except SlackApiError as exc:
        log.warning("portfolio canvas of %s not updated: %s", channel, error_code(exc))
        if error_code(exc) in ("canvas_not_found", "canvas_deleted"):
            canvas_use_cases.forget(uow, digest.team_id, PORTFOLIO, channel)
        elif forbids(exc):
            remember(uow, digest.team_id, exc, "canvases.edit", now)
    except Exception as exc:  # noqa: BLE001 - the canvas is a copy of the digest, which is what counts
        log.warning("portfolio canvas of %s not updated", channel, exc_info=exc)


def _cause(exc: Exception) -> str:
    return error_code(exc) if isinstance(exc, SlackApiError) else type(exc).__name__


def names_of(client: WebClient, users: set[str]) -> dict[str, str]:
    """Each user's name as Slack shows it (display name, else real name, else handle), one
    users.info each (Tier 4, https://docs.slack.dev/reference/methods/users.info); a user Slack
    does not answer for is left out (the canvas says "unknown")."""
    names: dict[str, str] = {}
    for user in sorted(users):
        try:
            found = client.users_info(user=user)["user"]
        except SlackApiError as exc:
            log.info("no name for %s: %s", user, error_code(exc))
            continue
        profile = found.get("profile") or {}
        name = profile.get("display_name") or found.get("real_name") or found.get("name")
        if name:
            names[user] = str(name)
    return names
