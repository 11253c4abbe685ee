"""The tick: plan what is due, claim it, have its feature prepare it, post it, record what happened.

``mlscope serve`` runs it every minute (``bot.ticker.every_minute``); ``mlscope tick`` runs it once.
What is due is planned, claimed, read and marked as being posted in a few batched statements,
however many check-ins are due. Channels are posted in parallel and each channel in order, so one
rate-limited channel does not hold up the others. A 429 is honoured (Retry-After) within the
tick's time budget, after which the channel is paced at Slack's one message per second; what
does not fit in the budget is released to a later tick; 5xx and network errors back off. Nothing
is lost: an occurrence stays pending until Slack's ts is recorded. Nothing is posted twice: a post
whose outcome is unknown (a crash, a timeout, a 5xx) stays ``posting`` and is looked for in Slack
before it is tried again (``bot.ticker.reconcile``).

What a post says belongs to its feature (``bot.ticker.posts``): this module knows none.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from bot import metrics
from bot.deps import Deps
from bot.slack import failures
from bot.ticker.pace import SLACK_CHANNEL_INTERVAL, ChannelPace
from bot.ticker.posts import AskAgain, ClientFor, Post, Posters, Round, Skip
from bot.ticker.reconcile import settle_unsure
from bot.ticker.report import TickReport
from bot.ticker.send import Attempt
from domain import checkin_use_cases, digest_use_cases, posting
from domain.checkins import Occurrence, OccurrenceStatus, backoff
from storage.deliveries import Deliveries
from storage.slack_oauth import purge_expired_states

log = logging.getLogger("mlscope.tick")

DELIVERY_MEMORY = timedelta(days=1)  # Slack retries within minutes; a day of ids is plenty
MAX_CHANNEL_WORKERS = 16
LEASE_MARGIN = timedelta(seconds=20)  # no post starts this close to the end of its claim's lease


def holder_id() -> str:
    """Who holds a claim: host, process and a random suffix (one per process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Ticker:
    at: datetime  # the time the running tick runs at

    def __init__(
        self,
        deps: Deps,
        client_for: ClientFor,
        *,
        holder: str | None = None,
        posters: Posters | None = None,
        budget_seconds: float = 50.0,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        nudge_after: timedelta = posting.NUDGE_AFTER,
        channel_interval: float = SLACK_CHANNEL_INTERVAL,
    ):
        self.deps, self.client_for = deps, client_for
        self.holder = holder or holder_id()
        self.posters: Posters = posters if posters is not None else deps.posters
        self.budget, self.sleep, self.monotonic = budget_seconds, sleep, monotonic
        self.nudge_after = nudge_after
        self.channel_interval = channel_interval

    def run(self, *, now: datetime | None = None, only: list[int] | None = None) -> TickReport:
        """A tick (``only``: just these occurrences, as ``post_now`` asks), timed and counted in ``bot.metrics``."""
        started = time.perf_counter()
        try:
            report = self._run(now, only)
        finally:
            if only is None:
                metrics.TICK_SECONDS.observe(time.perf_counter() - started)
        metrics.count_ticked(report)
        return report

    def _run(self, now: datetime | None, only: list[int] | None) -> TickReport:
        now = now or self.deps.now()
        self.at = now
        report = TickReport()
        if only is None:
            report.planned = self._plan(now)
        claimed = posting.claim_due(self.deps.uow(), self.holder, now=now, only=only)
        report.claimed = len(claimed)
        started = self.monotonic()
        by_channel = self._prepare(claimed, report)
        fresh = [p for posts in by_channel.values() for p in posts if p.occ.status is not OccurrenceStatus.POSTING]
        # posting begins now, however long preparing took: that is where a search after a crash starts
        begins = now + timedelta(seconds=self.monotonic() - started)
        begun = posting.begin_posts(self.deps.uow(), self.holder, [(p.occ, p.channel) for p in fresh], now=begins)
        for post in fresh:
            post.begun = post.occ.id in begun
        # every post starts while this holder's claim lasts, so no other process can take it meanwhile
        lease_left = (posting.LEASE - LEASE_MARGIN).total_seconds() - (self.monotonic() - started)
        self._post_channels(by_channel, self.monotonic() + min(self.budget, lease_left), report)
        return report

    def _plan(self, now: datetime) -> int:
        planned = len(checkin_use_cases.plan_checkins(self.deps.uow(), now=now))
        planned += len(digest_use_cases.plan_digests(self.deps.uow(), now=now))
        Deliveries(self.deps.database.sessions).purge(now - DELIVERY_MEMORY)
        purge_expired_states(self.deps.database.engine, now)  # installs begun and never finished
        return planned

    def _prepare(self, claimed: list[Occurrence], report: TickReport) -> dict[str, list[Post]]:
        """Each kind's occurrences to its poster at once; the posts by channel, in the claimed order."""
        shared = Round(self.deps, self.client_for, self.at)
        prepared: dict[int, object] = {}
        for kind in dict.fromkeys(o.kind for o in claimed):
            poster = self.posters.get(kind)
            if poster is not None:
                prepared.update(poster.prepare(shared, [o for o in claimed if o.kind is kind]))
        by_channel: dict[str, list[Post]] = defaultdict(list)
        for occ in claimed:
            outcome = prepared.get(occ.id or 0)
            if occ.kind not in self.posters:
                self.no_poster(occ, report)
            elif isinstance(outcome, AskAgain):  # Slack did not say what the post depends on: ask again soon
                self.retry(occ, backoff(occ.attempts + 1), outcome.error, report)
            elif isinstance(outcome, Post):
                by_channel[outcome.channel].append(outcome)
            else:
                reason = outcome.reason if isinstance(outcome, Skip) else "nothing to post"
                posting.skip(self.deps.uow(), occ, self.holder, reason)
                report.skipped += 1
        return by_channel

    def _post_channels(self, by_channel: dict[str, list[Post]], deadline: float, report: TickReport) -> None:
        if not by_channel:
            return
        workers = min(MAX_CHANNEL_WORKERS, len(by_channel))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tick") as pool:
            for channel_report in pool.map(lambda posts: self._post_channel(posts, deadline), by_channel.values()):
                report.add(channel_report)

    def _post_channel(self, posts: list[Post], deadline: float) -> TickReport:
        report, pace = TickReport(), ChannelPace(self.channel_interval, self.monotonic)
        unsure = [p for p in posts if p.occ.status is OccurrenceStatus.POSTING]
        settled = settle_unsure(self, unsure, report)
        for post in posts:
            if post.occ.id not in settled:
                self.post_one(post, deadline, report, pace)
        return report

    def post_one(self, post: Post, deadline: float, report: TickReport, pace: ChannelPace | None = None) -> None:
        occ = post.occ
        if not post.begun and not posting.begin_post(self.deps.uow(), occ, self.holder, post.channel, now=self.at):
            return
        pace = pace or ChannelPace(self.channel_interval, self.monotonic)
        if Attempt(self, post, deadline, report, pace).run():
            poster = self.posters.get(occ.kind)
            if poster is not None and poster.follow_up is not None and occ.id is not None:
                self._post_follow_up(poster.follow_up(self.deps.uow(), occ.id), deadline, report)

    def _post_follow_up(self, follow_up: int | None, deadline: float, report: TickReport) -> None:
        """Post what follows a post right away (a digest's chart; a later tick retries it if this fails)."""
        if follow_up is None:
            return
        for occ in posting.claim_due(self.deps.uow(), self.holder, now=self.at, only=[follow_up]):
            poster = self.posters.get(occ.kind)
            if poster is None:
                self.no_poster(occ, report)
                continue
            post = poster.prepare(Round(self.deps, self.client_for, self.at), [occ]).get(occ.id or 0)
            if isinstance(post, Post):
                self.post_one(post, deadline, report)
            else:
                posting.skip(self.deps.uow(), occ, self.holder, "nothing to chart")
                report.skipped += 1

    def finished(self, occ: Occurrence, *, channel: str, ts: str) -> None:
        posting.finish_post(
            self.deps.uow(), occ, self.holder, channel=channel, ts=ts, now=self.at, nudge_after=self.nudge_after
        )

    def retry(self, occ: Occurrence, delay: timedelta, error: str, report: TickReport) -> None:
        posting.retry_later(self.deps.uow(), occ, self.holder, retry_at=self.at + delay, error=error)
        report.retried += 1
        report.errors.append(error)

    def no_poster(self, occ: Occurrence, report: TickReport) -> None:
        """No feature registered this kind (a wiring mistake): the work is kept for a later tick, never skipped."""
        log.error("no poster for %s occurrences: occurrence %s left for a later tick", occ.kind.value, occ.id)
        self.retry(occ, backoff(occ.attempts + 1), f"no poster for {occ.kind.value}", report)

    def unknown(self, occ: Occurrence, error: str, report: TickReport) -> None:
        """Slack's answer was lost (a 5xx, a timeout): the message may be in Slack. Keep the
        occurrence ``posting`` so that the next attempt looks for it before posting again."""
        posting.look_again_later(
            self.deps.uow(), occ, self.holder, retry_at=self.at + backoff(occ.attempts + 1), error=error, searched={}
        )
        report.retried += 1
        report.errors.append(error)


@failures.after_save(
    "It is saved, but I could not post it right away ({cause}). "
    "It stays queued and goes out with the next scheduled run, within minutes."
)
def post_now(deps: Deps, occurrence_id: int) -> TickReport:
    """Post one occurrence at once (``checkin <ref>``, ``digest``), through the same path as the tick."""
    assert deps.client_for is not None
    return Ticker(deps, deps.client_for).run(only=[occurrence_id])
