"""Finding, after a crash, the scheduled posts a dead process may already have made.

Slack's chat.postMessage has no idempotency key, so exactly-once rests on this: every scheduled
message (check-in, digest, nudge) carries its occurrence id in message metadata, a chart's file id
is recorded before the file is shared into the digest's thread, and an occurrence marked
``posting`` is looked for in Slack (by metadata, or by that file id) before anyone posts it again. The search
works within what Slack allows a bot token (docs/slack-contract.md):

- it reads only between the first ``posting`` mark and the end of that claim's lease (plus a
  minute of clock skew either side), so a handful of messages, not a channel's whole history;
- top-level posts are read with conversations.history, thread replies (nudges, charts) with
  conversations.replies on their thread, one call per channel or thread for all that is unsure;
- a bot reads only channels it is in: it joins the channel first (channels:join; a no-op where it
  is a member already), since it may have posted there through chat:write.public without joining,
  and a refused read would spend the one call a minute; a private channel it has left can be
  neither joined, read nor posted to;
- apps outside the Marketplace get one call a minute and 15 messages a call: a search cut short
  by a 429 or by paging is resumed later from where it stopped (``Search.progress``), and until
  it completes nothing is posted. The cost of an unfinished search is a late post, never a
  second one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.errors import error_code
from bot.slack.ids import OCCURRENCE_EVENT
from bot.ticker.outcomes import PERMANENT_RETRY
from bot.ticker.posts import Post
from bot.ticker.report import TickReport
from domain import posting
from domain.checkins import Occurrence, backoff
from domain.posting import LEASE

if TYPE_CHECKING:
    from bot.ticker.tick import Ticker


SKEW = timedelta(minutes=1)
PAGE = 15  # the most a non-Marketplace app gets per call; more is not asked for


@dataclass
class Search:
    """What one search found: occurrence id → ts, and whether it covered the whole window."""

    found: dict[int, str] = field(default_factory=dict)
    complete: bool = True
    error: str | None = None
    retry_after: float | None = None
    progress: dict[str, Any] = field(default_factory=dict)  # where to resume (a ts bound), saved with each
    transient: bool = True  # False when Slack refused the search itself (no access, no scope)

    def retry_in(self, attempts: int, *, refused: timedelta) -> timedelta:
        """When to look again: when Slack says, soon after a transient failure, later after a refusal."""
        if self.retry_after:
            return timedelta(seconds=self.retry_after)
        return backoff(attempts) if self.transient else refused


def window(occurrences: list[Occurrence], lease: timedelta) -> tuple[float, float]:
    """Seconds since the epoch: from the earliest first attempt to the end of the latest lease."""
    starts = [o.posting_at or o.due_at for o in occurrences]
    return (min(starts) - SKEW).timestamp(), (max(starts) + lease + SKEW).timestamp()


def occurrence_of(message: dict[str, Any]) -> int | None:
    meta = message.get("metadata") or {}
    if meta.get("event_type") != OCCURRENCE_EVENT:
        return None
    value = (meta.get("event_payload") or {}).get("occurrence_id")
    return value if isinstance(value, int) else None


def find_posted(
    client: WebClient, channel: str, occurrences: list[Occurrence], *, thread_ts: str | None, lease: timedelta
) -> Search:
    """Look for ``occurrences`` (all in ``channel``, in ``thread_ts``'s thread if given) in Slack."""
    oldest, latest = window(occurrences, lease)
    resumed = _resumed(occurrences)
    # history pages go from newest to oldest, so a resumed search lowers ``latest``;
    # replies go from oldest to newest, so it raises ``oldest``
    if thread_ts is None:
        latest = min(latest, float(resumed or latest))
    else:
        oldest = max(oldest, float(resumed or oldest))
    wanted = {o.id for o in occurrences if o.id is not None}
    by_file = {str(o.payload["file_id"]): o.id for o in occurrences if o.id is not None and o.payload.get("file_id")}
    search, cursor = Search(), ""
    join(client, channel)
    while True:
        try:
            page = _read(client, channel, thread_ts, oldest=oldest, latest=latest, cursor=cursor)
        except (SlackApiError, URLError, OSError) as exc:
            return _cut_short(search, exc)
        messages = page.get("messages") or []
        for message in messages:
            _note_found(search, message, wanted, by_file)
        if messages:  # the next page starts past the last message read
            search.progress = {"bound": str(messages[-1]["ts"])}
        cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "")
        if wanted <= search.found.keys() or not page.get("has_more") or not cursor:
            return search


def _cut_short(search: Search, exc: Exception) -> Search:
    """The search as far as it went, and why it stopped (a 429 says when to look again)."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code if exc.response is not None else 0
        search.complete, search.error, search.transient = False, error_code(exc), status == 429 or status >= 500
        if status == 429:
            search.retry_after = float(exc.response.headers.get("Retry-After", 60) or 60)
    else:
        search.complete, search.error = False, f"network: {type(exc).__name__}"
    return search


def _note_found(search: Search, message: dict[str, Any], wanted: set[int], by_file: dict[str, int | None]) -> None:
    """The occurrence a message carries in its metadata, or the chart whose file it shares."""
    occurrence_id = occurrence_of(message)
    if occurrence_id in wanted:
        search.found[occurrence_id] = str(message["ts"])
    for shared in message.get("files") or []:  # a chart: a shared file's message, found by its id
        if str(shared.get("id")) in by_file:
            search.found[by_file[str(shared["id"])]] = str(shared["id"])


def _resumed(occurrences: list[Occurrence]) -> str | None:
    bounds = [str((o.payload.get("searched") or {}).get("bound") or "") for o in occurrences]
    return bounds[0] if bounds and bounds[0] and len(set(bounds)) == 1 else None


def _read(client: WebClient, channel: str, thread_ts: str | None, *, oldest: float, latest: float, cursor: str) -> Any:
    args: dict[str, Any] = {
        "channel": channel,
        "oldest": f"{oldest:.6f}",
        "latest": f"{latest:.6f}",
        "inclusive": True,
        "include_all_metadata": True,
        "limit": PAGE,
    }
    if cursor:
        args["cursor"] = cursor
    if thread_ts is None:
        return client.conversations_history(**args)
    return client.conversations_replies(ts=thread_ts, **args)


def join(client: WebClient, channel: str) -> bool:
    """Join a public channel (channels:join); False for a private one (which cannot be joined: the
    next call says why) or when Slack did not answer."""
    try:
        client.conversations_join(channel=channel)
    except (SlackApiError, URLError, OSError):
        return False
    return True


def settle_unsure(ticker: Ticker, unsure: list[Post], report: TickReport) -> set[int]:
    """Look in Slack for posts whose earlier attempt may have landed; the ids settled here
    (found, or to be looked for again later). The rest were not posted and may be now."""
    settled: set[int] = set()
    by_thread: dict[tuple[str, str | None], list[Post]] = defaultdict(list)
    for post in unsure:
        by_thread[(post.occ.team_id, post.thread_ts)].append(post)
    for (team_id, thread_ts), posts in by_thread.items():
        client = ticker.client_for(team_id)
        search = find_posted(client, posts[0].channel, [p.occ for p in posts], thread_ts=thread_ts, lease=LEASE)
        for post in posts:
            occ = post.occ
            assert occ.id is not None
            if occ.id in search.found:
                ticker.finished(occ, channel=post.channel, ts=search.found[occ.id])
                report.reconciled += 1
                settled.add(occ.id)
            elif not search.complete:
                _look_again_later(ticker, occ, search, report)
                settled.add(occ.id)
    return settled


def _look_again_later(ticker: Ticker, occ: Occurrence, search: Search, report: TickReport) -> None:
    posting.look_again_later(
        ticker.deps.uow(),
        occ,
        ticker.holder,
        retry_at=ticker.at + search.retry_in(occ.attempts + 1, refused=PERMANENT_RETRY),
        error=f"looking for an earlier post: {search.error}",
        searched=search.progress,
    )
    report.retried += 1
    report.errors.append(f"search: {search.error}")
