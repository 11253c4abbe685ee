"""What arrives twice, and every effect still happens once.

Slack retries an event whose delivery failed, with ``X-Slack-Retry-Num``; it never retries a click,
a modal submission or a command. Those still come twice when a person double-clicks (two clicks,
each with its own action_ts), submits the same form again after Slack gave up waiting, or a signed
request is replayed within the five minutes its signature is valid.
"""

import json

from slack_bolt import BoltRequest
from slack_sdk import WebClient

from bot.features.scoping.meta import draft_key
from bot.slack.dedupe import FAILED_FLAG, STILL_SAVING, DedupingApp, delivery_key
from bot.slack.metadata import CardButton
from bot.standin import payloads
from domain import draft_use_cases, project_queries
from storage.deliveries import Deliveries
from tests.bot.flows import STEPS, current_modal, walk
from tests.bot.harness import SECRET
from tests.conftest import T0

FORM = "application/x-www-form-urlencoded"


def send(bot, body: str, content_type: str, *, retry: int | None = None):
    """One delivery of ``body``; ``retry``: Slack's retry of an event (the stand-in refuses to
    retry anything else, as Slack does)."""
    signed = payloads.sign(SECRET, body, content_type=content_type)
    return bot.post("/slack/events", signed if retry is None else payloads.redelivered(signed, retry))


def app_home_opened(event_id: str) -> str:
    return json.dumps(payloads.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id=event_id))


def test_an_event_slack_retries_publishes_app_home_once(ada, bot, fake):
    body = app_home_opened("Ev0001")
    assert send(bot, body, "application/json").status == 200
    for retry in (1, 2, 3):
        assert send(bot, body, "application/json", retry=retry).status == 200
    assert len(fake.calls_to("views.publish")) == 1


def test_a_forged_request_cannot_claim_a_slack_id_before_slack(ada, bot, fake):
    body = app_home_opened("Ev0002")
    forged = payloads.sign("not-the-secret", body, content_type="application/json")
    assert bot.post("/slack/events", forged).status == 401
    assert send(bot, body, "application/json").status == 200
    assert len(fake.calls_to("views.publish")) == 1


def test_an_event_whose_handling_failed_is_handled_again_when_slack_retries_it(database, fake):
    """The first attempt fails (e.g. a database blip); Slack's retry must not be swallowed."""
    calls = []
    app = DedupingApp(
        signing_secret=SECRET,
        client=WebClient(token="xoxb-unit", base_url=fake.api_url),
        token_verification_enabled=False,
        process_before_response=True,
        deliveries=Deliveries(database.sessions),
        clock=lambda: T0,
    )

    @app.event("app_home_opened")
    def flaky(event):
        calls.append(event)
        if len(calls) == 1:
            raise RuntimeError("transient")

    @app.error
    def failed(error, request):
        request.context[FAILED_FLAG] = True

    body = app_home_opened("Ev0003")
    for retry in (None, 1, 2):
        signed = payloads.sign(SECRET, body, content_type="application/json")
        headers = (signed if retry is None else payloads.redelivered(signed, retry)).headers
        app.dispatch(BoltRequest(body=body, headers={k.lower(): [v] for k, v in headers.items()}))
    assert len(calls) == 2


def test_the_last_step_submitted_again_with_the_same_values_creates_one_project_and_gets_the_same_answer(
    ada, fake, database
):
    """Slack gave up waiting on the first submit and the person pressed Submit again: a new
    submission (its own trigger_id, no retry header) of the same view with the same values."""
    ada.command("new")
    view = current_modal(fake)
    for answers in STEPS[:4]:
        view = ada.submit(view, answers).body["view"] | {"id": view["id"]}
    first = ada.submit(view, STEPS[4])
    again = ada.submit(view, STEPS[4])
    assert first.body == again.body == {"response_action": "clear"}
    assert [r.project.ref for r in project_queries.list_projects(database.uow(), "T1")] == ["churn-predictor"]
    assert len(fake.messages_in("C2")) == 1


def test_a_form_submitted_again_while_the_first_submit_is_being_saved_stays_open_and_says_so(ada, fake, database):
    ada.command("new")
    view = current_modal(fake)
    twin = payloads.view_submission(view, STEPS[0], trigger_id=fake.trigger_id("U1"))
    Deliveries(database.sessions).claim("T1", delivery_key(twin), T0)  # the first submit, still being handled
    reply = ada.submit(view, STEPS[0])
    assert reply.body == {"response_action": "errors", "errors": {"name": STILL_SAVING}}
    assert draft_use_cases.load_draft(database.uow(), "T1", draft_key("U1", "new")) is None


def test_a_corrected_resubmission_after_field_errors_is_not_a_repeat(ada, fake):
    ada.command("new")
    view = current_modal(fake)
    assert ada.submit(view, STEPS[0] | {"name": ""}).body["response_action"] == "errors"
    assert ada.submit(view, STEPS[0]).body["response_action"] == "update"


def test_a_double_click_on_archive_is_two_clicks_and_archives_once(ada, fake, database):
    walk(ada)
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    card = {"ts": project.card_ts, "blocks": fake.message("C2", project.card_ts).blocks}
    clicks = [
        payloads.block_actions("card_archive", value=CardButton(ref="churn-predictor").dump(), channel="C2", message=card) for _ in (1, 2)
    ]
    for click, action_ts in zip(clicks, ("1772442000.000101", "1772442000.180202"), strict=True):
        click["actions"][0]["action_ts"] = action_ts  # Slack stamps each click
    assert delivery_key(clicks[0]) != delivery_key(clicks[1])
    for click in clicks:
        send(ada.bot, payloads.interaction(click), FORM)
    history = project_queries.history(database.uow(), "T1", "churn-predictor")
    assert [c.action for c in history].count("archived") == 1
    notes = [c.args["text"] for c in fake.calls_to("chat.postEphemeral") if c.args["channel"] == "C2"]
    assert notes == ["Archived *Churn Predictor*.", "`churn-predictor` is archived; it can no longer change (`/mlproject unarchive churn-predictor` brings it back)."]


def test_a_replayed_click_records_its_answer_once(ada, bot, fake, database):
    """The same signed request again (its signature is valid for five minutes): one effect.
    Slack itself never sends a click twice: ``payloads.redelivered`` refuses to."""
    from bot.ticker import Ticker
    from tests.bot.test_checkins import TUESDAY_DUE, make_project

    make_project(database)
    Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None).run(now=TUESDAY_DUE)
    [post] = [m for m in fake.messages_in("C2") if m.metadata]
    value = next(e["value"] for b in post.blocks if b.get("block_id") == "q:data" for e in b["elements"])
    click = payloads.block_actions(
        "checkin_yes", value=value, block_id="q:data", channel="C2", message={"ts": post.ts, "blocks": post.blocks}
    )
    body = payloads.interaction(click)
    for _ in (1, 2):
        send(bot, body, FORM)
    assert len(fake.calls_to("chat.update")) == 1
    with database.uow() as uow:
        assert len(project_queries.history(uow, "T1", "churn")) == 2  # created, answered once


def test_delivery_keys_use_slacks_own_ids():
    assert delivery_key({"event_id": "Ev1"}) == "event:Ev1"
    click = payloads.block_actions("x", value="1", channel="C1", message={"ts": "1.2"})
    assert delivery_key(click).startswith(f"action:{click['actions'][0]['action_ts']}:U1:1.2:x")
    assert (
        delivery_key({"command": "/mlproject", "text": "list mine", "trigger_id": "t1"}) is None
    )  # reads claim nothing
    assert delivery_key({"command": "/mlproject", "text": "checkin churn", "trigger_id": "t1"}) == "command:t1"
    assert delivery_key({"type": "view_closed"}) is None


def test_the_tick_forgets_deliveries_older_than_a_day(bot, database):
    from datetime import timedelta

    from bot.ticker import Ticker

    deliveries = Deliveries(database.sessions)
    assert deliveries.claim("T1", "event:old", T0 - timedelta(days=2)) is None
    assert deliveries.claim("T1", "event:new", T0) is None
    Ticker(bot.app.deps, bot.app.deps.client_for, holder="t").run(now=T0)
    assert deliveries.claim("T1", "event:old", T0) is None, "forgotten, so claimable again"
    assert deliveries.claim("T1", "event:new", T0) is not None


def test_a_replayed_command_that_changes_something_takes_effect_once_and_gets_the_first_answer(
    ada, bot, fake, database
):
    """A captured signed slash command, sent again within its signature's 5 minutes (issue 15)."""
    from tests.bot.test_checkins import make_project

    make_project(database)
    body = payloads.form(
        payloads.slash_command("checkin churn", response_url=fake.response_url(), trigger_id=fake.trigger_id())
    )
    signed = payloads.sign(SECRET, body, content_type="application/x-www-form-urlencoded")
    first, replayed = bot.post("/slack/events", signed), bot.post("/slack/events", signed)
    assert "Posting a check-in" in first.body["text"] and replayed.body == first.body
    assert len([m for m in fake.messages_in("C2") if m.metadata]) == 1
    with database.uow() as uow:
        assert [c.action for c in project_queries.history(uow, "T1", "churn")].count("checkin_requested") == 1


def test_an_event_whose_handling_failed_is_answered_500_so_that_slacks_retry_handles_it(ada, bot, fake, database):
    body = json.dumps(payloads.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvFail"))
    signed = payloads.sign(SECRET, body, content_type="application/json")
    with database.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE projects RENAME TO projects_away")
    try:
        assert bot.post("/slack/events", signed).status == 500
    finally:
        with database.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE projects_away RENAME TO projects")
    assert fake.calls_to("views.publish") == []
    assert bot.post("/slack/events", payloads.redelivered(signed, 1)).status == 200
    assert len(fake.calls_to("views.publish")) == 1, "Slack's retry was handled"
