"""Slack never retries a click, a modal submission or a command: when handling one fails, the
person is told where they acted, and nothing is left half-done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.features.scoping.meta import draft_key
from bot.slack import failures
from bot.slack.metadata import CardButton
from bot.ticker import Ticker
from domain import draft_use_cases, project_queries
from domain.model import Stage
from storage.db import Database
from tests.bot.flows import STEPS, current_modal, walk
from tests.bot.harness import RunningBot, SlackUser
from tests.bot.test_checkins import TUESDAY_DUE, make_project


@contextmanager
def table_missing(database: Database, table: str) -> Iterator[None]:
    """The table is briefly gone (a botched migration, a restore in progress)."""
    with database.engine.begin() as conn:
        conn.exec_driver_sql(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        yield
    finally:
        with database.engine.begin() as conn:
            conn.exec_driver_sql(f"ALTER TABLE {table}_away RENAME TO {table}")
        database.cache.clear()


@contextmanager
def drafts_cannot_be_deleted(database: Database) -> Iterator[None]:
    """Deleting a draft fails inside its transaction, whatever else that transaction did."""
    if database.engine.dialect.name == "sqlite":
        setup = ["CREATE TRIGGER drafts_stuck BEFORE DELETE ON drafts BEGIN SELECT RAISE(ABORT, 'stuck'); END"]
        teardown = ["DROP TRIGGER drafts_stuck"]
    else:
        setup = [
            "CREATE FUNCTION drafts_stuck() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'stuck'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER drafts_stuck BEFORE DELETE ON drafts FOR EACH ROW EXECUTE FUNCTION drafts_stuck()",
        ]
        teardown = ["DROP TRIGGER drafts_stuck ON drafts", "DROP FUNCTION drafts_stuck()"]
    with database.engine.begin() as conn:
        for statement in setup:
            conn.exec_driver_sql(statement)
    try:
        yield
    finally:
        with database.engine.begin() as conn:
            for statement in teardown:
                conn.exec_driver_sql(statement)


def told(fake, user: str = "U1") -> list[str]:
    """Everything the person was told: replies through a response_url, ephemerals, direct messages."""
    replies = [r.get("text", "") for r in fake.responses if r.get("text")]
    ephemerals = [c.args["text"] for c in fake.calls_to("chat.postEphemeral") if c.args.get("user") == user]
    ephemerals = [t for t in ephemerals if not t.startswith("Created *")]  # walk()'s note of where the card went
    return replies + ephemerals + [m.text for m in fake.messages_in(f"D{user}")]


def card_of(fake, database, ref: str = "churn-predictor") -> dict:
    project = project_queries.get_project(database.uow(), "T1", ref)
    message = fake.message(project.card_channel, project.card_ts)
    return {"ts": message.ts, "blocks": message.blocks, "text": message.text}


def click_card(user, card, action_id: str):
    return user.click(action_id, value=CardButton(ref="churn-predictor").dump(), block_id="card:churn-predictor", channel="C2", message=card)


def checkin_message(bot, fake, database) -> dict:
    make_project(database)
    Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None).run(now=TUESDAY_DUE)
    [post] = [m for m in fake.messages_in("C2") if m.metadata]
    return {"ts": post.ts, "blocks": post.blocks}


def answer_yes(user, message, question: str = "data"):
    value = next(e["value"] for b in message["blocks"] if b.get("block_id") == f"q:{question}" for e in b["elements"])
    return user.click("checkin_yes", value=value, block_id=f"q:{question}", channel="C2", message=message)


# --- clicks ---------------------------------------------------------------------------------


def test_a_click_that_fails_tells_the_person_changes_nothing_and_their_next_click_works(ada, fake, database):
    ada.command("new")
    ada.submit(current_modal(fake), STEPS[0])
    ada.command("new")  # the unfinished scope is offered: resume, or start over
    opened, offered = len(fake.calls_to("views.open")), told(fake)
    with table_missing(database, "drafts"):
        assert ada.click("draft_restart", block_id="draft").status == 200
    [note] = [t for t in told(fake) if t not in offered]
    assert note.startswith("⚠️") and "Nothing was changed" in note and "try again" in note
    assert draft_use_cases.load_draft(database.uow(), "T1", draft_key("U1", "new")).step == 2
    assert len(fake.calls_to("views.open")) == opened
    ada.click("draft_restart", block_id="draft")  # a new click: Slack stamps it anew
    assert draft_use_cases.load_draft(database.uow(), "T1", draft_key("U1", "new")) is None
    assert len(fake.calls_to("views.open")) == opened + 1


@pytest.fixture
def bot_without_database(fake, clock) -> Iterator[RunningBot]:
    down = Database("postgresql+psycopg://postgres@127.0.0.1:1/unreachable", connect_args={"connect_timeout": 2})
    running = RunningBot(down, fake, clock)
    yield running
    running.stop()


def test_a_click_during_a_database_outage_is_answered_with_what_happened(bot_without_database, fake):
    SlackUser(bot_without_database).click("draft_restart", block_id="draft")
    [note] = told(fake)
    assert "temporarily unavailable" in note and "Nothing was changed" in note
    assert fake.calls_to("views.open") == []


def test_a_click_without_a_response_url_is_answered_in_an_ephemeral_message(ada, fake, database):
    with table_missing(database, "drafts"):
        ada.click("draft_restart", block_id="draft", response_url="")
    [ephemeral] = fake.calls_to("chat.postEphemeral")
    assert ephemeral.args["channel"] == "C1" and "Nothing was changed" in ephemeral.args["text"]


def test_work_after_the_ack_that_fails_tells_the_person_and_changes_nothing(ada, fake, database):
    walk(ada)
    card = card_of(fake, database)
    with table_missing(database, "history"):  # archiving writes history in its transaction
        click_card(ada, card, "card_archive")
    [note] = told(fake)
    assert "Nothing was changed" in note
    assert not project_queries.get_project(database.uow(), "T1", "churn-predictor").archived
    assert fake.message("C2", card["ts"]).blocks == card["blocks"]


def test_archiving_when_slack_refuses_the_card_update_archives_and_says_the_card_is_stale(ada, fake, database):
    walk(ada)
    fake.fail_next("chat.update", error="cant_update_message")
    click_card(ada, card_of(fake, database), "card_archive")
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").archived
    [note] = told(fake)
    assert note.startswith("Archived *Churn Predictor*.")
    assert "card could not be updated (Slack answered `cant_update_message`)" in note


def test_an_answer_slack_refuses_to_show_is_saved_and_the_person_is_told(ada, bot, fake, database):
    message = checkin_message(bot, fake, database)
    fake.fail_next("chat.update", error="cant_update_message")
    answer_yes(ada, message)
    [note] = told(fake)
    assert "Your answer is saved" in note and "`cant_update_message`" in note
    with database.uow() as uow:
        assert [c.action for c in project_queries.history(uow, "T1", "churn")] == ["created", "checkin_answered"]


def test_an_answer_that_cannot_be_saved_is_told_and_the_check_in_is_unchanged(ada, bot, fake, database):
    message = checkin_message(bot, fake, database)
    with table_missing(database, "checkin_responses"):
        answer_yes(ada, message)
    [note] = told(fake)
    assert "Nothing was changed" in note
    assert fake.calls_to("chat.update") == []
    with database.uow() as uow:
        assert [c.action for c in project_queries.history(uow, "T1", "churn")] == ["created"]


# --- modals ---------------------------------------------------------------------------------


def stage_form(ada, fake, database) -> dict:
    walk(ada)
    click_card(ada, card_of(fake, database), "card_stage")
    return fake.calls_to("views.open")[-1].args["view"] | {"id": fake.last_view()["id"]}


def test_a_submission_that_fails_shows_the_message_in_the_modal_and_changes_nothing(ada, fake, database):
    form = stage_form(ada, fake, database)
    with table_missing(database, "history"):
        reply = ada.submit(form, {"stage_target": "data"})
    assert reply.body["response_action"] == "errors"
    assert "Nothing was changed" in reply.body["errors"]["stage_target"]
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").stage is Stage.PLANNING
    assert ada.submit(form, {"stage_target": "data"}).raw == b"", "the same values, submitted again, go through"
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").stage is Stage.DATA


def test_finishing_a_scope_whose_draft_cannot_be_deleted_creates_no_project(ada, fake, database):
    ada.command("new")
    view = current_modal(fake)
    for answers in STEPS[:4]:
        view = ada.submit(view, answers).body["view"] | {"id": view["id"]}
    with drafts_cannot_be_deleted(database):
        reply = ada.submit(view, STEPS[4])
    assert reply.body["response_action"] == "errors" and "Nothing was changed" in str(reply.body["errors"])
    assert project_queries.list_projects(database.uow(), "T1") == []
    assert draft_use_cases.load_draft(database.uow(), "T1", draft_key("U1", "new")).step == 5
    assert ada.submit(view, STEPS[4]).body == {"response_action": "clear"}
    assert [r.project.ref for r in project_queries.list_projects(database.uow(), "T1")] == ["churn-predictor"]


def test_a_submission_saved_but_not_shown_on_the_card_tells_the_person(ada, fake, database):
    form = stage_form(ada, fake, database)
    fake.fail_next("chat.update", error="cant_update_message")
    assert ada.submit(form, {"stage_target": "data"}).raw == b""
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").stage is Stage.DATA
    [note] = told(fake)
    assert "Your change is saved, but the project's card could not be updated" in note
    assert fake.messages_in("DU1")[-1].text == note, "a modal has no channel: a direct message"


def test_a_failed_submission_of_a_view_without_inputs_is_answered_with_a_view_that_says_so():
    answer = failures.modal_answer({"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}]}, "Oops.")
    assert answer["response_action"] == "update" and "Oops." in str(answer["view"]["blocks"])


# --- commands -------------------------------------------------------------------------------


def test_a_command_whose_work_after_the_ack_fails_answers_through_its_response_url(ada, fake, database):
    with table_missing(database, "drafts"):
        assert ada.command("new").body == {}
    [note] = told(fake)
    assert "Nothing was changed" in note
    assert fake.calls_to("views.open") == []
