"""/mlproject new: a five-step conversation from slash command to the card in the channel."""

from domain import draft_use_cases, project_queries
from domain.archetypes import ARCHETYPES
from domain.model import Archetype, Cadence, GateAnswer, GateQuestion, HardFlag, Stage
from tests.bot.flows import STEP_1, STEP_2, STEP_3, STEP_4, STEPS, current_modal, submit_steps, walk


def block_texts(view):
    out = []
    for block in view["blocks"]:
        text = block.get("text") or {}
        out.append(text.get("text", "") if isinstance(text, dict) else "")
        out += [
            e.get("text", "")
            for e in block.get("elements", [])
            if isinstance(e, dict) and "text" in e and isinstance(e["text"], str)
        ]
    return "\n".join(out)


def test_new_opens_step_one_prefilled_with_the_caller_and_channel(ada, fake):
    reply = ada.command("new Churn Predictor", channel="C2")
    assert reply.status == 200 and reply.raw == b""
    opened = fake.calls_to("views.open")
    assert len(opened) == 1
    view = opened[0].args["view"]
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["name"]["initial_value"] == "Churn Predictor"
    assert inputs["owner"]["initial_user"] == "U1"
    assert inputs["channel"]["initial_conversation"] == "C2"
    assert "step 1 of 5" in block_texts(view)


def test_the_archetype_choices_describe_each_in_a_whole_sentence_with_examples_below(ada, fake):
    ada.command("new")
    [archetype] = [b for b in current_modal(fake)["blocks"] if b.get("block_id") == "archetype"]
    descriptions = [o["description"]["text"] for o in archetype["element"]["options"]]
    assert descriptions == [a.summary for a in ARCHETYPES.values()]
    assert all(not d.endswith("…") for d in descriptions)
    assert "full self-driving" in archetype["hint"]["text"]


def test_walking_all_steps_creates_the_project_and_posts_its_card(ada, fake, database):
    replies = walk(ada)
    assert [r.body.get("response_action") for r in replies] == ["update", "update", "update", "update", "clear"]
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert (
        project.problem.owner_id == "U1" and project.problem.channel_id == "C2" and project.problem.creator_id == "U1"
    )
    assert project.scope.archetype is Archetype.SOFTWARE_2_0 and project.scope.data_flywheel is True
    assert project.scope.impact["business_value"].note == "retention is our top KPI"
    assert project.scope.hard_flags == {HardFlag.SMALL_DATA}
    assert project.scope.optimizing.name == "recall@10" and project.scope.optimizing.target == 0.8
    assert [m.describe() for m in project.scope.satisficing] == ["latency p95 < 200 ms"]
    assert project.scope.baselines[0].value == 0.55
    assert project.checkin.cadence is Cadence.WEEKLY and project.checkin.timezone == "Europe/Paris"
    assert project.stage is Stage.PLANNING
    cards = fake.messages_in("C2")
    assert len(cards) == 1
    assert project.card_channel == "C2" and project.card_ts == cards[0].ts
    text = str(cards[0].blocks)
    assert "Churn Predictor" in text and "recall@10" in text and "Impact" in text
    actions = [e["action_id"] for b in cards[0].blocks if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["card_edit", "card_stage", "card_metric", "card_baseline", "card_checklist", "card_brief", "card_archive"]
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") is None


def test_each_step_explains_the_method_and_later_steps_show_advice_and_scores(ada, fake):
    ada.command("new")
    risky_1 = STEP_1 | {"archetype": "autonomous"}
    risky_3 = STEP_3 | {"rate_accuracy_requirement": "5"}
    view = current_modal(fake)
    seen = []
    for answers in (risky_1, {"rate_business_value": "5"}, risky_3):
        reply = ada.submit(view, answers)
        view = reply.body["view"] | {"id": view["id"]}
        seen.append(block_texts(view))
    step2, step3, step4 = seen
    assert "Impact" in step2 and "Autonomous" in step2
    assert "Feasibility" in step3
    assert "human in the loop" in step4 and "Impact" in step4 and "Feasibility" in step4


def test_the_gate_comes_first_and_rules_would_do_is_the_first_advice_then_on_the_card(ada, fake, database):
    ada.command("new")
    view = current_modal(fake)
    gate = [b["label"]["text"] for b in view["blocks"] if b.get("block_id", "").startswith("gate_")]
    assert gate[1] == "Is ML needed, or would rules or simple statistics do?" and len(gate) == 3
    reply = ada.submit(view, STEP_1 | {"gate_ml_needed": "no"})
    step2 = block_texts(reply.body["view"])
    assert "Gate: Rules or simple statistics would do" in step2
    submit_steps(ada, STEPS[1:], reply.body["view"] | {"id": view["id"]})
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.scope.gate == {
        GateQuestion.READY: GateAnswer.YES,
        GateQuestion.ML_NEEDED: GateAnswer.NO,
        GateQuestion.ETHICAL: GateAnswer.YES,
    }
    [card] = fake.messages_in("C2")
    assert "Gate: Rules or simple statistics would do. Start with a rule-based system" in str(card.blocks)
    assert "⛔ *Blocked by the gate* (rules would do): settle that before anything else. On its scores alone:" in str(card.blocks)
    assert "fund it and start" not in str(card.blocks), "the quadrant's verdict gives way to the gate"
    assert "⛔ blocked by the gate (rules would do)" in str(ada.command("list").body)


def test_editing_a_project_shows_its_gate_answers_again(ada, fake, database):
    walk(ada, [STEP_1 | {"gate_ethical": "unsure"}, *STEPS[1:]])
    ada.command("edit churn-predictor")
    inputs = {b["block_id"]: b["element"] for b in current_modal(fake)["blocks"] if b["type"] == "input"}
    assert inputs["gate_ethical"]["initial_option"]["value"] == "unsure"
    assert inputs["gate_ready"]["initial_option"]["value"] == "yes"


def test_field_errors_come_back_on_the_right_block_and_nothing_advances(ada, fake, database):
    ada.command("new")
    view = current_modal(fake)
    reply = ada.submit(view, STEP_1 | {"name": "", "archetype": None})
    assert reply.body["response_action"] == "errors"
    assert set(reply.body["errors"]) == {"name", "archetype"}
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") is None


def test_unreadable_thresholds_and_baselines_without_description_are_field_errors(ada, fake):
    replies = walk(ada, [STEP_1, STEP_2, STEP_3, STEP_4 | {"thresholds": "fast please", "baseline_description": ""}])
    errors = replies[-1].body["errors"]
    assert "latency p95 < 200 ms" in errors["thresholds"]
    assert "Describe the baseline" in errors["baseline_description"]


def test_a_bad_timezone_is_a_field_error(ada):
    replies = walk(ada, STEPS[:4] + [STEPS[4] | {"timezone": "Mars/Base"}])
    assert "IANA" in replies[-1].body["errors"]["timezone"]


def test_step_five_defaults_to_the_owners_slack_timezone(ada, fake):
    replies = walk(ada, [STEP_1 | {"owner": "U2"}, STEP_2, STEP_3, STEP_4])
    step5 = replies[-1].body["view"]
    tz = next(b for b in step5["blocks"] if b.get("block_id") == "timezone")
    assert tz["element"]["initial_value"] == "America/New_York"
    assert [c.args["user"] for c in fake.calls_to("users.info")] == ["U2"]


def test_an_abandoned_flow_is_offered_for_resume(ada, fake, database):
    walk(ada, [STEP_1, STEP_2])
    assert ada.command("new").body == {}  # the ack reads nothing; the offer follows by response_url
    [offer] = [r for r in fake.responses if "unfinished scope" in r.get("text", "")]
    assert "step 3 of 5" in offer["text"] and offer["response_type"] == "ephemeral"
    assert len(fake.calls_to("views.open")) == 1
    ada.click("draft_resume", block_id="draft")
    resumed = fake.calls_to("views.open")[-1].args["view"]
    assert "step 3 of 5" in block_texts(resumed)
    replies = submit_steps(ada, [STEP_3, STEP_4, STEPS[4]])
    assert replies[-1].body["response_action"] == "clear"
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").scope.impact["business_value"].rating == 5


def test_start_over_discards_the_draft(ada, fake, database):
    walk(ada, [STEP_1])
    ada.click("draft_restart", block_id="draft")
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") is None
    assert "step 1 of 5" in block_texts(fake.calls_to("views.open")[-1].args["view"])


def test_a_public_home_channel_the_bot_is_not_in_gets_the_card_without_a_join(ada, fake):
    """chat:write.public lets a bot post in any public channel (https://docs.slack.dev/reference/scopes/chat.write.public)."""
    walk(ada, [STEP_1 | {"channel": "COUT"}] + STEPS[1:])
    assert fake.calls_to("conversations.join") == []
    assert len(fake.messages_in("COUT")) == 1


def test_a_private_channel_without_the_bot_explains_how_to_invite_it(ada, fake, database):
    walk(ada, [STEP_1 | {"channel": "CPRIV"}] + STEPS[1:])
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.card_ts is None
    notes = fake.calls_to("chat.postEphemeral") + [
        c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == "U1"
    ]
    assert any("/invite @MLScope" in c.args["text"] for c in notes)


def test_scoped_from_another_channel_the_person_is_told_where_the_card_went(ada, fake):
    walk(ada)  # typed in #general (C1); the project's home is #ml-team (C2)
    [note] = [c for c in fake.calls_to("chat.postEphemeral") if c.args["channel"] == "C1"]
    assert note.args["user"] == "U1"
    assert "Created *Churn Predictor* (`churn-predictor`): its card is in <#C2>." in note.args["text"]
    assert len(fake.messages_in("C2")) == 1


def test_scoped_in_its_home_channel_the_card_itself_is_the_answer(ada, fake):
    walk(ada, [STEP_1 | {"channel": "C1"}, *STEPS[1:]])
    assert [c for c in fake.calls_to("chat.postEphemeral") if "Created" in c.args["text"]] == []
