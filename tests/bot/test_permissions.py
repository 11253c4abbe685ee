"""Anyone reads; owners, creators, admins and leads change. Others get a clear refusal."""

import pytest

from bot.slack.metadata import CardButton
from domain import draft_use_cases, project_queries
from domain.model import Stage
from tests.bot.flows import archive, walk
from tests.bot.harness import SlackUser


@pytest.fixture
def churn(ada, fake, database):
    walk(ada)  # ada (U1) owns and created churn-predictor
    return project_queries.get_project(database.uow(), "T1", "churn-predictor")


@pytest.fixture
def admin(bot, fake):
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("stage churn-predictor data", "move the stage of"),
        ("archive churn-predictor", "archive"),
        ("checkin churn-predictor pause", "change the check-ins of"),
    ],
)
def test_others_are_refused_changes_with_a_clear_message(grace, churn, fake, database, text, verb):
    opened = len(fake.calls_to("views.open"))
    reply = grace.command(text)
    assert f"can {verb} `churn-predictor`" in reply.body["text"]
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert (project.stage, project.archived, project.checkin.paused) == (Stage.PLANNING, False, False)
    assert len(fake.calls_to("views.open")) == opened


def modal_text(view):
    return str(view["blocks"])


FORMS = [("edit churn-predictor", "edit"), ("checkin churn-predictor schedule", "change the check-ins of")]


@pytest.mark.parametrize(("text", "verb"), FORMS)
def test_someone_only_slack_can_vouch_for_sees_the_form_open_first_then_the_refusal_in_it(
    grace, churn, fake, database, text, verb
):
    """Whether grace is an admin is Slack's to say, and the trigger will not wait for users.info."""
    before = len(fake.calls)
    assert grace.command(text).body == {}
    methods = [c.method for c in fake.calls[before:] if c.method in ("views.open", "users.info", "views.update")]
    assert methods == ["views.open", "users.info", "views.update"]
    [update] = fake.calls_to("views.update")
    assert fake.view(update.args["view_id"])["callback_id"] == "notice", "the modal that opened now says why not"
    assert f"can {verb} `churn-predictor`" in modal_text(update.args["view"])
    assert "submit" not in update.args["view"]
    assert draft_use_cases.load_draft(database.uow(), "T1", "U2:edit") is None


@pytest.mark.parametrize(("text", "verb"), FORMS)
def test_once_slack_has_said_someone_is_no_admin_the_command_refuses_in_its_reply(grace, churn, fake, text, verb):
    grace.command("archive churn-predictor")  # Slack is asked once, and the answer kept a while
    opened = len(fake.calls_to("views.open"))
    assert f"can {verb} `churn-predictor`" in grace.command(text).body["text"]
    assert len(fake.calls_to("views.open")) == opened


def test_others_can_still_read_and_record_results(grace, churn, database):
    assert "recall@10" in str(grace.command("show churn-predictor").body["blocks"])
    assert "Recorded" in grace.command("metric churn-predictor 0.7").body["text"]


def test_a_workspace_admin_may_change_any_project(admin, churn, database):
    assert "Moved" in admin.command("stage churn-predictor data").body["text"]
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").stage is Stage.DATA


def test_an_admin_makes_someone_a_lead_who_may_then_change(admin, grace, churn, database):
    assert "not an MLScope lead" not in grace.command("leads add <@U2|grace>").body["text"]
    assert "Only workspace admins and existing MLScope leads" in grace.command("leads add <@U2|grace>").body["text"]
    assert "now an MLScope lead" in admin.command("leads add <@U2|grace>").body["text"]
    assert "<@U2>" in grace.command("leads").body["text"]
    archive(grace, "churn-predictor")
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").archived
    assert "no longer an MLScope lead" in admin.command("leads remove <@U2>").body["text"]


def click_stage(user, churn, fake):
    card = fake.message(churn.card_channel, churn.card_ts)
    user.click(
        "card_stage",
        value=CardButton(ref="churn-predictor").dump(),
        block_id="card:churn-predictor",
        channel="C2",
        message={"ts": card.ts, "blocks": card.blocks},
    )


def test_the_card_refuses_others_the_database_knows_before_opening_a_modal(ada, grace, churn, fake):
    grace.command("stage churn-predictor data")  # Slack said grace is no admin; the answer is kept a while
    opened = len(fake.calls_to("views.open"))
    click_stage(grace, churn, fake)
    assert len(fake.calls_to("views.open")) == opened
    assert any("can move the stage of" in c.args["text"] for c in fake.calls_to("chat.postEphemeral"))


def test_the_card_opens_a_checking_modal_for_others_then_says_they_cannot(grace, churn, fake):
    before = len(fake.calls)
    click_stage(grace, churn, fake)
    calls = [c for c in fake.calls[before:] if c.method in ("views.open", "users.info", "views.update")]
    assert [c.method for c in calls] == ["views.open", "users.info", "views.update"]
    assert "Checking with Slack" in modal_text(calls[0].args["view"])
    assert "can move the stage of `churn-predictor`" in modal_text(calls[2].args["view"])


def test_an_admin_sees_the_form_once_slack_has_said_so_and_may_use_it(admin, churn, fake, database):
    click_stage(admin, churn, fake)
    [update] = fake.calls_to("views.update")
    form = update.args["view"] | {"id": update.args["view_id"]}
    assert form["callback_id"] == "stage_modal"
    assert admin.submit(form, {"stage_target": "data"}).raw == b""
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").stage is Stage.DATA


def test_the_admin_check_asks_slack_only_for_non_owners_and_is_cached(ada, grace, churn, fake):
    before = len(fake.calls_to("users.info"))
    ada.command("stage churn-predictor data")
    assert len(fake.calls_to("users.info")) == before, "the owner is never checked against Slack"
    grace.command("archive churn-predictor")
    grace.command("stage churn-predictor training")
    assert len(fake.calls_to("users.info")) == before + 1
