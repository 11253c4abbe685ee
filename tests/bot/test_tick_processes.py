"""Three `mlscope tick` processes at once on PostgreSQL: every occurrence posted exactly once.
A tick's log in JSON, as a CronJob's collector reads it."""

import json
import subprocess
import sys
from collections import Counter

import pytest

from bot.standin.fake_slack import FakeSlack
from domain.checkins import OccurrenceStatus
from storage.db import Database
from storage.orm import OccurrenceRow
from tests.bot.harness import SECRET
from tests.bot.test_checkins import TUESDAY_DUE, make_project
from tests.conftest import _truncate
from tests.processes import env_without_slack


@pytest.fixture
def pg(postgresql_url):
    db = Database(postgresql_url)
    _truncate(db)
    yield db
    db.dispose()


def tick_process(fake: FakeSlack, url: str, now=TUESDAY_DUE, **settings: str) -> subprocess.Popen:
    """``mlscope tick --now NOW`` as cron runs it, against the stand-in and the database at ``url``."""
    env = env_without_slack() | {
        "SLACK_BOT_TOKEN": "xoxb-tick",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": url,
    } | settings
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "tick", "--now", now.isoformat()],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_three_concurrent_ticks_post_each_occurrence_exactly_once(pg, postgresql_url):
    fake = FakeSlack().start()
    try:
        for channel in ("C1", "C2", "C3"):
            fake.add_channel(channel, channel.lower())
        fake.rate_limit(per_second=5, burst=3)
        for i in range(24):
            make_project(pg, f"p{i}", channel=("C1", "C2", "C3")[i % 3])
        procs = [tick_process(fake, postgresql_url) for _ in range(3)]
        outputs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], outputs
        posted = Counter(m.metadata["event_payload"]["occurrence_id"] for m in fake.state.messages if m.metadata)
        assert len(posted) == 24, "every occurrence posted"
        assert max(posted.values()) == 1, "no occurrence posted twice"
        with pg.sessions() as session:
            statuses = Counter(
                row.status for row in session.query(OccurrenceRow).filter(OccurrenceRow.kind == "checkin")
            )
        assert statuses == {OccurrenceStatus.POSTED.value: 24}
        claimed_by = [line for out, _ in outputs for line in out.splitlines() if line.startswith("tick:")]
        assert len(claimed_by) == 3
    finally:
        fake.stop()


def test_a_tick_with_log_format_json_logs_json_lines_and_no_token(pg, postgresql_url):
    fake = FakeSlack().start()
    try:
        fake.add_channel("C2", "ml-team")
        make_project(pg, "churn", channel="C2")
        fake.fail_next("chat.postMessage", error="channel_not_found")
        out, err = tick_process(fake, postgresql_url, LOG_FORMAT="json").communicate(timeout=120)
    finally:
        fake.stop()
    lines = [json.loads(line) for line in err.splitlines()]
    [refused] = [line for line in lines if "refused by Slack: channel_not_found" in line["message"]]
    assert refused["level"] == "WARNING" and refused["logger"] == "mlscope.tick"
    assert "xoxb-tick" not in err and out.startswith("tick: ")
