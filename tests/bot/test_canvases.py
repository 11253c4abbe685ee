"""Canvases through the Slack path: "Open brief" creates the brief once, shares it and answers with
its link; every change edits the brief in place, part by part; a workspace whose plan or scopes
forbid canvases hears it once and everything else keeps working."""

import pytest

from bot.slack.metadata import CardButton
from bot.standin import contract
from domain import canvas_use_cases, data_plan, project_queries
from domain.canvases import CanvasKind
from tests.bot.flows import walk
from tests.bot.harness import SlackUser
from tests.bot.test_worth import scope_fraud


@pytest.fixture
def card(ada, fake, database):
    walk(ada)
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    return fake.message(project.card_channel, project.card_ts)


def open_brief(user, card):
    message = {"ts": card.ts, "blocks": card.blocks, "text": card.text}
    value = CardButton(ref="churn-predictor").dump()
    return user.click("card_brief", value=value, block_id="card:churn-predictor", channel="C2", message=message)


def told(fake):
    return fake.calls_to("chat.postEphemeral")[-1].args["text"]


def test_the_card_offers_open_brief(card):
    assert "card_brief" in str(card.blocks)


def test_open_brief_creates_the_brief_once_shares_it_with_the_home_channel_and_links_it(ada, fake, card):
    open_brief(ada, card)
    [canvas] = fake.state.canvases.values()
    markdown = canvas.markdown
    for heading in ("Problem and gate", "Archetype", "Drivers and scores", "Metric", "Thresholds",
                    "What a model is worth", "Baselines", "Data plan", "Stage history", "Advice"):  # fmt: skip
        assert f"## {heading}" in markdown
    assert "Which customers will cancel next month?" in markdown
    assert "recall@10" in markdown and "latency p95 < 200 ms" in markdown.replace("\\", "")
    assert "tenure + support tickets rules · 0.55" in markdown and "## Data plan" in markdown
    assert canvas.title == "Brief: Churn Predictor"
    assert canvas.access == {"C2": "read"}
    assert f"/docs/T1/{canvas.id}|open it>" in told(fake) and "shared it with <#C2>" in told(fake)
    open_brief(ada, card)
    assert len(fake.calls_to("canvases.create")) == 1
    assert f"/docs/T1/{canvas.id}|open it>" in told(fake)


def test_a_change_edits_only_the_parts_it_changed_in_place(ada, fake, card, database):
    open_brief(ada, card)
    [canvas] = fake.state.canvases.values()
    unchanged = canvas.sections[2].id
    ada.command("stage churn-predictor data")
    ada.command("stage churn-predictor planning the labels are not there")
    assert len(fake.calls_to("canvases.create")) == 1
    edits = fake.calls_to("canvases.edit")
    assert edits and all(len(e.args["changes"]) == 1 and e.args["changes"][0]["section_id"] for e in edits)
    lookups = [c.args["criteria"] for c in fake.calls_to("canvases.sections.lookup")]
    assert '{"contains_text": "Stage history \\u00b7"}' in lookups
    history = fake.canvas(canvas.id).markdown.split("## Stage history")[1]
    assert "looped back from data to planning: the labels are not there" in history
    assert canvas.sections[2].id == unchanged  # the untouched parts keep their sections
    record = canvas_use_cases.canvas(database.uow(), "T1", CanvasKind.BRIEF, str(project_queries.get_project(database.uow(), "T1", "churn-predictor").id))
    assert record.canvas_id == canvas.id


def test_without_the_canvases_scope_the_person_hears_it_once_and_nothing_asks_again(ada, fake, card):
    fake.grant(contract.GRANTED_SCOPES - {"canvases:write", "canvases:read"})
    open_brief(ada, card)
    assert "installed without the canvases scopes" in told(fake)
    assert "the card and the digests are unchanged" in told(fake)
    open_brief(ada, card)
    assert len(fake.calls_to("canvases.create")) == 1  # remembered: not asked again
    assert "installed without the canvases scopes" in told(fake)
    ada.command("metric churn-predictor 0.6")
    assert "current 0.6" in str(fake.message("C2", card.ts).blocks)  # the rest works


@pytest.mark.parametrize(
    ("plan", "said"),
    [("free", "plan does not allow canvases outside a channel"), ("disabled", "canvases are turned off")],
)
def test_a_plan_without_canvases_is_said_in_words(ada, fake, card, plan, said):
    fake.canvas_plan(plan)
    open_brief(ada, card)
    assert said in told(fake)
    assert fake.state.canvases == {}


def test_a_refusal_is_asked_again_an_hour_later_when_someone_asks(ada, fake, card, clock):
    from datetime import timedelta

    fake.canvas_plan("disabled")
    open_brief(ada, card)
    fake.canvas_plan("paid")
    open_brief(ada, card)
    assert len(fake.calls_to("canvases.create")) == 1
    clock.now += timedelta(hours=1)
    open_brief(ada, card)
    assert len(fake.state.canvases) == 1 and "Created the brief" in told(fake)


def test_a_brief_deleted_in_slack_is_forgotten_and_the_next_click_creates_one(ada, fake, card):
    open_brief(ada, card)
    fake.state.canvases.clear()
    ada.command("metric churn-predictor 0.6")
    open_brief(ada, card)
    assert len(fake.calls_to("canvases.create")) == 2 and len(fake.state.canvases) == 1


@pytest.fixture
def admin(bot, fake):
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


def worth_part(fake, canvas_id):
    return fake.canvas(canvas_id).markdown.split("## What a model is worth")[1].split("##")[0].replace("\\", "")


def test_a_setting_every_card_shows_updates_the_briefs_too(ada, admin, fake, database):
    scope_fraud(ada)
    project = project_queries.get_project(database.uow(), "T1", "invoice-fraud")
    card = fake.message(project.card_channel, project.card_ts)
    message = {"ts": card.ts, "blocks": card.blocks, "text": card.text}
    ada.click("card_brief", value=CardButton(ref="invoice-fraud").dump(), block_id="card:invoice-fraud", channel="C2", message=message)
    [canvas] = fake.state.canvases.values()
    assert "€" in worth_part(fake, canvas.id) and "$" not in worth_part(fake, canvas.id)
    admin.command("settings currency usd")
    assert "$11,000/month" in worth_part(fake, canvas.id)


def test_a_brief_refused_in_the_background_is_not_retried_in_a_loop(ada, fake, card, database):
    open_brief(ada, card)
    fake.canvas_plan("disabled")  # an admin turns canvases off
    ada.command("metric churn-predictor 0.6")
    asked = len([c for c in fake.calls if c.method.startswith("canvases.")])
    assert canvas_use_cases.refusal(database.uow(), "T1").error == "canvas_disabled_user_team"
    ada.command("metric churn-predictor 0.65")
    ada.command("stage churn-predictor data")
    assert len([c for c in fake.calls if c.method.startswith("canvases.")]) == asked
    assert "current 0.65" in str(fake.message("C2", card.ts).blocks)
    open_brief(ada, card)
    assert "canvases are turned off" in told(fake)


def test_what_people_typed_cannot_format_the_brief(ada, fake, card, database):
    ada.command("stage churn-predictor data")
    ada.command("stage churn-predictor planning *not* [ready](https://x.example) | `yet`")
    open_brief(ada, card)
    [canvas] = fake.state.canvases.values()
    history = canvas.markdown.split("## Stage history")[1]
    assert "\\*not\\* \\[ready\\](https://x.example) \\| \\`yet\\`" in history
    [section] = [s for s in canvas.sections if "Stage history ·" in s.text]
    assert "*not* [ready](https://x.example) | `yet`" in section.text  # read back exactly as typed


# Issue 20's review: a lost answer, the second clicker, the home channel, the refusal's time.


@pytest.mark.parametrize("status", [500, 0])  # a 5xx, or the connection dropped: either way the brief was made
def test_a_lost_answer_to_the_create_is_not_resent_and_makes_no_second_brief(ada, grace, fake, card, status):
    fake.fail_next("canvases.create", status=status, lost=True)
    open_brief(ada, card)
    assert told(fake) == "Slack did not say whether the brief of *Churn Predictor* was created. Ask again in a couple of minutes."
    assert len(fake.calls_to("canvases.create")) == 1 and len(fake.state.canvases) == 1
    open_brief(grace, card)  # the claim stays: nothing creates a second brief meanwhile
    assert told(fake) == "The brief of *Churn Predictor* is being created by someone else; ask again in a minute for its link."
    assert len(fake.calls_to("canvases.create")) == 1


def edit_home_channel(user, fake, card, channel):
    message = {"ts": card.ts, "blocks": card.blocks, "text": card.text}
    user.click("card_edit", value='{"ref":"churn-predictor"}', block_id="card:churn-predictor", channel="C2", message=message)
    view = fake.last_view()
    view = user.submit(view, {"channel": channel}).body["view"] | {"id": view["id"]}
    for _ in range(3):
        view = user.submit(view, {}).body["view"] | {"id": view["id"]}
    user.submit(view, {})
    user.bot.background.wait_idle()


def edit_first_step(user, fake, card, values):
    """The edit flow with ``values`` on its first step, the other steps as they are."""
    message = {"ts": card.ts, "blocks": card.blocks, "text": card.text}
    user.click("card_edit", value='{"ref":"churn-predictor"}', block_id="card:churn-predictor", channel="C2", message=message)
    view = fake.last_view()
    view = user.submit(view, values).body["view"] | {"id": view["id"]}
    for _ in range(3):
        view = user.submit(view, {}).body["view"] | {"id": view["id"]}
    user.submit(view, {})
    user.bot.background.wait_idle()


def test_the_title_and_the_opening_line_follow_a_rename_a_new_owner_and_a_stage_move(ada, fake, card):
    open_brief(ada, card)
    [canvas] = fake.state.canvases.values()
    ada.command("stage churn-predictor data")
    assert "stage Data" in fake.canvas(canvas.id).markdown.split("##")[0]
    assert not [e for e in fake.calls_to("canvases.edit") if e.args["changes"][0]["operation"] == "rename"]
    edit_first_step(ada, fake, card, {"name": "Churn Radar", "owner": "U2"})
    opening = fake.canvas(canvas.id).markdown.split("##")[0]
    assert fake.canvas(canvas.id).title == "Brief: Churn Radar"
    assert "owner ![](@U2)" in opening and "stage Data" in opening
    assert len(fake.calls_to("canvases.create")) == 1


def test_a_data_plan_saved_later_appears_in_the_brief(ada, fake, card, database, clock):
    open_brief(ada, card)
    [canvas] = fake.state.canvases.values()
    assert "None yet" in fake.canvas(canvas.id).markdown.split("## Data plan")[1].split("##")[0]
    data_plan.save_data_plan(database.uow(), "T1", "churn-predictor", "Buy the vendor's churn set\nAda labels", actor="U1", now=clock.now)
    ada.command("metric churn-predictor 0.6")  # any change refreshes the card, and the brief with it
    plan = fake.canvas(canvas.id).markdown.split("## Data plan")[1].split("##")[0]
    assert "Buy the vendor's churn set" in plan and "Ada labels" in plan


def test_a_new_home_channel_gets_the_brief_and_the_old_one_no_longer(ada, fake, card, database):
    open_brief(ada, card)
    [canvas] = fake.state.canvases.values()
    assert canvas.access == {"C2": "read"}
    fake.add_channel("C3", "ml-platform")
    edit_home_channel(ada, fake, card, "C3")
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").problem.channel_id == "C3"
    assert canvas.access == {"C3": "read"}
    [removed] = fake.calls_to("canvases.access.delete")
    assert removed.args["canvas_id"] == canvas.id
    ada.command("metric churn-predictor 0.6")  # nothing more to share
    assert len(fake.calls_to("canvases.access.delete")) == 1 and len(fake.calls_to("canvases.access.set")) == 2


def test_a_refusal_met_in_the_background_is_remembered_at_the_time_it_happened(ada, admin, fake, database, clock, monkeypatch):
    from datetime import timedelta

    import bot.features.canvases.brief as brief

    monkeypatch.setattr(brief, "utc_now", clock)  # the background's clock is the injected one
    scope_fraud(ada)
    project = project_queries.get_project(database.uow(), "T1", "invoice-fraud")
    card = fake.message(project.card_channel, project.card_ts)
    message = {"ts": card.ts, "blocks": card.blocks, "text": card.text}
    click = lambda: ada.click("card_brief", value=CardButton(ref="invoice-fraud").dump(),  # noqa: E731
                              block_id="card:invoice-fraud", channel="C2", message=message)  # fmt: skip
    click()
    clock.now += timedelta(hours=3)  # long after the project's last change
    fake.canvas_plan("disabled")
    admin.command("settings currency usd")  # every brief follows: Slack refuses
    refusal = canvas_use_cases.refusal(database.uow(), "T1")
    assert refusal.error == "canvas_disabled_user_team" and refusal.at == clock.now
    asked = len([c for c in fake.calls if c.method.startswith("canvases.")])
    clock.now += timedelta(minutes=5)
    click()
    assert "canvases are turned off" in told(fake)
    assert len([c for c in fake.calls if c.method.startswith("canvases.")]) == asked  # told from memory
