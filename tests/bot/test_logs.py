"""No secret reaches a log line, whichever library logs it, at any level (issue 15, finding 4).

``bot.logs.protect`` puts a redacting filter on every handler; these tests log what slack_sdk,
slack_bolt, urllib3, waitress, SQLAlchemy and our own code really log, secrets included, and read
what the handler wrote. tests/bot/test_secrets.py runs whole installs at DEBUG and searches the log.
"""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot import logs
from bot.log_context import JsonFormatter
from bot.settings import Settings
from tests.log_capture import root_logs

SIGNING = "s1gning-secret-0123456789"
METRICS = "m3trics-token-0123456789"
CLIENT_SECRET = "c1ient-secret-abcdef012345"
STATE_SECRET = "st4te-secret-abcdef012345"
KEY = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGw="
PASSWORD = "pg-pa55word!x"
BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
ROTATING = "xoxe.xoxb-1-MS0yLTEyMzQ1Njc4OTAtMDk4NzY1NDMyMS0xMjM0NTY3ODkwMTIz"
REFRESH = "xoxe-1-My0xLTEyMzQ1Njc4OTAtMDk4NzY1NDMyMS0xMjM0NTY3"
USER = "xoxp-1234567890-1111111111-2222222222-abcdef0123456789"
APP = "xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef"
LEGACY = "xoxa-2-abcdef0123456789"
ROTATE_R = "xoxr-abcdef0123456789"
CODE = "1234567890.0987654321.c0de5ecret"
WEBHOOK = "https://hooks.slack.com/services/T0/B0/w3bh00ksecret"
API_TOKEN = "mls_Zq3v-0_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"  # a readings-API token's shape
SECRETS = [
    SIGNING,
    METRICS,
    CLIENT_SECRET,
    STATE_SECRET,
    KEY,
    PASSWORD,
    BOT,
    ROTATING,
    REFRESH,
    USER,
    APP,
    LEGACY,
    ROTATE_R,
    CODE,
    "w3bh00ksecret",
    API_TOKEN,
]


class JsonLines(io.StringIO):
    """What a ``LOG_FORMAT=json`` handler wrote, read back: every line must be one JSON object with
    the fields the format promises; ``getvalue`` gives their messages, exceptions and stacks decoded,
    so that a secret escaped by JSON would still be found."""

    def getvalue(self) -> str:
        decoded = []
        for raw in super().getvalue().splitlines():
            line = json.loads(raw)
            assert {"time", "level", "logger", "message"} <= line.keys() and line["time"].endswith("Z")
            decoded.append("\n".join(line[key] for key in ("message", "exception", "stack") if key in line))
        return "".join(f"{text}\n" for text in decoded)


@pytest.fixture(params=["text", "json"])
def written(request):
    """A handler like the app's, protected as ``mlscope serve`` protects it, writing text or JSON
    (``LOG_FORMAT``); what it wrote."""
    settings = Settings(
        metrics_token=METRICS,
        slack_signing_secret=SIGNING,
        slack_client_id="1.2",
        slack_client_secret=CLIENT_SECRET,
        slack_state_secret=STATE_SECRET,
        mlscope_encryption_key=KEY,
        database_url=f"postgresql+psycopg://mlscope:{PASSWORD}@db.internal/mlscope",
        _env_file=None,  # type: ignore[call-arg]
    )
    stream = JsonLines() if request.param == "json" else io.StringIO()
    formatter = JsonFormatter() if request.param == "json" else logging.Formatter(logs.LOG_FORMAT)
    with root_logs(stream, formatter, logging.DEBUG, settings):
        yield stream


def assert_clean(text: str) -> None:
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, f"leaked {leaked} in:\n{text}"
    assert logs.REDACTED in text


def test_slack_sdk_debug_lines_of_an_oauth_exchange_and_a_rotation(written):
    """What slack_sdk's base_client logs at DEBUG for oauth.v2.access, request and response."""
    sdk = logging.getLogger("slack_sdk.web.base_client")
    sdk.debug(
        "Sending a request - url: https://slack.com/api/oauth.v2.access, query_params: {}, "
        f"body_params: {{'code': '{CODE}', 'grant_type': 'refresh_token', 'refresh_token': '{REFRESH}'}}, "
        "files: {}, json_body: None, headers: {'Authorization': '(redacted)'}"
    )
    sdk.debug(
        "Received the following response - status: 200, headers: {}, body: "
        f'{{"ok":true,"access_token":"{ROTATING}","token_type":"bot","refresh_token":"{REFRESH}",'
        f'"expires_in":43200,"authed_user":{{"id":"U1","access_token":"{USER}"}},'
        f'"incoming_webhook":{{"url":"{WEBHOOK}"}}}}'
    )
    text = written.getvalue()
    assert_clean(text)
    assert '"token_type":"bot"' in text and '"expires_in":43200' in text, "the rest is kept"


@pytest.mark.parametrize("name", ["slack_bolt.App", "urllib3.connectionpool", "waitress", "sqlalchemy.engine.Engine"])
def test_every_library_logger_at_every_level(written, name, monkeypatch):
    logger = logging.getLogger(name)
    monkeypatch.setattr(logger, "level", logging.DEBUG)  # SQLAlchemy keeps its own at WARNING unless asked
    for level in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL):
        logger.log(level, "[generated in 0.00010s] ('%s', '%s', '%s')", BOT, REFRESH, APP)
        logger.log(level, "GET /slack/oauth_redirect?code=%s&state=abc HTTP/1.1", CODE)
        logger.log(level, "Authorization: Basic MTIzNC41Njc4OmMxaWVudC1zZWNyZXQ= and Bearer %s", LEGACY)
        logger.log(level, "connect postgresql+psycopg://mlscope:%s@db/mlscope host=db password=%s", PASSWORD, PASSWORD)
        logger.log(
            level,
            "client_secret=%s&signing=%s&state=%s&key=%s&xoxr=%s&metrics=%s",
            CLIENT_SECRET,
            SIGNING,
            STATE_SECRET,
            KEY,
            ROTATE_R,
            METRICS,
        )
    assert_clean(written.getvalue())
    assert written.getvalue().count("\n") == 25


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL])
def test_a_readings_api_token_is_redacted_at_every_level_wherever_it_appears(written, level):
    """In a message, a header, a JSON body (the ack that shows it once) and an exception."""
    log = logging.getLogger("mlscope.api")
    log.log(level, "token %s", API_TOKEN)
    log.log(level, "headers: {'Authorization': 'bearer %s'}", API_TOKEN)
    logging.getLogger("slack_bolt.App").log(level, 'ack body: {"text": "created\\n```%s```"}', API_TOKEN)
    try:
        raise ValueError(f"refused {API_TOKEN}")
    except ValueError:
        log.log(level, "failed", exc_info=True)
    assert API_TOKEN.removeprefix("mls_") not in written.getvalue()
    assert_clean(written.getvalue())


def test_an_exception_traceback_and_a_stack_are_redacted(written):
    try:
        raise RuntimeError(f"Slack refused {BOT} (client_secret={CLIENT_SECRET}, {{'access_token': '{USER}'}})")
    except RuntimeError:
        logging.getLogger("mlscope").exception("failed to handle /mlproject with %s", APP)
    logging.getLogger("slack_bolt.App").warning("where: %s", ROTATING, stack_info=True)
    text = written.getvalue()
    assert_clean(text)
    assert "Traceback (most recent call last)" in text and "RuntimeError: Slack refused xoxb-[redacted]" in text


def test_a_message_whose_arguments_do_not_fit_is_redacted_not_printed_raw(written, capsys):
    logging.getLogger("mlscope").error("two %s %s", BOT)
    assert_clean(written.getvalue() + capsys.readouterr().err)


def test_the_last_resort_handler_is_protected_too(written):
    """``mlscope tick`` configures no handler: Python's last resort prints its warnings."""
    assert any(isinstance(f, logs.RedactingFilter) for f in logging.lastResort.filters)
    record = logging.LogRecord("slack_sdk", logging.WARNING, __file__, 1, "token %s", (BOT,), None)
    for f in logging.lastResort.filters:
        f.filter(record)
    assert BOT not in record.getMessage()


def test_ordinary_words_are_left_alone():
    redact = logs.Redactor([SIGNING])
    for line in (
        "Slack app settings → Basic Information → App Credentials",
        'body: {"ok":true,"token_type":"bot","scope":"chat:write"}',
        "POST http://127.0.0.1:3000/slack/events?x=1 200",
        "Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions",
        "bot_token=None user_token=None",
    ):
        assert redact(line) == line


def test_redacting_twice_changes_nothing():
    """A record reaches several handlers; only the first filter redacts, but a second pass must agree."""
    redact = logs.Redactor([SIGNING, CLIENT_SECRET])
    for line in (
        f"{{'code': ['{CODE}'], 'state': ['b8b7']}} ?code={CODE}&state=1",
        f'{{"access_token": "{BOT}", "refresh_token": ["{REFRESH}"], "client_secret": "{CLIENT_SECRET}"}}',
        f"client_secret={CLIENT_SECRET}&signing_secret={SIGNING} Bearer {USER} {APP}",
    ):
        once = redact(line)
        assert redact(once) == once and not [s for s in SECRETS if s in once]
