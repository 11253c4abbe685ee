"""Every scheduled post reaches Slack exactly once, even when a process dies or Slack's answer is lost.

Slack has no idempotency key for chat.postMessage: a post whose outcome is unknown stays
``posting`` and is looked for (by its metadata) before anyone tries again, within the limits Slack
gives a bot token: membership, one history call a minute, 15 messages a call (bot.reconcile).
"""

import os
import signal
import time
from collections import Counter
from datetime import timedelta

import pytest

from bot.standin.records import Message
from bot.ticker import Ticker
from domain import checkin_use_cases, digest_use_cases, posting
from domain.checkins import OccurrenceStatus
from storage.orm import OccurrenceRow
from tests.bot.test_checkins import TUESDAY_DUE, checkin_posts, make_project
from tests.bot.test_tick_processes import tick_process

AFTER_THE_LEASE = TUESDAY_DUE + posting.LEASE + timedelta(seconds=1)


@pytest.fixture
def slack_time(fake):
    """The stand-in's clock at the tick's time, so that message ts and ``now`` agree as in production."""

    class Clock:
        now = TUESDAY_DUE

        def __call__(self):
            return self.now.timestamp()

    clock = Clock()
    fake.clock = clock
    return clock


@pytest.fixture
def ticker(bot):
    return Ticker(bot.app.deps, bot.app.deps.client_for, holder="taker", sleep=lambda s: None)


def occurrence_status(database, occurrence_id):
    with database.uow() as uow:
        return uow.occurrences.get(occurrence_id)


def posted_by_occurrence(fake):
    return Counter(m.metadata["event_payload"]["occurrence_id"] for m in fake.state.messages if m.metadata)


def crash_after_posting(database, fake, channel="C2"):
    """A process claims the due check-in, marks it, posts it to Slack, and dies before recording it."""
    checkin_use_cases.plan_checkins(database.uow(), now=TUESDAY_DUE)
    [occ] = posting.claim_due(database.uow(), "dead", now=TUESDAY_DUE)
    posting.begin_post(database.uow(), occ, "dead", channel, now=TUESDAY_DUE)
    fake.state.messages.append(
        Message(
            channel,
            f"{TUESDAY_DUE.timestamp() + 1:.6f}",
            "check-in",
            [],
            metadata={"event_type": "mlscope_occurrence", "event_payload": {"occurrence_id": occ.id}},
        )
    )
    return occ


def test_a_post_whose_answer_was_lost_is_looked_for_before_it_is_tried_again(ticker, database, fake, slack_time):
    make_project(database)
    fake.fail_next("chat.postMessage", status=503, lost=True)  # Slack posted, then answered 503
    first = ticker.run(now=TUESDAY_DUE)
    assert (first.posted, first.retried) == (0, 1)
    [post] = checkin_posts(fake)
    assert occurrence_status(database, post.metadata["event_payload"]["occurrence_id"]).status is (
        OccurrenceStatus.POSTING
    ), "unknown outcome: kept as posting, not released to be posted again"
    slack_time.now = TUESDAY_DUE + timedelta(minutes=1)
    again = ticker.run(now=TUESDAY_DUE + timedelta(minutes=1))
    assert (again.reconciled, again.posted) == (1, 0)
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert occurrence_status(database, post.metadata["event_payload"]["occurrence_id"]).ts == post.ts


def test_a_post_whose_connection_dropped_after_slack_posted_it_is_not_resent_by_the_client(
    ticker, database, fake, slack_time
):
    make_project(database)
    fake.fail_next("chat.postMessage", status=0, lost=True)  # posted, then the connection dropped
    assert ticker.run(now=TUESDAY_DUE).retried == 1
    assert len(fake.calls_to("chat.postMessage")) == 1, "the client did not retry a post on its own"
    slack_time.now = TUESDAY_DUE + timedelta(minutes=1)
    assert ticker.run(now=TUESDAY_DUE + timedelta(minutes=1)).reconciled == 1
    assert len(checkin_posts(fake)) == 1


def test_a_post_slack_refused_with_a_429_is_simply_posted_later(ticker, database, fake, slack_time):
    make_project(database)
    fake.fail_next("chat.postMessage", status=429, retry_after=120)
    assert ticker.run(now=TUESDAY_DUE).retried == 1
    assert ticker.run(now=TUESDAY_DUE + timedelta(minutes=3)).posted == 1
    assert fake.calls_to("conversations.history") == [], "a 429 means nothing was posted: no search needed"
    assert len(checkin_posts(fake)) == 1


def test_a_public_channel_the_bot_never_joined_is_joined_to_read_a_crashed_post_back(
    ticker, database, fake, slack_time
):
    """chat:write.public posts without joining, but only members may read history."""
    make_project(database, channel="COUT")
    occ = crash_after_posting(database, fake, channel="COUT")
    report = ticker.run(now=AFTER_THE_LEASE)
    assert (report.reconciled, report.posted) == (1, 0)
    assert [c.args["channel"] for c in fake.calls_to("conversations.join")] == ["COUT"]
    assert posted_by_occurrence(fake)[occ.id] == 1


def test_a_search_cut_short_by_slacks_limits_resumes_where_it_stopped_and_never_posts_twice(
    ticker, database, fake, slack_time
):
    """Outside the Marketplace: one history call a minute, 15 messages a call."""
    make_project(database)
    occ = crash_after_posting(database, fake)
    for n in range(40):  # a busy channel right after the crashed post
        fake.state.messages.append(
            Message("C2", f"{TUESDAY_DUE.timestamp() + 2 + n:.6f}", f"chatter {n}", [], user="U2")
        )
    now, reconciled = AFTER_THE_LEASE, 0
    for _ in range(6):
        slack_time.now = now
        report = ticker.run(now=now)
        reconciled += report.reconciled
        assert report.posted == 0, "nothing is posted while the search is unfinished"
        if reconciled:
            break
        now += timedelta(minutes=1)
    assert reconciled == 1
    assert posted_by_occurrence(fake)[occ.id] == 1
    bounds = [float(c.args["latest"]) for c in fake.calls_to("conversations.history")]
    assert bounds == sorted(bounds, reverse=True) and len(set(bounds)) >= 2, "each tick went on from where it stopped"


def test_a_search_slack_refuses_posts_nothing_and_looks_again_in_an_hour(ticker, database, fake, slack_time):
    make_project(database, channel="CPRIV")
    crash_after_posting(database, fake, channel="CPRIV")  # the bot was in #secret-ml then, and was removed
    report = ticker.run(now=AFTER_THE_LEASE)
    assert (report.reconciled, report.posted, report.retried) == (0, 0, 1)
    assert fake.calls_to("chat.postMessage") == []
    [occ] = [o for o in posting.claim_due(database.uow(), "x", now=AFTER_THE_LEASE + timedelta(hours=1))]
    assert occ.status is OccurrenceStatus.POSTING and "channel_not_found" in (occ.last_error or "")


def test_a_nudge_carries_its_occurrence_and_is_found_in_its_thread_after_a_crash(ticker, database, fake, slack_time):
    make_project(database)
    ticker.run(now=TUESDAY_DUE)
    [checkin] = checkin_posts(fake)
    nudge_time = TUESDAY_DUE + posting.NUDGE_AFTER
    slack_time.now = nudge_time
    fake.fail_next("chat.postMessage", status=500, lost=True)
    assert ticker.run(now=nudge_time).retried == 1
    [nudge] = [m for m in fake.messages_in("C2") if m.thread_ts == checkin.ts]
    assert nudge.metadata["event_type"] == "mlscope_occurrence"
    slack_time.now = nudge_time + timedelta(minutes=1)
    report = ticker.run(now=nudge_time + timedelta(minutes=1))
    assert (report.reconciled, report.posted) == (1, 0)
    assert len(fake.calls_to("conversations.replies")) == 1
    assert len([m for m in fake.messages_in("C2") if m.thread_ts == checkin.ts]) == 1


def test_a_digest_chart_shared_before_a_crash_is_found_by_its_file_not_shared_again(
    bot, database, fake, slack_time
):
    """A shared file's message carries no metadata: the file's id, recorded before sharing, finds it."""
    make_project(database, schedule=None)
    digest_id = digest_use_cases.add_manual_digest(database.uow(), "T1", "C2", scope="", actor="U1", now=TUESDAY_DUE)
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="taker", sleep=lambda s: None)
    fake.fail_next("files.completeUploadExternal", status=500, lost=True)  # shared, then the answer is lost
    ticker.run(now=TUESDAY_DUE, only=[digest_id])
    [digest] = [m for m in fake.messages_in("C2") if m.thread_ts is None and m.metadata]
    [shared] = [m for m in fake.messages_in("C2") if m.thread_ts == digest.ts]
    [chart] = fake.files_in("C2")
    assert shared.files == [chart.id] and chart.thread_ts == digest.ts
    slack_time.now = TUESDAY_DUE + timedelta(minutes=5)
    report = ticker.run(now=TUESDAY_DUE + timedelta(minutes=5))
    assert (report.reconciled, report.posted) == (1, 0)
    assert len(fake.calls_to("files.completeUploadExternal")) == 1, "not shared a second time"
    assert [m.ts for m in fake.messages_in("C2") if m.thread_ts == digest.ts] == [shared.ts]


def test_a_tick_killed_while_slack_is_posting_is_finished_by_the_next_without_a_repeat(database, fake, slack_time):
    """A real process, SIGKILLed after Slack received its post and before it could record it."""
    make_project(database)
    fake.delay("chat.postMessage", 1.5)

    def tick(now):
        return tick_process(fake, database.url, now)

    doomed = tick(TUESDAY_DUE)
    deadline = time.monotonic() + 30
    while not _posting(database) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _posting(database), doomed.communicate(timeout=5)
    time.sleep(0.5)  # the post is on the wire: Slack will record it; the process will not
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    time.sleep(1.5)  # Slack finishes handling the request the dead process sent
    assert len(checkin_posts(fake)) == 1
    fake.delay("chat.postMessage", 0)
    slack_time.now = AFTER_THE_LEASE
    survivor = tick(AFTER_THE_LEASE)
    out, err = survivor.communicate(timeout=60)
    assert survivor.returncode == 0, err
    assert "reconciled 1" in out + err
    assert max(posted_by_occurrence(fake).values()) == 1 and len(checkin_posts(fake)) == 1


def _posting(database) -> bool:
    with database.sessions() as session:
        return session.query(OccurrenceRow).filter(OccurrenceRow.status == OccurrenceStatus.POSTING.value).count() > 0
