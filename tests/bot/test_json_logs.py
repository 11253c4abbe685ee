"""LOG_FORMAT=json: one JSON object a line, each Slack request's lines carrying its own request id
and workspace, Slack's retry number when it redelivers, the work it hands off included."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot import log_context
from bot.background import Background
from bot.settings import Settings
from bot.standin import payloads
from tests.bot.harness import SECRET, SlackUser
from tests.log_capture import root_logs


@pytest.fixture
def json_lines():
    """The root logger at INFO through a JSON handler protected as ``mlscope serve`` protects it."""
    settings = Settings(
        slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET, _env_file=None  # type: ignore[call-arg]
    )
    with root_logs(io.StringIO(), log_context.JsonFormatter(), logging.INFO, settings) as stream:
        yield lambda: [json.loads(raw) for raw in stream.getvalue().splitlines()]


def answered(lines):
    return [line for line in lines if line["logger"] == "mlscope.requests"]


def test_each_slack_request_logs_one_json_line_with_its_own_id_and_team(json_lines, bot):
    ada = SlackUser(bot, "U1")
    ada.command("list")
    ada.command("help")
    first, second = answered(json_lines())
    for line in (first, second):
        assert line["level"] == "INFO" and line["team"] == "T1" and line["time"].endswith("Z")
        assert line["message"].startswith("command answered 200 in ")
        assert len(line["request_id"]) == 32 and "slack_retry" not in line
    assert first["request_id"] != second["request_id"]


def test_a_redelivered_event_logs_slacks_retry_number(json_lines, bot):
    body = json.dumps(payloads.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}))
    signed = payloads.sign(SECRET, body, content_type="application/json")
    bot.post("/slack/events", payloads.redelivered(signed, 2))
    [line] = answered(json_lines())
    assert line["slack_retry"] == "2" and line["message"].endswith("(Slack's retry 2)")


def test_a_failure_logs_its_traceback_in_the_requests_line_and_no_secret(json_lines, bot, fake):
    fake.fail_next("views.publish", error="internal_error")
    SlackUser(bot, "U1").event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    lines = json_lines()
    [failed] = [line for line in lines if line["level"] == "ERROR"]
    [request] = answered(lines)
    assert failed["request_id"] == request["request_id"] and failed["team"] == "T1"
    assert failed["exception"].startswith("Traceback (most recent call last)") and "internal_error" in failed["exception"]
    raw = json.dumps(lines)
    assert SECRET not in raw and "xoxb-test-token" not in raw


def test_work_handed_to_the_background_logs_with_the_request_id_that_handed_it_off():
    background = Background(max_workers=1)
    try:
        tokens = log_context.bind(request_id="r1", team="T1")
        try:
            at_once = background.submit(log_context.current)
            with background.holding() as release:
                held = background.submit(log_context.current)
        finally:
            log_context.unbind(tokens)
        release()
        later = background.submit(log_context.current)
        assert at_once.result(5) == held.result(5) == {"request_id": "r1", "team": "T1"}
        assert later.result(5) == {}, "the next request's work does not inherit this one's id"
    finally:
        background.shutdown()
