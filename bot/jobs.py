"""The tick: plan what is due, claim it, post it to Slack, record what happened.

``mlscope serve`` runs it every minute (APScheduler); ``mlscope tick`` runs it once. What is due
is planned, claimed, read and marked as being posted in a few batched statements, however many
check-ins are due. Channels are posted in parallel and each channel in order, so one
rate-limited channel does not hold up the others. A 429 is honoured (Retry-After) within the
tick's time budget, after which the channel is paced at Slack's one message per second; what
does not fit in the budget is released to a later tick; 5xx and network errors back off. Nothing
is lost: an occurrence stays pending until Slack's ts is recorded. Nothing is posted twice: a post
whose outcome is unknown (a crash, a timeout, a 5xx) stays ``posting`` and is looked for in Slack
before it is tried again (``bot.reconcile``).
"""

from __future__ import annotations

import logging
import os
import socket
import time
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.chart import portfolio_chart
from bot.deps import Deps
from bot.ids import OCCURRENCE_EVENT
from bot.reconcile import find_posted, join
from bot.slack_errors import error_code, explain
from bot.views.checkin import checkin_message, nudge_text
from bot.views.digest import digest_message
from domain import checkin_read_model, checkin_use_cases, digest_use_cases, posting, workspace_use_cases
from domain.checkins import Occurrence, OccurrenceKind, OccurrenceStatus, backoff
from domain.digest import Digest
from domain.ports import UnitOfWork
from domain.visibility import Visibility
from storage.collector import collector_paused
from storage.deliveries import Deliveries
from storage.slack_oauth import purge_expired_states

log = logging.getLogger("mlscope.tick")
PERMANENT_RETRY = timedelta(hours=1)
DELIVERY_MEMORY = timedelta(days=1)  # Slack retries within minutes; a day of ids is plenty
MAX_CHANNEL_WORKERS = 16
SLACK_CHANNEL_INTERVAL = 1.0  # chat.postMessage: about one message per second per channel

ClientFor = Callable[[str], WebClient]
LEASE_MARGIN = timedelta(seconds=20)  # no post starts this close to the end of its claim's lease
RETRY = object()  # _withheld: Slack did not answer; ask again soon
CHART_TITLE = "Impact × feasibility"


def holder_id() -> str:
    """Who holds a claim: host, process and a random suffix (one per process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class TickReport:
    planned: int = 0
    claimed: int = 0
    posted: int = 0
    reconciled: int = 0
    retried: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: TickReport) -> None:
        for name in ("planned", "claimed", "posted", "reconciled", "retried", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    def summary(self) -> str:
        return (
            f"planned {self.planned}, claimed {self.claimed}, posted {self.posted}, reconciled {self.reconciled}, "
            f"retried later {self.retried}, skipped {self.skipped}"
        )


@dataclass
class Post:
    """One occurrence ready to go out: where, what, and what to do when it has."""

    occ: Occurrence
    channel: str
    message: dict[str, Any]
    thread_ts: str | None = None
    file: bytes | None = None  # a chart: uploaded privately, then shown by an image block in the thread
    begun: bool = False  # marked as being posted already (with the rest of the tick's posts)


@dataclass
class ChannelPace:
    """Spaces posts to one channel once Slack has rate-limited it.

    Slack allows about one message per second per channel, with short bursts. Posting at full speed
    after the first 429 earns a 429 per message and a whole Retry-After second each; pacing from
    the last accepted post instead keeps the channel at the limit, with the database work of the
    next post done while waiting.
    """

    interval: float
    monotonic: Callable[[], float]
    limited: bool = False
    not_before: float = 0.0

    def accepted(self) -> None:
        if self.limited:
            self.not_before = self.monotonic() + self.interval

    def wait(self) -> float:
        """Seconds to wait before the next post (0 until the channel has been rate-limited)."""
        return max(0.0, self.not_before - self.monotonic())


def channel_digest(uow: UnitOfWork, team_id: str, channel: str, *, scope: str, now: datetime) -> Digest:
    """A channel's digest, built with the collector paused: it turns the whole portfolio into
    objects and frees none of them until it is done (10,000 projects: 3.3 s → 1.2 s)."""
    with collector_paused():
        return digest_use_cases.digest_data(uow, team_id, channel, scope=scope, now=now)


class Ticker:
    def __init__(
        self,
        deps: Deps,
        client_for: ClientFor,
        *,
        holder: str | None = None,
        budget_seconds: float = 50.0,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        nudge_after: timedelta = posting.NUDGE_AFTER,
        channel_interval: float = SLACK_CHANNEL_INTERVAL,
    ):
        self.deps, self.client_for = deps, client_for
        self.holder = holder or holder_id()
        self.budget, self.sleep, self.monotonic = budget_seconds, sleep, monotonic
        self.nudge_after = nudge_after
        self.channel_interval = channel_interval

    def run(self, *, now: datetime | None = None, only: list[int] | None = None) -> TickReport:
        now = now or self.deps.now()
        self._now = now
        report = TickReport()
        if only is None:
            report.planned = len(checkin_use_cases.plan_checkins(self.deps.uow(), now=now))
            report.planned += len(digest_use_cases.plan_digests(self.deps.uow(), now=now))
            Deliveries(self.deps.database.sessions).purge(now - DELIVERY_MEMORY)
            purge_expired_states(self.deps.database.engine, now)  # installs begun and never finished
        claimed = posting.claim_due(self.deps.uow(), self.holder, now=now, only=only)
        report.claimed = len(claimed)
        by_channel: dict[str, list[Post]] = defaultdict(list)
        views = checkin_read_model.checkin_views(self.deps.uow(), [o for o in claimed if o.kind is OccurrenceKind.CHECKIN])
        started, shared = self.monotonic(), {}
        for occ in claimed:
            withheld = self._withheld(occ, shared)
            if withheld is RETRY:  # Slack did not say whether the channel is shared: ask again soon
                self._retry(occ, backoff(occ.attempts + 1), "conversations.info unanswered", report)
                continue
            if withheld:
                posting.skip(self.deps.uow(), occ, self.holder, str(withheld))
                report.skipped += 1
                continue
            post = self._prepare(occ, views)
            if post is None:
                posting.skip(self.deps.uow(), occ, self.holder, "nothing to post")
                report.skipped += 1
            else:
                by_channel[post.channel].append(post)
        fresh = [p for posts in by_channel.values() for p in posts if p.occ.status is not OccurrenceStatus.POSTING]
        # posting begins now, however long preparing took: that is where a search after a crash starts
        begins = now + timedelta(seconds=self.monotonic() - started)
        begun = posting.begin_posts(self.deps.uow(), self.holder, [(p.occ, p.channel) for p in fresh], now=begins)
        for post in fresh:
            post.begun = post.occ.id in begun
        # every post starts while this holder's claim lasts, so no other process can take it meanwhile
        lease_left = (posting.LEASE - LEASE_MARGIN).total_seconds() - (self.monotonic() - started)
        deadline = self.monotonic() + min(self.budget, lease_left)
        if by_channel:
            with ThreadPoolExecutor(
                max_workers=min(MAX_CHANNEL_WORKERS, len(by_channel)), thread_name_prefix="tick"
            ) as pool:
                for channel_report in pool.map(lambda posts: self._post_channel(posts, deadline), by_channel.values()):
                    report.add(channel_report)
        return report

    def _withheld(self, occ: Occurrence, shared: dict[tuple[str, str], object]) -> object:
        """Why a scheduled digest may not go out now (a reason to skip it, or ``RETRY``), else None.

        While a workspace's portfolio is for its members (``domain.visibility``), a digest is not
        posted in a channel shared with another organisation: a subscription made while it was
        open to everyone stops there. Asked once per channel a tick; a post already being made
        (``posting``) is not asked again. Without channels:read (installed before it was asked
        for) nobody can tell: the digest is skipped with a reason naming the fix, not retried."""
        if (
            occ.kind is not OccurrenceKind.DIGEST
            or not occ.channel
            or occ.payload.get("requested_by")  # checked when it was asked for
            or occ.status is OccurrenceStatus.POSTING
        ):
            return None
        key = (occ.team_id, occ.channel)
        if key not in shared:
            if workspace_use_cases.visibility(self.deps.uow(), occ.team_id) is not Visibility.MEMBERS:
                shared[key] = None
            else:
                shared[key] = _shared_with_another_org(self.client_for(occ.team_id), occ.channel)
        return shared[key]

    def _prepare(self, occ: Occurrence, checkin_views: dict[int, checkin_read_model.CheckinView] | None = None) -> Post | None:
        """What to post for ``occ``; check-ins come from ``checkin_views``, read for all of them at once."""
        uow = self.deps.uow()
        if occ.kind is OccurrenceKind.CHECKIN:
            view = (checkin_views or {}).get(occ.id or 0)
            if (
                view is None
                or view.project.archived
                or (view.project.checkin is not None and view.project.checkin.paused)
            ):
                return None
            return Post(occ, view.project.problem.channel_id, checkin_message(view))
        if occ.kind is OccurrenceKind.NUDGE:
            found = checkin_read_model.nudge_needed(uow, occ)
            if found is None:
                return None
            parent, project = found
            assert parent.channel is not None
            return Post(occ, parent.channel, {"text": nudge_text(project)}, thread_ts=parent.ts)
        if occ.kind is OccurrenceKind.DIGEST and occ.channel:
            return Post(occ, occ.channel, digest_message(self._digest(uow, occ, occ.channel)))
        if occ.kind is OccurrenceKind.CHART and occ.parent_id is not None:
            parent = posting.occurrence(uow, occ.parent_id)
            if parent is None or not parent.ts or not parent.channel:
                return None
            digest = self._digest(uow, occ, parent.channel)
            if digest.empty:
                return None
            weights = workspace_use_cases.weights_for(uow, occ.team_id)
            return Post(
                occ,
                parent.channel,
                {"title": CHART_TITLE},
                thread_ts=parent.ts,
                file=portfolio_chart(digest, weights),
            )
        return None

    def _digest(self, uow: UnitOfWork, occ: Occurrence, channel: str) -> Digest:
        return channel_digest(uow, occ.team_id, channel, scope=occ.payload.get("scope", ""), now=self._now)

    def _post_channel(self, posts: list[Post], deadline: float) -> TickReport:
        report, pace = TickReport(), ChannelPace(self.channel_interval, self.monotonic)
        settled = self._reconcile([p for p in posts if p.occ.status is OccurrenceStatus.POSTING], report)
        for post in posts:
            if post.occ.id not in settled:
                self._post_one(post, deadline, report, pace)
        return report

    def _reconcile(self, unsure: list[Post], report: TickReport) -> set[int]:
        """Look in Slack for posts whose earlier attempt may have landed; the ids settled here
        (found, or to be looked for again later). The rest were not posted and may be now."""
        settled: set[int] = set()
        by_thread: dict[tuple[str, str | None], list[Post]] = defaultdict(list)
        for post in unsure:
            by_thread[(post.occ.team_id, post.thread_ts)].append(post)
        for (team_id, thread_ts), posts in by_thread.items():
            search = find_posted(
                self.client_for(team_id),
                posts[0].channel,
                [p.occ for p in posts],
                thread_ts=thread_ts,
                lease=posting.LEASE,
            )
            for post in posts:
                occ = post.occ
                assert occ.id is not None
                if occ.id in search.found:
                    posting.finish_post(
                        self.deps.uow(),
                        occ,
                        self.holder,
                        channel=post.channel,
                        ts=search.found[occ.id],
                        now=self._now,
                        nudge_after=self.nudge_after,
                    )
                    report.reconciled += 1
                    settled.add(occ.id)
                elif not search.complete:
                    posting.look_again_later(
                        self.deps.uow(),
                        occ,
                        self.holder,
                        retry_at=self._now + search.retry_in(occ.attempts + 1, refused=PERMANENT_RETRY),
                        error=f"looking for an earlier post: {search.error}",
                        searched=search.progress,
                    )
                    report.retried += 1
                    report.errors.append(f"search: {search.error}")
                    settled.add(occ.id)
        return settled

    def _post_one(self, post: Post, deadline: float, report: TickReport, pace: ChannelPace | None = None) -> None:
        occ, uow = post.occ, self.deps.uow()
        client = self.client_for(occ.team_id)
        if not post.begun and not posting.begin_post(uow, occ, self.holder, post.channel, now=self._now):
            return
        metadata = {"event_type": OCCURRENCE_EVENT, "event_payload": {"occurrence_id": occ.id}}
        pace = pace or ChannelPace(self.channel_interval, self.monotonic)
        chart: str | None = None  # a chart is uploaded once, however often Slack says wait
        joined = False
        while True:
            wait = pace.wait()
            if wait:
                if self.monotonic() + wait >= deadline:
                    self._retry(occ, timedelta(seconds=wait), "ratelimited", report)
                    return
                self.sleep(wait)
            try:
                if post.file is None:
                    response = client.chat_postMessage(
                        channel=post.channel, thread_ts=post.thread_ts, metadata=metadata, **post.message
                    )
                else:
                    chart = chart or self._upload(client, post)
                    client.files_completeUploadExternal(
                        files=[{"id": chart, "title": post.message["title"]}],
                        channel_id=post.channel,
                        thread_ts=post.thread_ts,
                    )
                    response = {"channel": post.channel, "ts": chart}  # a shared file's message has no ts here
            except SlackApiError as exc:
                status = exc.response.status_code if exc.response is not None else 0
                if status == 429:
                    pace.limited = True
                    wait = float(exc.response.headers.get("Retry-After", 1) or 1)
                    if self.monotonic() + wait < deadline:
                        self.sleep(wait)
                        continue
                    self._retry(occ, timedelta(seconds=wait), "ratelimited", report)
                elif status >= 500:
                    self._unknown(occ, f"slack {status}", report)
                elif error_code(exc) == "not_in_channel" and not joined and join(client, post.channel):
                    joined = True  # a file is shared only where the bot is (chat:write.public covers messages)
                    continue
                else:
                    self._refused(client, post, exc, report)
                return
            except (URLError, OSError) as exc:
                self._unknown(occ, f"network: {type(exc).__name__}", report)
                return
            pace.accepted()
            posting.finish_post(
                uow,
                occ,
                self.holder,
                channel=str(response["channel"]),
                ts=str(response["ts"]),
                now=self._now,
                nudge_after=self.nudge_after,
            )
            report.posted += 1
            if occ.kind is OccurrenceKind.DIGEST and occ.id is not None:
                self._post_chart_now(occ.id, deadline, report)
            return

    def _upload(self, client: WebClient, post: Post) -> str:
        """Upload the chart's bytes (not yet shared anywhere) and record the file's id before sharing
        it: a shared file's message carries no metadata, so after a crash it is found by this id."""
        assert post.file is not None
        issued = client.files_getUploadURLExternal(filename="portfolio.png", length=len(post.file))
        upload(str(issued["upload_url"]), post.file)
        file_id = str(issued["file_id"])
        posting.note_upload(self.deps.uow(), post.occ, self.holder, file_id)
        post.occ.payload = dict(post.occ.payload) | {"file_id": file_id}
        return file_id

    def _refused(self, client: WebClient, post: Post, exc: SlackApiError, report: TickReport) -> None:
        """Slack said no: nothing was posted. Tell whoever asked for it, or try again in an hour."""
        occ, code = post.occ, error_code(exc)
        log.warning("occurrence %s in %s refused by Slack: %s", occ.id, post.channel, code)
        requester = occ.payload.get("requested_by")
        if requester:
            _tell_requester(client, requester, explain(exc, channel=post.channel))
            posting.skip(self.deps.uow(), occ, self.holder, code)
            report.skipped += 1
        else:
            self._retry(occ, PERMANENT_RETRY, code, report)

    def _unknown(self, occ: Occurrence, error: str, report: TickReport) -> None:
        """Slack's answer was lost (a 5xx, a timeout): the message may be in Slack. Keep the
        occurrence ``posting`` so that the next attempt looks for it before posting again."""
        posting.look_again_later(
            self.deps.uow(), occ, self.holder, retry_at=self._now + backoff(occ.attempts + 1), error=error, searched={}
        )
        report.retried += 1
        report.errors.append(error)

    def _post_chart_now(self, digest_id: int, deadline: float, report: TickReport) -> None:
        """Upload the digest's chart right away (a later tick retries it if this fails)."""
        chart_id = posting.chart_of(self.deps.uow(), digest_id)
        if chart_id is None:
            return
        for occ in posting.claim_due(self.deps.uow(), self.holder, now=self._now, only=[chart_id]):
            post = self._prepare(occ)
            if post is None:
                posting.skip(self.deps.uow(), occ, self.holder, "nothing to chart")
                report.skipped += 1
            else:
                self._post_one(post, deadline, report)

    def _retry(self, occ: Occurrence, delay: timedelta, error: str, report: TickReport) -> None:
        posting.retry_later(self.deps.uow(), occ, self.holder, retry_at=self._now + delay, error=error)
        report.retried += 1
        report.errors.append(error)


def post_now(deps: Deps, occurrence_id: int) -> TickReport:
    """Post one occurrence at once (``checkin <ref>``, ``digest``), through the same path as the tick."""
    assert deps.client_for is not None
    return Ticker(deps, deps.client_for).run(only=[occurrence_id])


def _tell_requester(client: WebClient, user: str, text: str) -> None:
    try:
        client.chat_postMessage(channel=user, text=f"I could not post the digest you asked for: {text}")
    except SlackApiError as exc:
        log.warning("could not tell %s why a digest failed: %s", user, error_code(exc))


def upload(url: str, data: bytes) -> None:
    """POST a file's bytes to the URL files.getUploadURLExternal issued.
    https://docs.slack.dev/messaging/working-with-files#upload"""
    request = urllib.request.Request(url, data=data, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        if answer.status != 200:
            raise URLError(f"upload answered {answer.status}")

def _shared_with_another_org(client: WebClient, channel: str) -> object:
    """None (post), a reason to skip, or ``RETRY``: conversations.info's is_ext_shared (channels:read)."""
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        code, status = error_code(exc), exc.response.status_code if exc.response is not None else 0
        if code == "channel_not_found":
            return None  # posting says what to do
        if status == 429 or status >= 500:
            return RETRY
        log.warning("cannot tell whether %s is shared with another organisation: %s", channel, code)
        if code == "missing_scope":
            return "channels:read missing: reinstall MLScope to grant it (digests to members-only portfolios)"
        return f"conversations.info refused: {code}"
    except (URLError, OSError):
        return RETRY
    if info.get("is_ext_shared") or info.get("is_pending_ext_shared"):
        return "channel shared with another organisation"
    return None
