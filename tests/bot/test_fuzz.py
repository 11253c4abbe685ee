"""Random and adversarial input through the real HTTP path: no 5xx, no trace, no partial writes."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.standin import payloads
from storage.orm import DraftRow, ProjectRow
from tests.bot.harness import SECRET

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
NASTY = st.sampled_from(
    [
        "<!channel>",
        "<!here>",
        "<@U1>",
        "*bold*",
        "`code`",
        "\u202e",
        "\x00",
        "\x1b[31m",
        "💥",
        "&amp;",
        "'; DROP TABLE projects; --",
        "x" * 5000,
    ]
)
TEXT = st.one_of(
    st.text(max_size=300), NASTY, st.lists(st.one_of(NASTY, st.text(max_size=20)), max_size=6).map(" ".join)
)
WORDS = st.sampled_from(
    ["new", "list", "show", "edit", "stage", "metric", "baseline", "archive", "checkin", "digest", "leads", "help", ""]
)
JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=10), kids, max_size=3),
    max_leaves=10,
)


def counts(database):
    with database.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(ProjectRow)), conn.scalar(
            select(func.count()).select_from(DraftRow)
        )


def assert_answered_safely(reply):
    assert reply.status < 500
    assert b"Traceback" not in reply.raw and b'File "' not in reply.raw


@pytest.fixture
def sqlite_only(database):
    if not database.url.startswith("sqlite"):
        pytest.skip("fuzzing runs against SQLite; the same paths run on PostgreSQL in the functional tests")
    return database


@FUZZ
@given(word=WORDS, rest=TEXT)
def test_random_slash_command_text_never_fails_or_writes(ada, bot, sqlite_only, word, rest):
    before = counts(sqlite_only)
    reply = ada.command(f"{word} {rest}".strip())
    assert_answered_safely(reply)
    assert counts(sqlite_only)[0] == before[0], "a slash command alone never creates a project"
    if reply.body.get("text"):
        assert "<!channel>" not in reply.body["text"] and "<!here>" not in reply.body["text"]


@FUZZ
@given(
    values=st.dictionaries(
        st.sampled_from(
            [
                "name",
                "owner",
                "channel",
                "archetype",
                "statement",
                "rate_business_value",
                "thresholds",
                "metric_target",
                "timezone",
            ]
        ),
        JSONISH,
        max_size=6,
    ),
    metadata=st.one_of(st.just('{"step": 1}'), st.just('{"step": 5, "mode": "edit", "ref": "nope"}'), TEXT),
)
def test_random_modal_state_gets_field_errors_or_a_message_never_a_crash(ada, bot, sqlite_only, values, metadata):
    before = counts(sqlite_only)
    view = {
        "id": "VFUZZ",
        "hash": "h1",
        "type": "modal",
        "callback_id": "scope_step",
        "private_metadata": metadata,
        "blocks": [],
        "state": {
            "values": {
                k: {k: v if isinstance(v, dict) else {"type": "plain_text_input", "value": v}}
                for k, v in values.items()
            }
        },
        "title": {"type": "plain_text", "text": "x"},
    }
    body = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "U1", "team_id": "T1"},
        "view": view,
        "trigger_id": "t",
    }
    reply = ada.interact(body)
    assert_answered_safely(reply)
    if reply.body.get("response_action") == "errors":
        assert counts(sqlite_only) == before, "refused input leaves no trace in the database"
    assert counts(sqlite_only)[0] == before[0]


@FUZZ
@given(
    action_id=st.sampled_from(
        [
            "card_edit",
            "card_stage",
            "card_archive",
            "checkin_yes",
            "checkin_no",
            "checkin_loop_back",
            "checkin_details",
            "draft_resume",
            "home_new",
            "chat_option_0",
            "chat_toggle_1",
            "chat_skip",
            "chat_back",
            "chat_rest_of_step",
            "chat_create",
        ]
    ),
    value=st.one_of(st.none(), TEXT, st.just("1:metric"), st.just("99999:data"), st.just("x:y:z")),
    drop=st.sets(st.sampled_from(["channel", "container", "trigger_id", "response_url", "message"])),
)
def test_random_button_payloads_never_crash_and_never_change_projects(ada, bot, sqlite_only, action_id, value, drop):
    before = counts(sqlite_only)
    payload = payloads.block_actions(action_id, value=value, channel="C1", message={"ts": "1.1", "blocks": []})
    for key in drop:
        payload.pop(key, None)
    reply = ada.interact(payload)
    assert_answered_safely(reply)
    assert counts(sqlite_only)[0] == before[0]


@FUZZ
@given(body=st.one_of(JSONISH.map(json.dumps), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_garbage_bodies_signed_or_not_never_get_a_5xx(bot, sqlite_only, body):
    for content_type in ("application/json", "application/x-www-form-urlencoded"):
        signed = payloads.sign(SECRET, body, content_type=content_type)
        assert_answered_safely(bot.post("/slack/events", signed))
        assert_answered_safely(
            bot.post(
                "/slack/events",
                payloads.SignedRequest(body.encode("utf-8", "surrogatepass"), {"Content-Type": content_type}),
            )
        )


@FUZZ
@given(lines=st.lists(TEXT, min_size=1, max_size=4))
def test_random_lines_typed_to_the_app_never_crash_and_never_create_a_project(ada, bot, sqlite_only, lines):
    """The scoping conversation (a draft in progress or not) answers anything typed in the app's DM."""
    before = counts(sqlite_only)
    for line in ["scope a project", *lines] if len(lines) % 2 else lines:
        assert_answered_safely(ada.says(line))
    assert counts(sqlite_only)[0] == before[0]
