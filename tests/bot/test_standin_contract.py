"""The stand-in follows Slack's documented contract, rule by rule, so that a future loosening fails.

Each rule cites the page it follows in bot/standin/contract.py and docs/slack-contract.md. The
stand-in is driven with the real slack_sdk WebClient over HTTP, as the bot drives it.
"""

import ast
import inspect
import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import contract, payloads
from bot.standin.fake_slack import FakeSlack
from bot.standin.interactions import view_response_problems
from bot.standin.records import Message
from tests.bot.standin_client import error_of

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self):
        self.t = 1_000_000.0

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def slack(clock):
    fake = FakeSlack(clock=clock).start()
    fake.add_channel("CPUB", "public-not-joined", member=False)
    fake.add_channel("CPRIV", "private-not-joined", member=False, private=True)
    fake.add_channel("CMINE", "private-joined", member=True, private=True)
    yield fake
    fake.stop()


@pytest.fixture
def client(slack):
    return WebClient(token="xoxb-contract", base_url=slack.api_url)


# --- scopes --------------------------------------------------------------------------------


def web_api_methods_the_bot_calls() -> set[str]:
    """Every Web API method reached from a WebClient method the code under bot/ calls."""
    names: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        if "standin" in path.parts or "sandbox" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and "_" in node.attr
                and not node.attr.startswith("_")
                and callable(getattr(WebClient, node.attr, None))
            ):
                names.add(node.attr)
    methods: set[str] = set()

    def resolve(name: str, depth: int = 0) -> None:
        source = inspect.getsource(getattr(WebClient, name))
        methods.update(re.findall(r'api_call\(\s*"([^"]+)"', source))
        if depth < 2:
            for inner in re.findall(r"self\.(\w+)\(", source):
                if hasattr(WebClient, inner) and not inner.startswith(("_", "api_call")):
                    resolve(inner, depth + 1)

    for name in names:
        resolve(name)
    return methods


def test_every_web_api_method_the_bot_calls_is_covered_by_a_scope_the_manifest_grants():
    methods = web_api_methods_the_bot_calls()
    assert {"chat.postMessage", "conversations.info", "conversations.history", "views.open"} <= methods
    unknown = methods - set(contract.SCOPES) - contract.NO_SCOPE - {"apps.connections.open"}
    assert unknown == set(), f"add these methods' scopes to bot/standin/contract.py: {sorted(unknown)}"
    needed = {scope for m in methods & set(contract.SCOPES) for scope in contract.SCOPES[m].values()}
    assert needed <= contract.GRANTED_SCOPES, f"manifest.yml lacks {sorted(needed - contract.GRANTED_SCOPES)}"


@pytest.mark.parametrize("method", sorted(contract.SCOPES))
def test_a_method_called_without_its_scope_is_refused_with_missing_scope(slack, client, method):
    slack.grant(set())
    with pytest.raises(SlackApiError) as failed:
        client.api_call(method, json={"channel": "C1", "user": "U1", "ts": "1.0", "file": "F1"})
    assert failed.value.response["error"] == "missing_scope"
    assert failed.value.response["needed"] in contract.SCOPES[method].values()


def test_conversations_info_needs_groups_read_for_a_private_channel_and_channels_read_for_a_public_one(slack, client):
    slack.grant(contract.GRANTED_SCOPES - {"groups:read"})
    assert client.conversations_info(channel="C1")["ok"]
    assert error_of(lambda: client.conversations_info(channel="CMINE")) == "missing_scope"


# --- membership ----------------------------------------------------------------------------


def test_a_public_channel_takes_posts_from_a_non_member_only_with_chat_write_public(slack, client):
    assert client.chat_postMessage(channel="CPUB", text="hi")["ok"]
    slack.grant(contract.GRANTED_SCOPES - {"chat:write.public"})
    assert error_of(lambda: client.chat_postMessage(channel="CPUB", text="hi")) == "not_in_channel"


def test_a_private_channel_the_bot_is_not_in_does_not_exist_for_it(slack, client):
    assert error_of(lambda: client.chat_postMessage(channel="CPRIV", text="hi")) == "channel_not_found"
    assert error_of(lambda: client.conversations_info(channel="CPRIV")) == "channel_not_found"
    assert error_of(lambda: client.conversations_history(channel="CPRIV")) == "channel_not_found"
    assert error_of(lambda: client.conversations_join(channel="CPRIV")) == "channel_not_found"


def test_only_members_read_history_and_joining_a_public_channel_makes_it_readable(slack, client):
    assert error_of(lambda: client.conversations_history(channel="CPUB")) == "not_in_channel"
    client.conversations_join(channel="CPUB")
    slack.marketplace()
    assert client.conversations_history(channel="CPUB")["ok"]


def test_a_private_channel_cannot_be_joined(slack, client):
    assert error_of(lambda: client.conversations_join(channel="CMINE")) == "method_not_supported_for_channel_type"


# --- history and replies -------------------------------------------------------------------


def seed(slack, channel="C1", count=40, *, thread=None):
    for n in range(count):
        slack.state.messages.append(
            Message(
                channel,
                f"{1000 + n}.000100",
                f"m{n}",
                [],
                thread_ts=thread,
                metadata={"event_type": "e", "event_payload": {"n": n}},
            )
        )


def test_outside_the_marketplace_history_is_one_call_a_minute_and_fifteen_messages(slack, client, clock):
    seed(slack)
    first = client.conversations_history(channel="C1", limit=200)
    assert len(first["messages"]) == 15 and first["has_more"] is True
    with pytest.raises(SlackApiError) as limited:
        client.conversations_history(channel="C1")
    assert limited.value.response.status_code == 429
    assert int(limited.value.response.headers["Retry-After"]) == 60
    clock.t += 60
    again = client.conversations_history(channel="C1", cursor=first["response_metadata"]["next_cursor"])
    assert float(again["messages"][0]["ts"]) < float(first["messages"][-1]["ts"]), "the next page is older"


def test_marketplace_apps_page_freely(slack, client):
    seed(slack)
    slack.marketplace()
    pages = [client.conversations_history(channel="C1", limit=999) for _ in range(3)]
    assert [len(p["messages"]) for p in pages] == [40, 40, 40]


def test_history_is_newest_first_within_oldest_and_latest_and_replies_oldest_first(slack, client):
    slack.marketplace()
    seed(slack, count=5)
    seed(slack, count=3, thread="1000.000100")
    history = client.conversations_history(channel="C1", oldest="1001", latest="1003.5")
    assert [m["text"] for m in history["messages"]] == ["m3", "m2", "m1"]
    replies = client.conversations_replies(channel="C1", ts="1000.000100")
    assert [float(m["ts"]) for m in replies["messages"]] == sorted(float(m["ts"]) for m in replies["messages"])
    assert error_of(lambda: client.conversations_replies(channel="C1", ts="9.9")) == "thread_not_found"


def test_metadata_payloads_come_only_with_include_all_metadata(slack, client):
    slack.marketplace()
    seed(slack, count=1)
    plain = client.conversations_history(channel="C1")["messages"][0]["metadata"]
    full = client.conversations_history(channel="C1", include_all_metadata=True)["messages"][0]["metadata"]
    assert plain == {"event_type": "e"} and full["event_payload"] == {"n": 0}


# --- triggers, views, responses --------------------------------------------------------------

VIEW = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "T"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {"type": "input", "block_id": "name", "label": {"type": "plain_text", "text": "Name"},
         "element": {"type": "plain_text_input", "action_id": "name"}},
    ],
}  # fmt: skip


def test_a_trigger_works_once_within_three_seconds(slack, client, clock):
    assert error_of(lambda: client.views_open(trigger_id="made-up", view=VIEW)) == "invalid_trigger_id"
    fresh = slack.trigger_id("U1")
    assert client.views_open(trigger_id=fresh, view=VIEW)["ok"]
    assert error_of(lambda: client.views_open(trigger_id=fresh, view=VIEW)) == "exchanged_trigger_id"
    late = slack.trigger_id("U1")
    clock.t += contract.TRIGGER_SECONDS + 0.1
    assert error_of(lambda: client.views_open(trigger_id=late, view=VIEW)) == "expired_trigger_id"


def test_field_errors_must_name_input_blocks_of_the_submitted_view():
    assert view_response_problems(VIEW, b'{"response_action": "errors", "errors": {"name": "Too long"}}') == []
    [problem] = view_response_problems(VIEW, b'{"response_action": "errors", "errors": {"stage": "No"}}')
    assert "stage" in problem
    assert view_response_problems(VIEW, b"") == [], "an empty 200 closes the modal"


def test_chat_update_text_stops_at_four_thousand_characters(slack, client):
    ts = client.chat_postMessage(channel="C1", text="short")["ts"]
    assert client.chat_update(channel="C1", ts=ts, text="x" * contract.UPDATE_TEXT_MAX)["ok"]
    assert error_of(lambda: client.chat_update(channel="C1", ts=ts, text="x" * 4001)) == "msg_too_long"


def respond(url: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps({"text": "hi"}).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_a_response_url_works_five_times_within_thirty_minutes(slack, clock):
    url = slack.response_url()
    assert [respond(url)[0] for _ in range(5)] == [200] * 5
    assert respond(url) == (404, {"ok": False, "error": "used_url"})
    late = slack.response_url()
    clock.t += contract.RESPONSE_URL_SECONDS + 1
    assert respond(late) == (404, {"ok": False, "error": "expired_url"})


# --- what Slack sends ------------------------------------------------------------------------


def test_envelopes_name_the_installation_the_request_is_for():
    event = payloads.event({"type": "app_home_opened", "user": "U1"}, team="T1")
    assert event["authorizations"][0]["team_id"] == "T1" and event["event_context"]
    submission = payloads.view_submission(VIEW, {"name": "x"}, team="T1", user_team="TOTHER")
    assert submission["view"]["app_installed_team_id"] == "T1" and submission["user"]["team_id"] == "TOTHER"


def test_interactions_and_commands_are_never_redelivered_only_events_are():
    """Slack retries Events API deliveries (X-Slack-Retry-Num), not clicks, submissions or commands."""
    event = payloads.sign("s", json.dumps(payloads.event({"type": "app_home_opened"})), content_type="application/json")
    assert payloads.redelivered(event, 1).headers["X-Slack-Retry-Num"] == "1"
    click = payloads.interaction(payloads.block_actions("x"))
    with pytest.raises(ValueError, match="never retries"):
        payloads.redelivered(payloads.sign("s", click, content_type="application/x-www-form-urlencoded"), 1)
    command = payloads.form(payloads.slash_command("list"))
    with pytest.raises(ValueError, match="never retries"):
        payloads.redelivered(payloads.sign("s", command, content_type="application/x-www-form-urlencoded"), 1)


def test_after_an_uninstall_the_apps_tokens_are_refused_and_slack_sends_its_two_events(slack):
    client = WebClient(token="xoxb-before", base_url=slack.api_url)
    client.auth_test()
    tokens_revoked, app_uninstalled = slack.uninstall()
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C1", text="hi")
    assert refused.value.response["error"] == "token_revoked"
    assert tokens_revoked["event"] == {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert app_uninstalled["event"] == {"type": "app_uninstalled"}
    for envelope in (tokens_revoked, app_uninstalled):
        assert envelope["type"] == "event_callback" and envelope["team_id"] == "T1" and "authorizations" not in envelope
    issued = slack.api_oauth_v2_access({"code": "reinstall"})["access_token"]
    assert WebClient(token=issued, base_url=slack.api_url).auth_test()["ok"], "a reinstall's new token works"
