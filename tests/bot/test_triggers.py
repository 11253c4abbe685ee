"""A trigger_id opens one modal, within 3 s of the click (https://docs.slack.dev/reference/methods/views.open).

So views.open is the first Slack call after the ack, is never retried with the same trigger, and
a modal that cannot open is explained to the person; nothing that answers a modal waits for
users.info. The stand-in's clock is injected here, so a trigger ages without anyone sleeping.
"""

import json
import time
import urllib.request

import pytest

from bot.slack.admins import TTL_SECONDS, Admins
from bot.slack.metadata import CardButton
from bot.standin import payloads
from bot.standin.fake_slack import FakeSlack
from bot.standin.interactions import view_response_problems
from domain import draft_use_cases, project_queries, workspace_use_cases
from tests.bot.flows import STEPS
from tests.bot.harness import SECRET, SlackUser


class Clock:
    def __init__(self, start: float):
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def slack_clock():
    return Clock(1_790_000_000.0)


@pytest.fixture
def fake(slack_clock):
    slack = FakeSlack(clock=slack_clock).start()
    slack.add_channel("C2", "ml-team")
    slack.add_user("U2", "grace", tz="America/New_York")
    slack.add_user("U3", "hopper", admin=True)
    yield slack
    slack.stop()


@pytest.fixture
def churn(ada, database):
    from tests.bot.flows import walk

    walk(ada)
    return project_queries.get_project(database.uow(), "T1", "churn-predictor")


def click_card(user, button, **kw):
    return user.click(
        button,
        value=CardButton(ref="churn-predictor").dump(),
        block_id="card:churn-predictor",
        channel="C2",
        message={},
        **kw,
    )


def told(fake, user="U1"):
    """What the person was told in ephemerals, but for the scoping's note of where the card went."""
    return [
        t
        for t in (c.args["text"] for c in fake.calls_to("chat.postEphemeral") if c.args.get("user") == user)
        if not t.startswith("Created *")
    ]


def test_a_trigger_older_than_three_seconds_is_refused_and_the_person_is_told(ada, churn, fake, slack_clock):
    trigger = fake.trigger_id("U1")
    slack_clock.advance(3.5)  # Slack issued it with the click; the bot reached views.open too late
    views_before, opened = len(fake.state.views), len(fake.calls_to("views.open"))
    click_card(ada, "card_metric", trigger_id=trigger)
    assert [c.args["trigger_id"] for c in fake.calls_to("views.open")[opened:]] == [trigger]
    assert len(fake.state.views) == views_before, "no modal opened"
    [note] = told(fake)
    assert "took too long" in note and "click again" in note


def test_a_trigger_already_spent_is_refused_and_the_person_is_told(ada, churn, fake):
    trigger = fake.trigger_id("U1")
    click_card(ada, "card_baseline", trigger_id=trigger)
    assert fake.last_view()["callback_id"] == "baseline_modal"
    click_card(ada, "card_metric", trigger_id=trigger)
    assert fake.last_view()["callback_id"] == "baseline_modal"
    [note] = told(fake)
    assert "already opened once" in note


def test_a_5xx_on_views_open_is_not_retried_with_the_same_trigger(ada, churn, fake):
    opened = len(fake.calls_to("views.open"))
    fake.fail_next("views.open", status=500)
    click_card(ada, "card_metric")
    assert len(fake.calls_to("views.open")) == opened + 1, "a retry would spend the same trigger a second time"
    [note] = told(fake)
    assert "could not open the form" in note and "Nothing was changed" in note


def test_views_open_is_the_first_slack_call_after_a_click_and_the_edit_draft_is_saved_after_it(
    ada, churn, fake, database
):
    before = len(fake.calls)
    click_card(ada, "card_edit")
    assert [c.method for c in fake.calls[before:]] == ["views.open"]
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1:edit").step == 1


def submit_timed(user, view, answers):
    """Submit ``view`` as Slack does and time its answer, without waiting for the work after it."""
    fake, bot = user.bot.fake, user.bot
    payload = payloads.view_submission(
        view, answers, user=user.user, team=user.team, trigger_id=fake.trigger_id(user.user)
    )
    signed = payloads.sign(SECRET, payloads.interaction(payload), content_type="application/x-www-form-urlencoded")
    request = urllib.request.Request(bot.url + "/slack/events", data=signed.body, headers=signed.headers, method="POST")
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
    elapsed = time.monotonic() - started
    with fake.lock:
        fake.state.violations.extend(view_response_problems(payload["view"], raw))
    return elapsed, json.loads(raw)


def test_the_last_step_of_an_edit_by_an_admin_is_answered_before_slack_is_asked_who_they_are(
    bot, ada, churn, fake, database
):
    """Hopper is a workspace admin, neither owner nor creator: only users.info can say she may edit."""
    admin_clock = Clock(0.0)
    bot.app.deps.admins = Admins(monotonic=admin_clock)
    hopper = SlackUser(bot, "U3")
    click_card(hopper, "card_edit")  # opens first, asks Slack, then shows step 1
    view = fake.calls_to("views.update")[-1].args["view"] | {"id": fake.calls_to("views.update")[-1].args["view_id"]}
    for answers in STEPS[:4]:
        view = hopper.submit(view, answers).body["view"] | {"id": view["id"]}
    admin_clock.advance(TTL_SECONDS + 1)  # the modal stayed open a while: Slack's answer is no longer trusted
    fake.delay("users.info", 4.0)  # and Slack is slow to give it again
    asked = len(fake.calls_to("users.info"))
    elapsed, answer = submit_timed(hopper, view, STEPS[4] | {"cadence": "monthly"})
    assert elapsed < 3.0, f"Slack waits 3 s for the answer; it took {elapsed:.1f} s"
    assert len(fake.calls_to("users.info")) == asked, "answered before users.info was"
    assert answer["response_action"] == "update" and "Checking with Slack" in str(answer["view"]["blocks"])
    bot.background.wait_idle()
    assert len(fake.calls_to("users.info")) == asked + 1
    [*_, shown] = fake.calls_to("views.update")
    assert shown.args["view_id"] == view["id"] and "Saved your changes" in str(shown.args["view"]["blocks"])
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").checkin.cadence.value == "monthly"
    assert draft_use_cases.load_draft(database.uow(), "T1", "U3:edit") is None


def test_someone_slack_says_is_no_admin_sees_the_last_step_refused_once_slack_has_answered(
    bot, ada, grace, churn, fake, database
):
    """Grace got as far as step 5 while she was a lead; she is no longer one."""
    workspace_use_cases.change_lead(
        database.uow(), "T1", "U2", add=True, actor="U1", now=churn.created_at, is_admin=lambda: True
    )
    grace.command("edit churn-predictor")
    view = fake.last_view()
    for answers in STEPS[:4]:
        view = grace.submit(view, answers).body["view"] | {"id": view["id"]}
    workspace_use_cases.change_lead(
        database.uow(), "T1", "U2", add=False, actor="U1", now=churn.created_at, is_admin=lambda: True
    )
    answer = grace.submit(view, STEPS[4] | {"cadence": "monthly"}).body
    assert answer["response_action"] == "update" and "Checking with Slack" in str(answer["view"]["blocks"])
    [*_, shown] = fake.calls_to("views.update")
    assert "can edit `churn-predictor`" in str(shown.args["view"]["blocks"])
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").checkin.cadence.value == "weekly"
