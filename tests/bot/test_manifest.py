"""manifest.yml is valid for Slack and declares exactly what the app handles."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.slack.ids import BOT_SCOPES, COMMAND, Event
from bot.standin import payloads
from tests.bot.harness import SECRET

ROOT = Path(__file__).resolve().parents[2]
SHARED_SCHEMA = ROOT.parent / "shared" / "slack-manifest-schema" / "schemas" / "manifest.schema.1.0.0.json"
VENDORED_SCHEMA = ROOT / "tests" / "data" / "slack-manifest-schema" / "manifest.schema.1.0.0.json"
SCHEMA = SHARED_SCHEMA if SHARED_SCHEMA.exists() else VENDORED_SCHEMA


@pytest.fixture(scope="module")
def manifest():
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_official_schema(manifest):
    assert SCHEMA.exists(), f"Slack's manifest schema is expected at {SCHEMA}"
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=str)
    assert errors == [], [e.message for e in errors]


def test_the_schema_check_rejects_a_broken_manifest(manifest):
    schema = json.loads(SCHEMA.read_text())
    broken = manifest | {"display_information": {"name": "x" * 40}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_manifest_declares_the_apps_command_events_scopes_and_one_request_url(manifest):
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == [e.value for e in Event]
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    urls = {
        manifest["features"]["slash_commands"][0]["url"],
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    }
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def sample_event(name, fake):
    """An event as Slack sends it, by the name the manifest subscribes to (message.im is a "message")."""
    if name == "message.im":
        return fake.typed_in_dm("U1", "help")
    if name == "assistant_thread_started":
        return fake.open_assistant_thread("U1")
    return {"type": name, "user": "U1", "tab": "home"}


def test_every_declared_command_and_event_is_handled_by_the_app(manifest, bot):
    """Bolt answers 404 to requests no listener matches; declared ones must not get it."""
    for command in manifest["features"]["slash_commands"]:
        body = payloads.form(payloads.slash_command("help") | {"command": command["command"]})
        reply = bot.post("/slack/events", payloads.sign(SECRET, body, content_type="application/x-www-form-urlencoded"))
        assert reply.status == 200, command
    for name in manifest["settings"]["event_subscriptions"]["bot_events"]:
        body = json.dumps(payloads.event(sample_event(name, bot.fake)))
        assert bot.post("/slack/events", payloads.sign(SECRET, body, content_type="application/json")).status == 200, (
            name
        )
    unknown = payloads.form(payloads.slash_command("help") | {"command": "/not-ours"})
    assert (
        bot.post(
            "/slack/events", payloads.sign(SECRET, unknown, content_type="application/x-www-form-urlencoded")
        ).status
        == 404
    )
