"""Scoping as a conversation in the app's Messages tab: typed lines arrive as signed message.im
events, buttons as signed clicks, and the bot answers through its real WebClient in the DM."""

import json

import pytest

from bot.features.conversation.chat import AT, Chat
from bot.features.conversation.ids import ChatAnswer
from bot.standin import payloads
from domain import draft_use_cases, project_queries
from domain.model import Cadence, GateAnswer, GateQuestion, Stage
from tests.bot.flows import STEP_1, STEP_2, STEP_3, STEP_4, STEP_5, current_modal, submit_steps
from tests.bot.harness import SECRET, RunningBot, SlackUser
from tests.bot.test_secrets import wait_for

DM = "DU1"


@pytest.fixture
def bot(database, fake, clock):
    """The bot, its per-person limit raised: a walk through every question clicks faster than a person."""
    running = RunningBot(database, fake, clock, rate_limit_per_minute=6000, rate_limit_burst=1000)
    yield running
    running.stop()
    assert fake.violations == [], "the bot sent Block Kit that Slack would reject"


def bot_lines(fake, channel=DM):
    return [m for m in fake.messages_in(channel) if m.user == "UBOT"]


def last(fake, channel=DM):
    return bot_lines(fake, channel)[-1]


def text_of(message):
    parts = [message.text]
    for block in message.blocks:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(text.get("text", ""))
        parts += [e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return "\n".join(parts)


def buttons(message):
    return {
        e["text"]["text"]: e for b in message.blocks if b["type"] == "actions" for e in b["elements"] if e["type"] == "button"
    }


def click(person, fake, label, channel=DM):
    message = last(fake, channel)
    button = buttons(message)[label]
    shown = {"type": "message", "ts": message.ts, "text": message.text, "blocks": message.blocks, "user": "UBOT"}
    if message.thread_ts:
        shown["thread_ts"] = message.thread_ts
    return person.click(button["action_id"], value=button.get("value"), message=shown, channel=channel)


# What the walk answers, by question (a label: a button; text: typed); anything else is skipped.
ANSWERS = {
    "name": "Churn Predictor",
    "statement": "Which customers will leave next month, for the retention team.",
    "gate_ready": "Yes",
    "gate_ml_needed": "ML is needed",
    "gate_ethical": "Considered: no serious concern",
    "owner": "Me",
    "channel": "<#C2|ml-team>",
    "archetype": "Software 2.0",
    "rate_business_value": "5",
    "note_business_value": "retention is our top KPI",
    "rate_data_availability": "4",
    "flags_generalization": "Small-data setting",
    "metric_name": "recall@10",
    "metric_target": "0.8",
    "baseline_kind": "Rule-based / scripted",
    "baseline_description": "customers with a support ticket last week",
    "baseline_value": "0.55",
    "cadence": "Every week",
    "timezone": "Europe/Paris",
}


def walk(person, fake, answers=ANSWERS, channel=DM):
    """Answer every question as ``answers`` says (a button by its label, else typed), skipping the rest."""
    for _ in range(80):
        message = last(fake, channel)
        if "Create project" in buttons(message):
            return message
        field = _field(message)
        wanted = answers.get(field)
        if field.startswith("flags_") and wanted:
            click(person, fake, wanted, channel)
            click(person, fake, "Done", channel)
        elif wanted in buttons(message):
            click(person, fake, wanted, channel)
        elif wanted:
            person.says(wanted, thread_ts=message.thread_ts)
        else:
            click(person, fake, skip_label(message), channel)
    raise AssertionError("the conversation never reached its summary")


def skip_label(message):
    """Skip (an optional question), Keep … (one whose answer the form prefills), else Done."""
    return next((label for label, b in buttons(message).items() if b["action_id"] == "chat_skip"), "Done")


def _field(message):
    value = buttons(message)["Back"]["value"]
    return ChatAnswer.load(value).f


def test_scope_a_project_asks_the_first_question_of_the_modals_first_step(ada, fake):
    assert ada.says("Scope a project").status == 200
    question = last(fake)
    assert "Step 1 of 5: The problem" in text_of(question)
    assert "Project name" in text_of(question)
    assert "Skip" not in buttons(question), "a name is required, as in the modal"


def test_the_whole_conversation_creates_the_project_the_modal_would_and_posts_its_card(ada, fake, database):
    ada.says("scope a project")
    summary = walk(ada, fake)
    assert "Impact" in text_of(summary) and ("⚠️" in text_of(summary) or "💡" in text_of(summary))
    assert "Owner <@U1> · home channel <#C2>" in text_of(summary) and "recall@10 → 0.8" in text_of(summary)
    assert "Check-ins: weekly, Monday 10:00 Europe/Paris" in text_of(summary) and "Kind: Software 2.0" in text_of(summary)
    click(ada, fake, "Create project")
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.problem.owner_id == "U1" and project.problem.channel_id == "C2" and project.problem.creator_id == "U1"
    assert project.problem.statement.startswith("Which customers")
    assert project.scope.gate[GateQuestion.READY] is GateAnswer.YES
    assert project.scope.impact["business_value"].rating == 5
    assert project.scope.impact["business_value"].note == "retention is our top KPI"
    assert [f.value for f in project.scope.hard_flags] == ["small_data"]
    assert project.scope.optimizing.name == "recall@10" and project.scope.optimizing.target == 0.8
    assert project.scope.baselines[0].value == 0.55
    assert project.checkin.cadence is Cadence.WEEKLY and project.checkin.timezone == "Europe/Paris"
    assert project.stage is Stage.PLANNING
    assert len(fake.messages_in("C2")) == 1, "the card, in its home channel"
    assert "Created *Churn Predictor* (`churn-predictor`)" in text_of(last(fake))
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") is None


def test_a_refused_answer_gets_the_modals_words_and_changes_nothing(ada, fake, database):
    ada.says("scope a project")
    ada.says("x" * 81)
    assert "Keep it under 80 characters (now 81)." in text_of(last(fake))
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data["name"] == ""
    ada.says("Churn Predictor")
    ada.says("skip")
    ada.says("perhaps")  # the gate takes Yes / Not sure / No
    assert "“perhaps” is not one of the options" in text_of(last(fake))
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data[AT] == "gate_ready"


def test_skip_back_and_where_am_i(ada, fake, database):
    ada.says("scope a project")
    ada.says("Churn Predictor")
    ada.says("skip")
    assert "Is the organisation ready" in text_of(last(fake))
    ada.says("back")
    assert "Problem statement" in text_of(last(fake))
    ada.says("where am I?")
    where = bot_lines(fake)[-2]
    assert "👉 1. The problem" in text_of(where) and "Now: *Problem statement*" in text_of(where)
    assert "Problem statement" in text_of(last(fake)), "the open question is asked again"


def test_a_line_slack_delivers_twice_is_answered_once(ada, bot, fake, database):
    ada.says("scope a project")
    event = fake.typed_in_dm("U1", "Churn Predictor")
    body = json.dumps(payloads.event(event, event_id="EvRetry1"))
    before = len(bot_lines(fake))
    for retry in (None, 1, 2):
        signed = payloads.sign(SECRET, body, content_type="application/json")
        assert bot.post("/slack/events", signed if retry is None else payloads.redelivered(signed, retry)).status == 200
    assert len(bot_lines(fake)) == before + 1
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data[AT] == "statement"


def walk_until(person, fake, field, answers=ANSWERS):
    """Answer questions as ``walk`` does until ``field`` is the open question."""
    for _ in range(80):
        message = last(fake)
        if _field(message) == field:
            return message
        wanted = answers.get(_field(message))
        if wanted in buttons(message):
            click(person, fake, wanted)
        elif wanted:
            person.says(wanted)
        else:
            click(person, fake, skip_label(message))
    raise AssertionError(f"the conversation never asked {field}")


def test_start_in_the_chat_and_finish_in_the_modal(ada, fake, database):
    ada.says("scope a project")
    walk_until(ada, fake, "rate_cheap_prediction")
    ada.says("4")  # step 2 half answered in the chat
    ada.command("new")
    ada.click("draft_resume", block_id="draft")
    view = current_modal(fake)
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["rate_cheap_prediction"]["initial_option"]["value"] == "4", "the modal shows the chat's answers"
    submit_steps(ada, [{}, STEP_3, STEP_4, STEP_5], view)
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.problem.channel_id == "C2" and project.scope.impact["cheap_prediction"].rating == 4
    assert project.scope.optimizing.name == "recall@10"


def test_start_in_the_modal_and_finish_in_the_chat(ada, fake, database):
    ada.command("new")
    submit_steps(ada, [STEP_1, STEP_2])  # the modal closed at step 3
    ada.says("scope a project")
    assert "You have an unfinished scope for *Churn Predictor* (step 3 of 5)" in text_of(last(fake))
    click(ada, fake, "Resume")
    assert "Step 3 of 5: Feasibility" in text_of(last(fake))
    walk(ada, fake)
    click(ada, fake, "Create project")
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.scope.impact["business_value"].note == "retention is our top KPI", "the modal's answers are kept"
    assert project.scope.optimizing.name == "recall@10", "and the chat's added"


def test_the_assistant_container_greets_offers_the_three_prompts_and_scopes_in_its_thread(ada, fake, database):
    started = fake.open_assistant_thread("U1", viewing="C2")
    thread = started["assistant_thread"]["thread_ts"]
    assert ada.event(started).status == 200
    [prompts] = fake.calls_to("assistant.threads.setSuggestedPrompts")
    assert [p["title"] for p in prompts.args["prompts"]] == ["Scope a new project", "What needs my attention?", "Show the portfolio"]
    assert prompts.args["thread_ts"] == thread
    assert "scope a project" in text_of(last(fake)) and last(fake).thread_ts == thread
    ada.says("Scope a new project", thread_ts=thread)  # the prompt's message, sent as the person's
    assert [c.args["status"] for c in fake.calls_to("assistant.threads.setStatus")] == ["is reading your answer…"]
    assert "Project name" in text_of(last(fake)) and last(fake).thread_ts == thread
    walk(ada, fake)
    assert last(fake).thread_ts == thread, "every question in the thread"
    click(ada, fake, "Create project")
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").problem.channel_id == "C2"
    assert last(fake).thread_ts == thread and "Created *Churn Predictor*" in text_of(last(fake))


def test_what_needs_my_attention_and_the_portfolio_answer_as_app_home_and_list_do(ada, fake):
    ada.says("show the portfolio")
    assert "Portfolio, ranked: nothing yet" in last(fake).text
    ada.says("What needs my attention?")
    assert "You own no project yet" in text_of(last(fake))
    ada.says("scope a project")
    walk(ada, fake)
    click(ada, fake, "Create project")
    ada.says("What needs my attention?")
    attention = text_of(last(fake))
    assert "Churn Predictor" in attention and "⚠️" in attention
    click(ada, fake, "Show the portfolio") if "Show the portfolio" in buttons(last(fake)) else ada.says("portfolio")
    assert "*1.* *Churn Predictor* `churn-predictor`" in text_of(last(fake))


def test_while_a_question_is_open_a_single_word_is_an_answer_and_a_prompt_asks_the_question_again(ada, fake, database):
    ada.says("scope a project")
    ada.says("Portfolio")  # the project's name, not the portfolio
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data["name"] == "Portfolio"
    assert "Problem statement" in text_of(last(fake))
    ada.says("show the portfolio")
    lines = bot_lines(fake)
    assert "Portfolio, ranked" in lines[-2].text and "Problem statement" in text_of(lines[-1])
    ada.says("status")  # words, not "where am I": a statement may be anything
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data["statement"] == "status"


def test_the_gates_heading_is_shown_with_the_gates_questions_only_and_the_summary_spaces_units(ada, fake):
    ada.says("scope a project")
    ada.says(ANSWERS["name"])
    ada.says(ANSWERS["statement"])
    assert "The gate" in text_of(last(fake))
    for gate in ("gate_ready", "gate_ml_needed", "gate_ethical"):
        click(ada, fake, ANSWERS[gate])
    assert "Owner" in text_of(last(fake)) and "The gate" not in text_of(last(fake)), "the owner is no gate question"
    walk(ada, fake, ANSWERS | {"metric_unit": "%", "metric_target": "80"})
    summary = text_of(last(fake))
    assert "recall@10 → 80 %" in summary and "customers with a support ticket last week · 0.55 %" in summary


def test_cancel_offers_to_resume_or_start_over(ada, fake, database):
    ada.says("scope a project")
    ada.says("Churn Predictor")
    ada.says("cancel")
    assert "unfinished scope for *Churn Predictor*" in text_of(last(fake))
    assert {"Resume", "Start over"} <= set(buttons(last(fake)))
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data["name"] == "Churn Predictor", "nothing lost"


def test_what_needs_my_attention_says_what_the_digest_would_of_my_projects(ada, fake, database):
    ada.says("scope a project")
    walk(ada, fake, ANSWERS | {"gate_ready": "partly"})
    click(ada, fake, "Create project")
    ada.says("what needs my attention")
    attention = text_of(last(fake))
    assert "*Churn Predictor* `churn-predictor`: gate" in attention, attention  # the digest's reason
    assert "Open advice on your projects" in attention


def test_a_guest_is_told_why_the_portfolio_is_closed_to_them(bot, fake):
    fake.add_user("U9", "guest", restricted=True)
    guest = SlackUser(bot, "U9")
    guest.says("show the portfolio")
    assert "🔒" in text_of(last(fake, "DU9"))


def test_nonsense_gets_help_and_an_out_of_range_rating_the_options(ada, fake, database):
    ada.says("asdf qwerty")
    assert "I scope ML projects with you" in text_of(last(fake))
    ada.says("scope a project")
    walk_until(ada, fake, "rate_cheap_prediction")
    ada.says("7")
    assert "“7” is not one of the options" in text_of(last(fake)) and "5. 5 – prediction becomes nearly free" in text_of(last(fake))
    assert "cheap_prediction" not in draft_use_cases.load_draft(database.uow(), "T1", "U1").data["impact"]


def test_a_why_without_a_rating_is_not_asked_and_a_required_answer_cannot_be_skipped(ada, fake):
    ada.says("scope a project")
    ada.says("skip")
    assert "A name is required." in text_of(last(fake))
    walk_until(ada, fake, "channel")
    ada.says("#ml-team")  # typed, not picked: names no channel for sure
    assert "is plain text, not a channel link" in text_of(last(fake))
    ada.says("<#C2|ml-team>")
    ada.says("software 2.0")
    asked = []
    for _ in range(12):
        asked.append(_field(last(fake)))
        click(ada, fake, "Skip")
        if asked[-1] == "rate_rules_replaced":
            break
    assert not [f for f in asked if f.startswith("note_")], "no why? for a rating skipped"


def test_an_abandoned_chat_is_offered_again_and_start_over_discards_it(ada, fake, database):
    ada.says("scope a project")
    ada.says("Churn Predictor")
    ada.says("scope a project")  # days later
    assert "unfinished scope for *Churn Predictor* (step 1 of 5)" in text_of(last(fake))
    click(ada, fake, "Resume")
    assert "Problem statement" in text_of(last(fake)), "where it was left"
    ada.says("scope a project")
    click(ada, fake, "Start over")
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data["name"] == ""


def test_a_button_of_an_earlier_question_changes_nothing(ada, fake, database):
    ada.says("scope a project")
    ada.says("Churn Predictor")
    ada.says("skip")
    gate = last(fake)
    stale, shown = buttons(gate)["No"], {"type": "message", "ts": gate.ts, "text": gate.text, "blocks": list(gate.blocks)}
    click(ada, fake, "Yes")
    assert "✓ Yes" in text_of(gate) and not buttons(gate), "the question answered, its buttons gone"
    ada.click(stale["action_id"], value=stale["value"], message=shown, channel=DM)
    assert "That question is behind us" in text_of(last(fake))
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data["gate"]["ready"] == "yes"


def test_a_line_in_the_dm_costs_a_quarter_of_a_command_and_a_flood_is_told_to_slow_down(database, fake, clock):
    slow = RunningBot(database, fake, clock, rate_limit_burst=1, rate_limit_per_minute=1)
    try:
        ada = SlackUser(slow, "U1")
        for line in ("scope a project", "Churn Predictor", "skip", "Yes"):  # four lines: one command's worth
            ada.says(line)
        assert "Is ML needed" in text_of(last(fake))
        ada.says("ML is needed")
        assert wait_for(lambda: "going faster than I can keep up" in fake.messages_in(DM)[-1].text)
        assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data[AT] == "gate_ml_needed", "nothing was taken"
    finally:
        slow.stop()


def test_create_after_the_scope_was_finished_in_the_modal_says_so_and_creates_nothing_more(ada, fake, database):
    ada.says("scope a project")
    walk(ada, fake)
    ada.command("new")
    ada.click("draft_resume", block_id="draft")
    submit_steps(ada, [STEP_5], current_modal(fake))  # finished in the modal, at the step the chat reached
    click(ada, fake, "Create project")
    assert "finished or discarded elsewhere" in text_of(last(fake))
    assert project_queries.ranked_page(database.uow(), "T1").total == 1


def test_a_line_handled_once_is_not_taken_again_when_it_comes_back_with_another_event_id(ada, bot, fake, database):
    """After a failed answer Slack's retry is handled again (its claim released): the draft says
    the line was already taken, so the question is asked again and nothing is taken twice."""
    ada.says("scope a project")
    line = fake.typed_in_dm("U1", "Churn Predictor")
    ada.event(line)
    ada.event(line)  # the same message (same ts), as a retry handled anew
    data = draft_use_cases.load_draft(database.uow(), "T1", "U1").data
    assert data["name"] == "Churn Predictor" and data[AT] == "statement"
    assert "Problem statement" in text_of(last(fake))


def test_next_step_leaves_the_rest_of_a_step_as_the_form_would_and_stops_at_what_it_requires(ada, fake, database):
    ada.says("scope a project")
    ada.says("Churn Predictor")
    ada.says("next step")
    assert "Choose the project's home channel" in text_of(last(fake)) and "Home channel" in text_of(last(fake))
    ada.says("<#C2|ml-team>")
    click(ada, fake, "Software 2.0")
    assert "Step 2 of 5: Impact" in text_of(last(fake))
    click(ada, fake, "Skip to step 3")
    assert "Step 3 of 5: Feasibility" in text_of(last(fake))
    ada.says("next step")
    ada.says("next step")
    assert "How often?" in text_of(last(fake))
    ada.says("next step")  # weekly, Monday 10:00, the owner's timezone: as the form prefills them
    assert "Create project" in buttons(last(fake))
    click(ada, fake, "Create project")
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.checkin.cadence is Cadence.WEEKLY and project.checkin.timezone == "Europe/Paris"
    assert project.scope.impact == {} and project.scope.optimizing is None


def test_a_reply_in_a_thread_of_the_dm_that_is_no_assistant_thread_is_answered_in_that_thread(ada, fake):
    ada.says("help")
    root = last(fake)
    ada.says("scope a project", thread_ts=root.ts)  # Slack refuses a status there: answered all the same
    assert "Project name" in text_of(last(fake)) and last(fake).thread_ts == root.ts


def test_back_from_the_modal_the_chat_resumes_where_the_modal_left_the_draft(ada, fake):
    ada.says("scope a project")
    walk_until(ada, fake, "rate_cheap_prediction")  # the chat is in step 2
    ada.command("new")
    ada.click("draft_resume", block_id="draft")
    submit_steps(ada, [STEP_2], current_modal(fake))  # the modal finishes step 2 and is closed at step 3
    ada.says("scope a project")
    click(ada, fake, "Resume")
    assert "Step 3 of 5: Feasibility" in text_of(last(fake)) and "Data availability" in text_of(last(fake))


def test_where_am_i_and_back_from_the_summary(ada, fake):
    ada.says("scope a project")
    walk(ada, fake)
    ada.says("where am i")
    assert "✅ 5. Check-ins" in text_of(bot_lines(fake)[-2]) and "Create project" in buttons(last(fake))
    click(ada, fake, "Back")
    assert "Weekends" in text_of(last(fake)), "the last question again"


def test_what_a_decision_is_worth_is_asked_when_wanted_and_refused_out_of_range_in_the_modals_words(ada, fake, database):
    ada.says("scope a project")
    walk_until(ada, fake, "chat_worth", ANSWERS | {"metric_name": ""})
    click(ada, fake, "Yes")
    ada.says("lots")
    assert "“lots” is not a number." in text_of(last(fake))
    ada.says("10,000")
    ada.says("150")
    assert "Enter a percentage above 0 and at most 100, e.g. 3." in text_of(last(fake))
    ada.says("3%")
    economics = draft_use_cases.load_draft(database.uow(), "T1", "U1").data["economics"]
    assert economics == {"decisions_per_month": 10000, "prevalence": 0.03}



def test_create_clicked_twice_on_one_summary_makes_one_project_and_the_second_click_is_told(ada, fake, database, monkeypatch):
    """Both clicks read the draft before either finished (a double click, two replicas): the draft's
    removal, counted in the project's own transaction, lets only one of them create."""
    ada.says("scope a project")
    summary = walk(ada, fake)
    shown = {"type": "message", "ts": summary.ts, "text": summary.text, "blocks": list(summary.blocks), "user": "UBOT"}
    create = buttons(summary)["Create project"]
    as_read = draft_use_cases.load_draft(database.uow(), "T1", "U1")
    monkeypatch.setattr(Chat, "draft", lambda chat: as_read)  # each click's read, before either finished
    for _ in range(2):
        assert ada.click(create["action_id"], value=create.get("value"), message=shown, channel=DM).status == 200
    assert project_queries.ranked_page(database.uow(), "T1").total == 1, "no churn-predictor-2"
    assert len(fake.messages_in("C2")) == 1, "one card"
    told = text_of(last(fake))
    assert "*Churn Predictor* (`churn-predictor`) was already created from these answers: its card is in <#C2>" in told


def test_back_handled_again_after_a_failure_goes_back_once(ada, fake, database):
    ada.says("scope a project")
    ada.says("Churn Predictor")
    ada.says("Which customers will leave next month, for the retention team.")
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data[AT] == "gate_ready"
    line = fake.typed_in_dm("U1", "back")
    ada.event(line)
    ada.event(line)  # the same message (same ts), handled anew as a retry after a failure is
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data[AT] == "statement", "not back to the name"
    assert "Problem statement" in text_of(last(fake)), "the open question asked again"


def test_next_step_handled_again_after_a_failure_leaves_one_step(ada, fake, database):
    ada.says("scope a project")
    walk_until(ada, fake, "rate_business_value")  # the first question of step 2
    line = fake.typed_in_dm("U1", "next step")
    ada.event(line)
    ada.event(line)  # the same message again: step 3 is not skipped too
    draft = draft_use_cases.load_draft(database.uow(), "T1", "U1")
    assert draft.step == 3 and draft.data[AT] == "rate_data_availability"
    assert "Data availability" in text_of(last(fake))


def test_a_click_after_a_typed_line_does_not_let_that_line_be_applied_again(ada, fake, database):
    ada.says("scope a project")
    ada.says("Churn Predictor")
    ada.says("Which customers will leave next month, for the retention team.")
    line = fake.typed_in_dm("U1", "back")
    ada.event(line)
    click(ada, fake, skip_label(last(fake)))  # the statement kept as it is: on to the gate again
    ada.event(line)  # the "back" handled anew after the click
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").data[AT] == "gate_ready"


def test_the_modals_last_step_and_the_chats_create_at_once_make_one_project(ada, fake, database, monkeypatch):
    """The modal's last step read the draft, then the chat's Create finished it: the modal's finish
    creates nothing and says so (the removal is counted in the domain, whichever front end)."""
    ada.says("scope a project")
    walk(ada, fake)
    ada.command("new")
    ada.click("draft_resume", block_id="draft")
    modal = current_modal(fake)
    as_read = draft_use_cases.load_draft(database.uow(), "T1", "U1")
    click(ada, fake, "Create project")
    assert "Created *Churn Predictor*" in text_of(last(fake))
    monkeypatch.setattr(draft_use_cases, "load_draft", lambda *args: as_read)  # the modal's read, from before
    [reply] = submit_steps(ada, [STEP_5], modal)
    monkeypatch.undo()
    assert project_queries.ranked_page(database.uow(), "T1").total == 1, "no churn-predictor-2"
    shown = json.dumps(reply.body.get("view") or fake.last_view())
    assert "already finished or discarded elsewhere" in shown, shown
    assert "answers are kept" not in shown, "nothing is left to offer again"
