"""What an operator watches: /metrics moves with Slack's signed requests, the bot's Web API calls and
the tick; it is served only to the bearer of METRICS_TOKEN; /readyz says whether the database
answers at this version's migrations."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from bot.ticker import Ticker
from storage import migrate
from storage.db import Database
from storage.health import script_heads
from tests.bot.flows import walk
from tests.bot.harness import RunningBot, SlackUser
from tests.bot.test_digests import MONDAY_0900_PARIS, seed
from tests.builders import EASY
from tests.throwaway import throwaway_database

TOKEN = "metrics-t0ken-0123456789abcdef"


@pytest.fixture
def watched(database, fake, clock):
    running = RunningBot(database, fake, clock, metrics_token=TOKEN)
    yield running
    running.stop()
    assert fake.violations == []


def fetch(bot, path="/metrics", **headers):
    request = urllib.request.Request(bot.url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode()


class Scrape:
    """One scrape of /metrics, read as Prometheus reads it."""

    def __init__(self, bot):
        status, headers, body = fetch(bot, Authorization=f"Bearer {TOKEN}")
        assert status == 200 and headers["Content-Type"].startswith("text/plain; version=0.0.4")
        self.samples = {
            (sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(body)
            for sample in family.samples
        }

    def __call__(self, name, **labels):
        """A sample's value; a labelled counter not incremented yet in this process is 0."""
        return self.samples.get((name, frozenset(labels.items())), 0.0)

    def has(self, name, **labels):
        return (name, frozenset(labels.items())) in self.samples


def test_metrics_is_not_served_without_a_token_set(bot):
    status, _, body = fetch(bot, Authorization=f"Bearer {TOKEN}")
    assert (status, body) == (404, '{"ok": false, "error": "not_found"}')


@pytest.mark.parametrize(
    "authorization",
    [None, "", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", TOKEN, f"Basic {TOKEN}", "Bearer"],
)
def test_metrics_without_the_token_is_401_and_shows_nothing(watched, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    status, answer, body = fetch(watched, **headers)
    assert status == 401 and answer["WWW-Authenticate"].startswith("Bearer")
    assert "mlscope_" not in body


def test_signed_slack_requests_and_the_web_api_calls_they_make_are_counted_by_kind(watched, fake):
    ada = SlackUser(watched, "U1")
    before = Scrape(watched)
    walk(ada, [])  # /mlproject new: a command that opens the first step (views.open)
    ada.submit(fake.last_view(), {})  # a step submitted empty: Slack shows its errors
    ada.command("new")
    ada.click("draft_resume", block_id="draft")
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    after = Scrape(watched)

    def moved(name, **labels):
        return after(name, **labels) - before(name, **labels)

    assert moved("mlscope_requests_total", kind="command", status="2xx") == 2
    assert moved("mlscope_requests_total", kind="view", status="2xx") == 1
    assert moved("mlscope_requests_total", kind="action", status="2xx") == 1
    assert moved("mlscope_requests_total", kind="event", status="2xx") == 1
    assert moved("mlscope_request_duration_seconds_count", kind="command") == 2
    assert moved("mlscope_request_duration_seconds_bucket", kind="event", le="+Inf") == 1
    assert moved("mlscope_slack_api_calls_total", method="views.open", outcome="ok") == len(
        fake.calls_to("views.open")
    )
    assert moved("mlscope_slack_api_calls_total", method="views.publish", outcome="ok") >= 1
    assert after.has("mlscope_db_pool_checked_out") and after.has("mlscope_db_pool_size")
    assert after("mlscope_database_up") == 1


def test_the_readings_api_and_refused_requests_are_counted(watched):
    before = Scrape(watched)
    request = urllib.request.Request(watched.url + "/api/v1/readings", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401
    forged = urllib.request.Request(watched.url + "/slack/events", data=b"command=%2Fmlproject", method="POST")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(forged, timeout=10)
    after = Scrape(watched)
    assert after("mlscope_requests_total", kind="api", status="4xx") - before(
        "mlscope_requests_total", kind="api", status="4xx"
    ) == 1
    assert after("mlscope_requests_refused_total", reason="invalid_signature") - before(
        "mlscope_requests_refused_total", reason="invalid_signature"
    ) == 1


def subscribed(watched, database, clock):
    clock.now = MONDAY_0900_PARIS - timedelta(days=3)
    seed(database, ("alpha", 5, EASY, "U1"), now=clock.now)
    SlackUser(watched, "U1").command("digest subscribe weekly monday 09:00", channel="C2")
    return Ticker(watched.app.deps, watched.app.deps.client_for, holder="t", sleep=lambda s: None)


def test_a_tick_its_digest_and_a_429_on_the_way_are_counted(watched, fake, database, clock):
    ticker = subscribed(watched, database, clock)
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    before = Scrape(watched)
    report = ticker.run(now=MONDAY_0900_PARIS)
    after = Scrape(watched)

    def moved(name, **labels):
        return after(name, **labels) - before(name, **labels)

    assert report.posted == 2, "the digest, then its chart"
    assert moved("mlscope_tick_duration_seconds_count") == 1
    assert moved("mlscope_tick_posts_total", outcome="posted") == 2
    assert moved("mlscope_slack_api_calls_total", method="chat.postMessage", outcome="rate_limited") == 1
    assert moved("mlscope_slack_api_calls_total", method="chat.postMessage", outcome="ok") == 1
    assert moved("mlscope_digest_build_seconds_count", part="message") == 1
    assert moved("mlscope_digest_build_seconds_count", part="chart") == 1
    assert after("mlscope_occurrences", state="pending") == 0 and after("mlscope_occurrences", state="posting") == 0
    assert after.has("mlscope_occurrences", state="pending"), "zero because none is waiting, not left out"


def test_a_post_slack_refuses_is_counted_as_failed_and_waits_as_pending(watched, fake, database, clock):
    ticker = subscribed(watched, database, clock)
    fake.fail_next("chat.postMessage", error="channel_not_found")
    before = Scrape(watched)
    ticker.run(now=MONDAY_0900_PARIS)
    after = Scrape(watched)
    assert after("mlscope_tick_posts_total", outcome="failed") - before("mlscope_tick_posts_total", outcome="failed") == 1
    errors = ("mlscope_slack_api_errors_total", {"method": "chat.postMessage", "error": "channel_not_found"})
    assert after(errors[0], **errors[1]) - before(errors[0], **errors[1]) == 1
    assert after("mlscope_occurrences", state="pending") == 1


def test_metrics_say_the_database_is_down_rather_than_that_nothing_waits(fake, clock):
    down = Database("postgresql+psycopg://postgres@127.0.0.1:1/unreachable", connect_args={"connect_timeout": 2})
    running = RunningBot(down, fake, clock, metrics_token=TOKEN)
    try:
        scrape = Scrape(running)
    finally:
        running.stop()
    assert scrape("mlscope_database_up") == 0
    assert not scrape.has("mlscope_occurrences", state="pending")


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request):
    with throwaway_database(request.param, "mlscope_ready") as url:
        yield url


def ready(fake, clock, url):
    """/readyz's status and reason for a bot on the database at ``url`` (whose /healthz is 200 anyway)."""
    database = Database(url)
    running = RunningBot(database, fake, clock)
    try:
        reply = running.get("/readyz")
        assert running.get("/healthz").status == 200, "alive, whatever the database"
    finally:
        running.stop()
        database.dispose()
    return reply.status, reply.body["reason"]


@pytest.mark.parametrize(
    "url",
    ["sqlite:////nonexistent-mlscope-dir/mlscope.db", "postgresql+psycopg://postgres@127.0.0.1:1/unreachable"],
    ids=["sqlite", "postgresql"],
)
def test_readiness_is_503_when_the_database_does_not_answer(fake, clock, url):
    assert ready(fake, clock, url) == (503, "database unreachable")


def test_readiness_is_503_until_the_database_is_migrated_to_head(fake, clock, fresh_url):
    [head] = script_heads()
    status, reason = ready(fake, clock, fresh_url)
    assert status == 503 and reason.startswith("database not migrated: run mlscope db upgrade")
    migrate.upgrade(fresh_url, "0025")
    status, reason = ready(fake, clock, fresh_url)
    assert (status, reason) == (503, f"migrations behind: database at 0025, head is {head}; run mlscope db upgrade")
    migrate.upgrade(fresh_url)
    assert ready(fake, clock, fresh_url) == (200, "migrations at head")


def test_a_database_migrated_by_a_newer_release_is_ready_and_says_so(fake, clock, fresh_url):
    """A rolling upgrade migrates first; the replicas of the release before keep serving meanwhile."""
    migrate.upgrade(fresh_url)
    engine = Database(fresh_url, watch_revisions=False).engine
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    status, reason = ready(fake, clock, fresh_url)
    assert status == 200 and reason.startswith("database at 9999, newer than this version's head")
