"""What reaches /slack/events: signed or refused, answered or explained, never a 500."""

import time

import pytest

from bot.slack.metadata import CardForm
from bot.standin import payloads
from domain import project_queries
from storage.db import Database
from tests.bot.harness import SECRET, RunningBot, SlackUser


def command_body(text="new Secret plan"):
    return payloads.form(payloads.slash_command(text))


@pytest.mark.parametrize(
    "request_for",
    [
        pytest.param(
            lambda body: payloads.sign("wrong-secret", body, content_type="application/x-www-form-urlencoded"),
            id="forged",
        ),
        pytest.param(
            lambda body: payloads.SignedRequest(body.encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
            id="missing",
        ),
        pytest.param(
            lambda body: payloads.sign(
                SECRET, body, timestamp=int(time.time()) - 6 * 60, content_type="application/x-www-form-urlencoded"
            ),
            id="stale",
        ),
    ],
)
def test_unsigned_forged_or_stale_requests_get_401_and_change_nothing(bot, fake, request_for):
    reply = bot.post("/slack/events", request_for(command_body()))
    assert reply.status == 401
    assert fake.calls_to("views.open") == []


def test_a_body_altered_after_signing_gets_401(bot, fake):
    signed = payloads.sign(SECRET, command_body("help"), content_type="application/x-www-form-urlencoded")
    tampered = payloads.SignedRequest(signed.body.replace(b"help", b"new+x"), signed.headers)
    assert bot.post("/slack/events", tampered).status == 401
    assert fake.calls_to("views.open") == []


def test_health_says_the_process_answers_and_readiness_reports_the_database(bot):
    assert (bot.get("/healthz").status, bot.get("/healthz").body) == (200, {"ok": True})
    reply = bot.get("/readyz")
    assert (reply.status, reply.body) == (200, {"ok": True, "reason": "migrations at head"})


def test_unknown_paths_are_404(bot):
    assert bot.get("/nope").status == 404


@pytest.fixture
def bot_without_database(fake, clock):
    down = Database("postgresql+psycopg://postgres@127.0.0.1:1/unreachable", connect_args={"connect_timeout": 2})
    running = RunningBot(down, fake, clock)
    yield running
    running.stop()


def test_a_database_outage_is_explained_never_a_500(bot_without_database):
    user = SlackUser(bot_without_database)
    reply = user.command("list")
    assert reply.status == 200
    assert "temporarily unavailable" in reply.body["text"] and "nothing was lost" in reply.body["text"]
    assert bot_without_database.get("/readyz").status == 503
    assert bot_without_database.get("/healthz").status == 200, "alive: restarting it would not bring the database back"


def test_a_modal_submitted_during_an_outage_keeps_the_users_input(bot_without_database, fake):
    user = SlackUser(bot_without_database)
    stage = {
        "type": "input",
        "block_id": "stage_target",
        "label": {"type": "plain_text", "text": "Move to"},
        "element": {
            "type": "static_select",
            "action_id": "stage_target",
            "options": [{"text": {"type": "plain_text", "text": "Data"}, "value": "data"}],
        },
    }
    view = {
        "id": "V1",
        "type": "modal",
        "callback_id": "stage_modal",
        "private_metadata": CardForm(ref="churn").dump(),
        "blocks": [stage],
        "title": {"type": "plain_text", "text": "x"},
    }
    reply = user.submit(view, {"stage_target": "data"})
    assert reply.status == 200
    assert reply.body["response_action"] == "errors", "the form stays open, with the person's values"
    assert "temporarily unavailable" in reply.body["errors"]["stage_target"]


def test_a_stale_scoping_form_is_refused_with_a_message(ada, fake, database):
    view = {
        "id": "V1",
        "type": "modal",
        "callback_id": "scope_step",
        "private_metadata": "not json",
        "blocks": [],
        "title": {"type": "plain_text", "text": "x"},
    }
    reply = ada.submit(view, {})
    assert reply.status == 200
    assert "out of date" in str(reply.body)
    assert project_queries.list_projects(database.uow(), "T1") == []


def test_app_home_shows_my_projects_and_the_portfolio(ada, fake, database):
    from tests.bot.flows import walk

    walk(ada)
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    published = fake.calls_to("views.publish")
    assert [c.args["user_id"] for c in published] == ["U1"]
    text = str(published[0].args["view"]["blocks"])
    assert "My projects" in text and "Portfolio, ranked" in text and "churn-predictor" in text


def test_app_home_messages_tab_is_ignored(ada, fake):
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"})
    assert fake.calls_to("views.publish") == []


def test_slack_errors_become_advice_the_user_can_act_on(ada, fake, database):
    from tests.bot.flows import walk

    walk(ada)
    fake.fail_next("views.open", error="expired_trigger_id")
    ada.command("baseline churn-predictor")
    notes = [c.args["text"] for c in fake.calls_to("chat.postEphemeral")]
    assert any("took too long" in n for n in notes)
