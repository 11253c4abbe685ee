"""Corrections through Slack (issue 18): Undo on a reading's confirmation, Delete from `show`,
the archive command's question, and unarchive (command and App Home)."""

from datetime import timedelta

import pytest

from bot.slack.metadata import CardButton, ReadingButton
from bot.standin import payloads
from domain import project_queries
from tests.bot.flows import archive, button_in, walk
from tests.bot.test_checkins import TUESDAY_DUE, checkin_posts, make_project, post_checkin, ticker  # noqa: F401 (a fixture)

REF = "churn-predictor"


@pytest.fixture
def churn(ada, database):
    walk(ada)  # recall@10, target 0.8, card in C2
    return project_queries.get_project(database.uow(), "T1", REF)


def stored(database, ref=REF):
    return project_queries.get_project(database.uow(), "T1", ref)


def card_text(fake, database, ref=REF):
    project = stored(database, ref)
    return str(fake.message(project.card_channel, project.card_ts).blocks)


def undo_value(blocks):
    return button_in(blocks, "reading_undo")["value"]


def actions(database, ref=REF):
    return [c.action for c in project_queries.history(database.uow(), "T1", ref)]


def test_the_metric_commands_confirmation_carries_undo_which_removes_exactly_that_reading(ada, fake, churn, database):
    ada.command(f"metric {REF} 0.61")
    reply = ada.command(f"metric {REF} 0.67 second model")
    assert "Recorded recall@10 = 0.67" in reply.body["text"]
    ada.click("reading_undo", value=undo_value(reply.body["blocks"]), block_id="reading_undo")
    project = stored(database)
    assert [r.value for r in project.readings] == [0.61] and project.current_value == 0.61
    answer = fake.responses[-1]
    assert answer["replace_original"] is True and "Undone: the reading 0.67 recorded by <@U1>" in answer["text"]
    assert "recall@10 is now 0.61" in answer["text"] and "current 0.61" in card_text(fake, database)
    assert actions(database)[-1] == "reading_removed"


def test_a_double_click_on_undo_removes_the_reading_once_and_the_second_click_says_so(ada, fake, churn, database):
    ada.command(f"metric {REF} 0.61")
    value = undo_value(ada.command(f"metric {REF} 0.67").body["blocks"])
    clicks = [payloads.block_actions("reading_undo", value=value, block_id="reading_undo", response_url=fake.response_url()) for _ in (1, 2)]
    for click, action_ts in zip(clicks, ("1772442000.000101", "1772442000.180202"), strict=True):
        click["actions"][0]["action_ts"] = action_ts  # Slack stamps each click: two clicks, not a redelivery
    with ada.bot.racing():
        for click in clicks:
            ada.interact(click)
    assert actions(database).count("reading_removed") == 1 and stored(database).current_value == 0.61
    said = [r["text"] for r in fake.responses[-2:]]
    assert sum("was already removed (undone or deleted): nothing changed" in s for s in said) == 1
    assert sum("Undone" in s for s in said) == 1


def test_undo_is_refused_to_someone_who_neither_recorded_the_reading_nor_owns_the_project(ada, grace, fake, churn, database):
    value = undo_value(ada.command(f"metric {REF} 0.67").body["blocks"])
    grace.click("reading_undo", value=value, block_id="reading_undo")
    assert stored(database).current_value == 0.67 and "reading_removed" not in actions(database)
    assert "Only <@U1>, who recorded this reading" in fake.responses[-1]["text"]


def test_the_owner_may_undo_a_reading_someone_else_recorded(ada, grace, fake, churn, database):
    value = undo_value(grace.command(f"metric {REF} 0.67").body["blocks"])
    ada.click("reading_undo", value=value, block_id="reading_undo")
    assert stored(database).readings == []


def test_a_far_reading_recorded_once_confirmed_can_be_undone_too(ada, fake, churn, database):
    ada.command(f"metric {REF} 0.61")
    question = ada.command(f"metric {REF} 0,061").body
    record = button_in(question["blocks"], "far_reading_record")
    ada.click("far_reading_record", value=record["value"], block_id="far_reading")
    recorded = fake.responses[-1]
    assert recorded["replace_original"] is True and stored(database).current_value == 0.061
    ada.click("reading_undo", value=undo_value(recorded["blocks"]), block_id="reading_undo")
    assert [r.value for r in stored(database).readings] == [0.61] and "Undone" in fake.responses[-1]["text"]


def test_an_undo_button_that_names_no_reading_says_it_is_out_of_date(ada, fake, churn, database):
    ada.command(f"metric {REF} 0.67")
    ada.click("reading_undo", value="0.67", block_id="reading_undo")
    assert "That button is out of date" in fake.responses[-1]["text"] and stored(database).current_value == 0.67


def test_the_record_metric_forms_confirmation_carries_undo(ada, fake, churn, database):
    card = {"ts": churn.card_ts, "blocks": fake.message("C2", churn.card_ts).blocks}
    ada.click("card_metric", value=CardButton(ref=REF).dump(), block_id=f"card:{REF}", channel="C2", message=card)
    form = fake.last_view()
    reply = ada.submit(form, {"value": "0.7"})
    assert reply.body["response_action"] == "update" and "Recorded recall@10 = 0.7" in str(reply.body["view"])
    confirmation = reply.body["view"] | {"id": form["id"]}
    ada.click("reading_undo", value=undo_value(confirmation["blocks"]), block_id="reading_undo", view=confirmation)
    assert stored(database).readings == []
    shown = fake.calls_to("views.update")[-1].args
    assert shown["view_id"] == form["id"] and "Undone" in str(shown["view"]["blocks"])
    assert "current —" in card_text(fake, database)


def test_the_check_in_details_confirmation_carries_undo(ada, ticker, fake, database):  # noqa: F811 (the fixture)
    make_project(database)
    message = post_checkin(ticker, fake)
    occurrence = message["blocks"][-1]["elements"][0]["value"]
    ada.click("checkin_details", value=occurrence, block_id="details", channel="C2", message=message)
    form = fake.last_view()
    reply = ada.submit(form, {"value": "0.74"})
    assert "recorded 0.74 for *Churn*" in str(reply.body["view"]) and "<@U1>: 0.74" in str(fake.message("C2", message["ts"]).blocks)
    undo = undo_value(reply.body["view"]["blocks"])
    ada.click("reading_undo", value=undo, block_id="reading_undo", view=reply.body["view"] | {"id": form["id"]})
    assert stored(database, "churn").current_value is None and actions(database, "churn")[-1] == "reading_removed"
    assert "<@U1>: 0.74" not in str(fake.message("C2", message["ts"]).blocks)  # the answer no longer says it
    ada.click("reading_undo", value=undo, block_id="reading_undo", view=reply.body["view"] | {"id": form["id"]})
    assert "already removed" in str(fake.calls_to("views.update")[-1].args["view"]) and actions(database, "churn").count("reading_removed") == 1


def test_show_offers_delete_on_the_latest_readings_and_deleting_one_moves_the_current_value_back(ada, fake, churn, database):
    for value in ("0.61", "0.67", "0.7"):
        ada.command(f"metric {REF} {value}")
    shown = ada.command(f"show {REF}").body["blocks"]
    deletes = [b["accessory"] for b in shown if (b.get("accessory") or {}).get("action_id") == "reading_delete"]
    assert [ReadingButton.load(d["value"]).value for d in deletes] == [0.7, 0.67, 0.61]  # newest first
    assert all(d["confirm"]["title"]["text"] == "Delete this reading?" for d in deletes)
    ada.click("reading_delete", value=deletes[0]["value"], block_id="x")
    assert stored(database).current_value == 0.67 and "current 0.67" in card_text(fake, database)
    change = project_queries.history(database.uow(), "T1", REF)[-1]
    assert (change.action, change.detail["value"], change.detail["how"]) == ("reading_removed", 0.7, "deleted")
    assert fake.responses[-1]["replace_original"] is False and "Deleted: the reading 0.7" in fake.responses[-1]["text"]
    ada.click("reading_delete", value=deletes[0]["value"], block_id="x")
    assert "already removed" in fake.responses[-1]["text"] and actions(database).count("reading_removed") == 1


def test_the_archive_command_asks_first_and_cancel_changes_nothing(ada, fake, churn, database):
    question = ada.command(f"archive {REF}").body
    assert "its check-ins stop" in question["text"] and not stored(database).archived
    assert button_in(question["blocks"], "archive_confirm")["style"] == "danger"
    cancel = button_in(question["blocks"], "archive_cancel")
    ada.click("archive_cancel", value=cancel["value"], block_id=f"archive:{REF}")
    assert not stored(database).archived and "archived" not in actions(database)
    assert "Not archived" in fake.responses[-1]["text"] and fake.responses[-1]["replace_original"] is True
    archive(ada, REF)
    assert stored(database).archived and "🗄️ Archived" in card_text(fake, database)


def test_the_archive_command_refuses_at_once_what_it_could_not_do(ada, grace, churn, database):
    assert "Only the owner" in grace.command(f"archive {REF}").body["text"]
    archive(ada, REF)
    assert "is archived" in ada.command(f"archive {REF}").body["text"]
    assert "No project `nope`" in ada.command("archive nope").body["text"]


def test_unarchive_brings_the_project_back_with_its_card_buttons(ada, grace, fake, churn, database):
    assert "is not archived" in ada.command(f"unarchive {REF}").body["text"]
    archive(ada, REF)
    assert "Only the owner" in grace.command(f"unarchive {REF}").body["text"] and stored(database).archived
    reply = ada.command(f"unarchive {REF}")
    assert "Unarchived *Churn Predictor*" in reply.body["text"] and not stored(database).archived
    assert "card_archive" in card_text(fake, database) and "🗄️ Archived" not in card_text(fake, database)
    assert actions(database)[-2:] == ["archived", "unarchived"] and REF in str(ada.command("list").body["blocks"])


def home_of(fake, user):
    return next(c.args["view"] for c in reversed(fake.calls_to("views.publish")) if c.args["user_id"] == user)


def test_app_home_lists_archived_projects_and_unarchives_for_those_who_may(ada, grace, fake, churn, database):
    archive(ada, REF)
    grace.event({"type": "app_home_opened", "user": "U2", "channel": "D2", "tab": "home"})
    assert "Archived" in str(home_of(fake, "U2")["blocks"]) and "home_unarchive" not in str(home_of(fake, "U2")["blocks"])
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    home = home_of(fake, "U1")
    button = button_in(home["blocks"], "home_unarchive")
    ada.click("home_unarchive", value=button["value"], block_id="x", view=home | {"id": "VHOME"})
    assert not stored(database).archived and "card_archive" in card_text(fake, database)
    assert "home_unarchive" not in str(home_of(fake, "U1")["blocks"])
    assert any("Unarchived *Churn Predictor*" in c.args["text"] for c in fake.calls_to("chat.postMessage"))


def test_check_ins_resume_after_unarchive_without_catching_up_the_archived_weeks(ada, ticker, fake, database, clock):  # noqa: F811
    make_project(database)
    archive(ada, "churn")
    assert ticker.run(now=TUESDAY_DUE + timedelta(weeks=1)).posted == 0
    clock.now = TUESDAY_DUE + timedelta(weeks=2, days=1)
    ada.command("unarchive churn")
    assert ticker.run(now=clock.now).posted == 0  # the archived weeks are not made up
    assert ticker.run(now=TUESDAY_DUE + timedelta(weeks=3)).posted == 1
    assert len(checkin_posts(fake)) == 1
