"""/mlproject subcommands: answers in the ack, ephemeral, and cards updated in place."""

import pytest

from domain import project_queries
from domain.model import Stage
from tests.bot.flows import archive, walk


@pytest.fixture
def churn(ada, fake, database):
    """A project created through the real flow, with its card in #ml-team."""
    walk(ada)
    return project_queries.get_project(database.uow(), "T1", "churn-predictor")


def card_of(fake, project):
    return fake.message(project.card_channel, project.card_ts)


def test_list_ranks_the_portfolio_ephemerally(ada, churn):
    reply = ada.command("list")
    assert reply.body["response_type"] == "ephemeral"
    text = str(reply.body["blocks"])
    assert "Portfolio, ranked" in text and "*1.* *Churn Predictor* `churn-predictor`" in text


def test_list_mine_and_by_stage_filter(grace, churn):
    assert "nothing yet" in grace.command("list mine").body["text"]
    assert "nothing yet" in grace.command("list training").body["text"]
    assert "churn-predictor" in str(grace.command("list planning").body["blocks"])


def test_show_answers_with_the_card(grace, churn):
    reply = grace.command("show churn-predictor")
    assert reply.body["response_type"] == "ephemeral"
    assert "recall@10" in str(reply.body["blocks"])


def test_an_unknown_ref_answers_with_the_closest_matches(ada, churn):
    reply = ada.command("show churn")
    assert "No project `churn`" in reply.body["text"] and "`churn-predictor`" in reply.body["text"]


def test_stage_moves_forward_and_updates_the_card_in_place(ada, fake, churn, database):
    reply = ada.command("stage churn-predictor data")
    assert "Moved *Churn Predictor* to Data collection & labeling" in reply.body["text"]
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").stage is Stage.DATA
    updates = fake.calls_to("chat.update")
    assert [(c.args["channel"], c.args["ts"]) for c in updates] == [(churn.card_channel, churn.card_ts)]
    assert "Data collection" in str(card_of(fake, churn).blocks)


def test_a_loop_back_needs_a_reason_and_the_card_shows_it(ada, fake, churn):
    ada.command("stage churn-predictor data")
    refused = ada.command("stage churn-predictor planning")
    assert "needs a reason" in refused.body["text"]
    done = ada.command('stage churn-predictor planning "labels cost 10x what we planned"')
    assert "Looped back" in done.body["text"]
    assert "labels cost 10x what we planned" in str(card_of(fake, churn).blocks)


def test_impossible_and_unknown_stages_get_specific_messages(ada, churn):
    assert "cannot be skipped" in ada.command("stage churn-predictor deployment").body["text"]
    unknown = ada.command("stage churn-predictor launch")
    assert "planning, data, training, deployment" in unknown.body["text"]
    assert "Usage: `/mlproject stage <ref>" in unknown.body["text"]


def test_metric_records_a_value_and_the_card_shows_it(ada, fake, churn, database):
    reply = ada.command("metric churn-predictor 0.81 gbm v2")
    assert "Recorded recall@10 = 0.81" in reply.body["text"] and "Target met" in reply.body["text"]
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").readings[-1].note == "gbm v2"
    assert "current 0.81" in str(card_of(fake, churn).blocks)


def test_metric_with_a_non_number_explains(ada, churn, database):
    reply = ada.command("metric churn-predictor high")
    assert "“high” is not a number" in reply.body["text"]
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").readings == []


def test_archive_removes_buttons_from_the_card_and_the_project_from_the_list(ada, fake, churn):
    archive(ada, "churn-predictor")
    assert "✅ Archived *Churn Predictor*" in ada.bot.fake.responses[-1]["text"]
    card = card_of(fake, churn)
    assert not [b for b in card.blocks if b["type"] == "actions"]
    assert "nothing yet" in ada.command("list").body["text"]
    assert "archived" in ada.command("metric churn-predictor 0.9").body["text"]


def test_edit_and_baseline_open_their_modals(ada, fake, churn):
    before = len(fake.calls_to("views.open"))
    assert ada.command("edit churn-predictor").raw == b""
    assert ada.command("baseline churn-predictor").raw == b""
    opened = [c.args["view"] for c in fake.calls_to("views.open")[before:]]
    assert [v["title"]["text"] for v in opened] == ["Edit project", "Add baseline"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("frobnicate", "I don't know “frobnicate”"),
        ("show", "Usage: `/mlproject show <ref>`"),
        ("metric x", "What value?"),
        ("list everything", "Unknown filter"),
        ("new " + "x" * 100, "at most 80 characters"),
    ],
)
def test_bad_commands_answer_with_usage_and_change_nothing(ada, text, expected, database):
    reply = ada.command(text)
    assert reply.status == 200 and expected in reply.body["text"]
    assert project_queries.list_projects(database.uow(), "T1") == []


def test_user_text_cannot_ping_the_channel(ada, fake, database):
    walk(
        ada,
        [
            {
                "name": "<!channel> hi",
                "owner": "U1",
                "channel": "C2",
                "archetype": "autonomous",
                "statement": "ping <!here> & <@U2>",
            },
            {},
            {},
            {},
            {"cadence": "none"},
        ],
    )
    card = fake.messages_in("C2")[0]
    parsed = [card.text, *mrkdwn_texts(card.blocks)]
    assert not [t for t in parsed if "<!" in t or "<@U2>" in t]
    assert any("ping &lt;!here&gt; &amp; &lt;@U2&gt;" in t for t in parsed)
    assert card.text.startswith("&lt;!channel&gt; hi")


def mrkdwn_texts(node):
    """Every text Slack parses for mentions and formatting (mrkdwn objects) in a payload."""
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") == "mrkdwn" else []
        return found + [t for value in node.values() for t in mrkdwn_texts(value)]
    if isinstance(node, list):
        return [t for item in node for t in mrkdwn_texts(item)]
    return []
