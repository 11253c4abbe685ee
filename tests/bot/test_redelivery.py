"""Slack redelivers what it thinks timed out: every effect still happens once."""

import json

from slack_bolt import BoltRequest
from slack_sdk import WebClient

from bot.dedupe import FAILED_FLAG, DedupingApp, delivery_key
from bot.standin import payloads
from domain import services
from storage.deliveries import Deliveries
from tests.bot.flows import STEPS, current_modal
from tests.bot.harness import SECRET
from tests.conftest import T0


def redeliver(bot, body: str, content_type: str, retry: int):
    signed = payloads.sign(SECRET, body, content_type=content_type)
    headers = signed.headers | {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return bot.post("/slack/events", payloads.SignedRequest(signed.body, headers))


def test_a_redelivered_final_step_creates_one_project_and_gets_the_same_answer(ada, bot, fake, database):
    ada.command("new")
    view = current_modal(fake)
    for answers in STEPS[:4]:
        view = ada.submit(view, answers).body["view"] | {"id": view["id"]}
    body = payloads.interaction(payloads.view_submission(view, STEPS[4]))
    first = redeliver(bot, body, "application/x-www-form-urlencoded", 0)
    again = redeliver(bot, body, "application/x-www-form-urlencoded", 1)
    assert first.body == again.body == {"response_action": "clear"}
    assert [r.project.ref for r in services.list_projects(database.uow(), "T1")] == ["churn-predictor"]
    assert len(fake.messages_in("C2")) == 1


def test_a_corrected_resubmission_after_field_errors_is_not_a_redelivery(ada, fake):
    ada.command("new")
    view = current_modal(fake)
    assert ada.submit(view, STEPS[0] | {"name": ""}).body["response_action"] == "errors"
    assert ada.submit(view, STEPS[0]).body["response_action"] == "update"


def test_a_redelivered_event_publishes_app_home_once(ada, bot, fake):
    body = json.dumps(payloads.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="Ev0001"))
    for retry in (0, 1, 2):
        assert redeliver(bot, body, "application/json", retry).status == 200
    assert len(fake.calls_to("views.publish")) == 1


def test_a_redelivered_click_records_once(ada, bot, fake, database):
    from bot.jobs import Ticker
    from tests.bot.test_checkins import TUESDAY_DUE, make_project

    make_project(database)
    Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None).run(now=TUESDAY_DUE)
    [post] = [m for m in fake.messages_in("C2") if m.metadata]
    value = next(e["value"] for b in post.blocks if b.get("block_id") == "q:data" for e in b["elements"])
    click = payloads.block_actions(
        "checkin_yes", value=value, block_id="q:data", channel="C2", message={"ts": post.ts, "blocks": post.blocks}
    )
    body = payloads.interaction(click)
    for retry in (0, 1):
        redeliver(bot, body, "application/x-www-form-urlencoded", retry)
    assert len(fake.calls_to("chat.update")) == 1
    with database.uow() as uow:
        assert len(services.history(uow, "T1", "churn")) == 2  # created, answered once


def test_a_forged_request_cannot_claim_a_slack_id_before_slack(ada, bot, fake):
    body = json.dumps(payloads.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="Ev0002"))
    forged = payloads.sign("not-the-secret", body, content_type="application/json")
    assert bot.post("/slack/events", forged).status == 401
    assert redeliver(bot, body, "application/json", 0).status == 200
    assert len(fake.calls_to("views.publish")) == 1


def test_a_delivery_whose_handling_failed_is_handled_again_on_retry(database, fake):
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

    body = json.dumps(payloads.event({"type": "app_home_opened", "user": "U1"}, event_id="Ev0003"))
    for _ in range(3):
        signed = payloads.sign(SECRET, body, content_type="application/json")
        app.dispatch(BoltRequest(body=body, headers={k.lower(): [v] for k, v in signed.headers.items()}))
    assert len(calls) == 2


def test_delivery_keys_use_slacks_own_ids():
    assert delivery_key({"event_id": "Ev1"}) == "event:Ev1"
    click = payloads.block_actions("x", value="1", channel="C1", message={"ts": "1.2"})
    assert delivery_key(click).startswith(f"action:{click['actions'][0]['action_ts']}:U1:1.2:x")
    assert delivery_key({"command": "/mlproject", "trigger_id": "t1"}) is None  # Slack does not redeliver commands
    assert delivery_key({"type": "view_closed"}) is None


def test_the_tick_forgets_deliveries_older_than_a_day(bot, database):
    from datetime import timedelta

    from bot.jobs import Ticker

    deliveries = Deliveries(database.sessions)
    assert deliveries.claim("T1", "event:old", T0 - timedelta(days=2)) is None
    assert deliveries.claim("T1", "event:new", T0) is None
    Ticker(bot.app.deps, bot.app.deps.client_for, holder="t").run(now=T0)
    assert deliveries.claim("T1", "event:old", T0) is None, "forgotten, so claimable again"
    assert deliveries.claim("T1", "event:new", T0) is not None


def test_through_the_real_app_a_click_that_failed_after_its_claim_is_handled_on_retry(ada, bot, fake, database):
    """The claim succeeds, then the handling fails (a table is briefly missing): the retry is handled."""
    click = payloads.interaction(payloads.block_actions("draft_restart", block_id="draft", channel="C1"))
    with database.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE drafts RENAME TO drafts_away")
    try:
        first = redeliver(bot, click, "application/x-www-form-urlencoded", 0)
    finally:
        with database.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE drafts_away RENAME TO drafts")
    assert first.status == 200
    assert fake.calls_to("views.open") == [], "the first attempt failed before opening the modal"
    redeliver(bot, click, "application/x-www-form-urlencoded", 1)
    assert len(fake.calls_to("views.open")) == 1, "Slack's retry was handled, not swallowed as a duplicate"
    redeliver(bot, click, "application/x-www-form-urlencoded", 2)
    assert len(fake.calls_to("views.open")) == 1, "and a further retry of a handled click is a duplicate"
