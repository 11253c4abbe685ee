"""What the ticker posts for digests: the digest itself, then its chart in the digest's thread.
Registered in ``bot.app`` for their occurrence kinds.

While a workspace's portfolio is for its members (``domain.visibility``), a scheduled digest is not
posted in a channel shared with another organisation: a subscription made while it was open to
everyone stops there. Asked once per channel a tick; a post already being made (``posting``) is
not asked again. Without channels:read (installed before it was asked for) nobody can tell: the
digest is skipped with a reason naming the fix, not retried.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import metrics
from bot.features.canvases import portfolio
from bot.features.digests.blocks import digest_messages
from bot.features.digests.chart import portfolio_chart
from bot.slack.errors import error_code
from bot.ticker.posts import AskAgain, Post, Poster, Prepared, Round, Skip
from domain import digest_use_cases, posting, workspace_use_cases
from domain.checkins import Occurrence, OccurrenceKind, OccurrenceStatus
from domain.digest import Digest
from domain.ports import UnitOfWork
from domain.visibility import Visibility
from storage.collector import collector_paused

log = logging.getLogger("mlscope.tick")
CHART_TITLE = "Impact × feasibility"
UNANSWERED = AskAgain("conversations.info unanswered")


def channel_digest(uow: UnitOfWork, team_id: str, channel: str, *, scope: str, now: datetime) -> Digest:
    """A channel's digest, built with the collector paused: it turns the whole portfolio into
    objects and frees none of them until it is done (10,000 projects: 3.3 s → 1.2 s)."""
    with collector_paused():
        return digest_use_cases.digest_data(uow, team_id, channel, scope=scope, now=now)


def prepare_digests(round: Round, occurrences: list[Occurrence]) -> Mapping[int, Prepared]:
    prepared: dict[int, Prepared] = {}
    for occ in occurrences:
        withheld = _withheld(round, occ)
        if withheld is not None:
            prepared[occ.id or 0] = withheld
        elif occ.channel:
            with metrics.DIGEST_SECONDS.labels("message").time():
                digest = channel_digest(
                    round.deps.uow(), occ.team_id, occ.channel, scope=occ.payload.get("scope", ""), now=round.now
                )
                message, fallback = digest_messages(digest)  # a table, and the layout without it should Slack refuse it
                prepared[occ.id or 0] = Post(occ, occ.channel, message, fallback=fallback)
            portfolio.keep_current(round.client_for(occ.team_id), round.deps.uow(), digest, occ.channel, round.now)
    return prepared


def prepare_charts(round: Round, occurrences: list[Occurrence]) -> Mapping[int, Prepared]:
    return {occ.id or 0: _chart(round, occ) for occ in occurrences}


def _chart(round: Round, occ: Occurrence) -> Prepared:
    """The chart of the digest it follows, in that digest's thread; none for an empty portfolio."""
    uow = round.deps.uow()
    parent = posting.occurrence(uow, occ.parent_id) if occ.parent_id is not None else None
    if parent is None or not parent.ts or not parent.channel:
        return None
    with metrics.DIGEST_SECONDS.labels("chart").time():
        digest = channel_digest(uow, occ.team_id, parent.channel, scope=occ.payload.get("scope", ""), now=round.now)
        if digest.empty:
            return None
        chart = portfolio_chart(digest, workspace_use_cases.weights_for(uow, occ.team_id))
    return Post(occ, parent.channel, {"title": CHART_TITLE}, thread_ts=parent.ts, file=chart)


def _withheld(round: Round, occ: Occurrence) -> Skip | AskAgain | None:
    """Why a scheduled digest may not go out now, else None (see the module's docstring)."""
    if (
        not occ.channel
        or occ.payload.get("requested_by")  # checked when it was asked for
        or occ.status is OccurrenceStatus.POSTING
    ):
        return None
    key = ("shared", occ.team_id, occ.channel)
    if key not in round.cache:
        if workspace_use_cases.visibility(round.deps.uow(), occ.team_id) is not Visibility.MEMBERS:
            round.cache[key] = None
        else:
            round.cache[key] = _shared_with_another_org(round.client_for(occ.team_id), occ.channel)
    found: Skip | AskAgain | None = round.cache[key]
    return found


POSTERS = {
    OccurrenceKind.DIGEST: Poster(prepare_digests, follow_up=posting.chart_of),
    OccurrenceKind.CHART: Poster(prepare_charts),
}


def _shared_with_another_org(client: WebClient, channel: str) -> Skip | AskAgain | None:
    """None (post), a reason to skip, or ``UNANSWERED``: conversations.info's is_ext_shared (channels:read)."""
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        code, status = error_code(exc), exc.response.status_code if exc.response is not None else 0
        if code == "channel_not_found":
            return None  # posting says what to do
        if status == 429 or status >= 500:
            return UNANSWERED
        log.warning("cannot tell whether %s is shared with another organisation: %s", channel, code)
        if code == "missing_scope":
            return Skip("channels:read missing: reinstall MLScope to grant it (digests to members-only portfolios)")
        return Skip(f"conversations.info refused: {code}")
    except (URLError, OSError):
        return UNANSWERED
    if info.get("is_ext_shared") or info.get("is_pending_ext_shared"):
        return Skip("channel shared with another organisation")
    return None
