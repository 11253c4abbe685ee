"""Advice is never hidden: the card shows every warning and counts its folded tips, ``show`` lists
all of it, App Home every warning; the feasibility step's cost-and-means answers reach the card."""

import pytest

from bot.standin.limits import message_violations
from domain import project_queries
from domain.feasibility_questions import COMPUTE_COST, WITH_WHAT_WE_HAVE
from tests.bot.flows import STEP_1, STEP_2, STEP_3, STEP_4, STEP_5, current_modal, walk

RISKY = [
    STEP_1 | {"name": "Scan Rebuilder", "archetype": "autonomous", "gate_ready": "no", "gate_ethical": "no"},
    {k: v for k, v in STEP_2.items() if k.startswith(("rate_", "note_"))},  # an autonomous project's step 2
    STEP_3
    | {
        "rate_data_availability": "1",
        "rate_labeling_cost": "5",
        "rate_accuracy_requirement": "5",
        "flags_complex_output": ["3d_reconstruction"],
        "flags_reliability": ["high_precision"],
        "flags_generalization": ["small_data"],
    },
    {"metric_name": "precision and recall"},
    STEP_5,
]
# What each of its ten warnings says, in words a reader would look for.
WARNINGS = [
    "organisation",
    "ethic",
    "Autonomous with a high accuracy demand",
    "Little data and expensive labels",
    "3D reconstruction",
    "High precision",
    "Small-data setting",
    "&quot;precision and recall&quot; is 2 metrics",
    "No baseline",
    "no expert human baseline",
]
TIPS = ["has no target", "Key questions still open"]


def texts(blocks):
    out = []
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            out.append(text["text"])
        elif isinstance(text, str):  # a markdown block
            out.append(text)
        out += [e["text"] for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return "\n".join(out)


def lowered(blocks):
    return texts(blocks).lower().replace("&quot;", '"')


@pytest.fixture
def risky(ada, fake, database):
    walk(ada, RISKY)
    return project_queries.get_project(database.uow(), "T1", "scan-rebuilder")


def test_the_card_shows_every_warning_and_counts_the_tips_it_folds(fake, risky):
    card = fake.message(risky.card_channel, risky.card_ts)
    text = lowered(card.blocks)
    for warning in WARNINGS:
        assert warning.lower().replace("&quot;", '"') in text, warning
    assert not any(tip.lower() in text for tip in TIPS)
    assert "+2 tips: `/mlproject show scan-rebuilder`" in texts(card.blocks)


def test_many_warnings_share_one_section_a_line_each(fake, risky):
    card = fake.message(risky.card_channel, risky.card_ts)
    [section] = [b for b in card.blocks if b["type"] == "section" and "⚠️" in b["text"]["text"]]
    assert section["text"]["text"].count("⚠️") == len(WARNINGS)
    assert len(section["text"]["text"]) <= 3000


def test_show_lists_all_of_it(ada, risky):
    text = lowered(ada.command("show scan-rebuilder").body["blocks"])
    for line in WARNINGS + TIPS:
        assert line.lower().replace("&quot;", '"') in text, line
    assert "+2 tips" not in text


def test_app_home_shows_every_warning_of_my_project_and_counts_its_tips(ada, fake, risky):
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    [published] = fake.calls_to("views.publish")
    text = lowered(published.args["view"]["blocks"])
    for warning in WARNINGS:
        assert warning.lower().replace("&quot;", '"') in text, warning
    assert "+2 tips: `/mlproject show scan-rebuilder`" in text


def test_app_home_says_how_many_more_warnings_past_ten_projects(ada, fake):
    for n in range(12):
        walk(ada, [RISKY[0] | {"name": f"Scan Rebuilder {n}"}, *RISKY[1:]])
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    [published] = fake.calls_to("views.publish")
    blocks = published.args["view"]["blocks"]
    assert len(blocks) <= 100
    assert f"{2 * len(WARNINGS)} more warnings on 2 more projects" in texts(blocks)


def test_the_last_scoping_step_warns_of_several_metrics_typed_as_one(ada, fake):
    ada.command("new")
    view = current_modal(fake)
    for answers in RISKY[:4]:
        view = ada.submit(view, answers).body["view"] | {"id": view["id"]}
    text = lowered(view["blocks"])
    assert '"precision and recall" is 2 metrics' in text and "threshold the rest" in text


def test_compute_cost_and_means_are_asked_in_the_feasibility_step_stored_and_shown(ada, fake, database):
    answers = {"q_compute_cost": "one GPU for a week, ~300 €/month serving", "q_with_what_we_have": "yes, but no MLOps"}
    walk(ada, [STEP_1, STEP_2, STEP_3 | answers, STEP_4, STEP_5])
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.scope.answers[COMPUTE_COST.id] == answers["q_compute_cost"]
    assert project.scope.answers[WITH_WHAT_WE_HAVE.id] == answers["q_with_what_we_have"]
    assert project.scope.answers["improves_performance"] == "yes, +8 pts in the pilot"
    card = texts(fake.message(project.card_channel, project.card_ts).blocks)
    assert "*Compute cost:* one GPU for a week" in card and "*With what we have:* yes, but no MLOps" in card
    assert "*Compute cost:* one GPU" in texts(ada.command("show churn-predictor").body["blocks"])


def test_editing_prefills_the_feasibility_answers_and_keeps_the_key_questions(ada, fake, database):
    walk(ada, [STEP_1, STEP_2, STEP_3 | {"q_compute_cost": "cheap"}, STEP_4, STEP_5])
    ada.command("edit churn-predictor")
    view = current_modal(fake)
    for answers in [STEP_1, STEP_2]:
        view = ada.submit(view, answers).body["view"] | {"id": view["id"]}
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["q_compute_cost"]["initial_value"] == "cheap"
    for answers in [STEP_3 | {"q_compute_cost": "dearer"}, STEP_4, STEP_5]:
        reply = ada.submit(view, answers)
        if reply.body.get("response_action") == "update":
            view = reply.body["view"] | {"id": view["id"]}
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.scope.answers[COMPUTE_COST.id] == "dearer"
    assert project.scope.answers["improves_performance"] == "yes, +8 pts in the pilot"


def test_show_gives_the_advice_as_one_markdown_list_slack_renders(ada, fake, risky):
    reply = ada.command("show scan-rebuilder").body
    blocks = reply["blocks"]
    assert message_violations(reply["text"], blocks) == [], "a reply is a message: Slack's limits hold"
    [markdown] = [b for b in blocks if b["type"] == "markdown"]
    items = markdown["text"].split("\n")
    assert len(items) == len(WARNINGS) + len(TIPS) and all(i.startswith(("- ⚠️ ", "- 💡 ")) for i in items)
    assert not any("⚠️" in (b.get("text") or {}).get("text", "") for b in blocks if b["type"] == "section")
    assert fake.violations == []
