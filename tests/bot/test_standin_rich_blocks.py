"""The stand-in refuses the table and markdown blocks Slack refuses, and takes the ones it takes.

Rules and sources: bot/standin/rich_limits.py and docs/slack-contract.md §5. Driven with the real
slack_sdk WebClient over HTTP, as the bot drives it.
"""

import pytest
from slack_sdk.errors import SlackApiError

from bot.standin import rich_limits


def raw(text):
    return {"type": "raw_text", "text": text}


def mention(user):
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [{"type": "user", "user_id": user}]}]}


def table(rows, **extra):
    return {"type": "table", "rows": rows, **extra}


def grid(n_rows, n_cells, text="x"):
    return table([[raw(text) for _ in range(n_cells)] for _ in range(n_rows)])


def post(client, *blocks):
    return client.chat_postMessage(channel="C1", text="a table", blocks=list(blocks))


def refusal(call):
    with pytest.raises(SlackApiError) as refused:
        call()
    return refused.value.response["error"], " ".join(refused.value.response.get("errors", []))


def test_a_table_of_a_hundred_rows_of_twenty_cells_is_taken(slack, client):
    assert post(client, grid(100, 20))["ok"]
    assert slack.violations == []


def test_a_table_of_raw_text_rich_text_and_raw_number_cells_with_column_settings_is_taken(client):
    rows = [[raw("Project"), raw("Owner"), raw("Score")], [raw("Churn"), mention("U1"), {"type": "raw_number", "value": 71.5}]]
    settings = [{"is_wrapped": True}, None, {"align": "right"}]
    assert post(client, table(rows, column_settings=settings))["ok"]


@pytest.mark.parametrize(
    ("block", "said"),
    [
        (grid(101, 1), "101 rows, limit 100"),
        (grid(1, 21), "21 cells, limit 20"),
        (table([]), "a table needs rows"),
        (table([[raw("")]]), "a raw_text cell needs text"),
        (table([[{"type": "mrkdwn", "text": "*bold*"}]]), "not 'mrkdwn'"),
        (table([[{"type": "raw_number", "value": "71"}]]), "needs a number"),
        (table([[{"type": "rich_text", "elements": [{"type": "text", "text": "loose"}]}]]), "not a rich text element"),
        (table([[raw("a")]], column_settings=[{"align": "middle"}]), "'middle' is not left, center or right"),
        (table([[raw("a")]], column_settings=[{}] * 21), "21 items, limit 20"),
        (table([[raw("x" * 5000), raw("y" * 5001)]]), "10001 characters across the cells, limit 10000"),
    ],
)
def test_a_table_beyond_its_documented_limits_is_refused_as_slack_does(slack, client, block, said):
    error, errors = refusal(lambda: post(client, block))
    assert error == "invalid_blocks" and said in errors
    assert slack.violations, "a refused table counts as the app's mistake: every bot test fails on it"
    assert slack.messages_in("C1") == [], "nothing was posted"


def test_ten_thousand_characters_across_the_cells_is_the_most_a_table_holds(client):
    assert post(client, table([[raw("x" * 5000), raw("y" * 5000)]]))["ok"]


def test_a_mention_in_a_cell_counts_its_id_toward_the_ten_thousand(client):
    assert rich_limits.cell_characters(mention("U0123456789")) == len("U0123456789")
    error, _ = refusal(lambda: post(client, table([[raw("x" * 9995), mention("U0123456789")]])))
    assert error == "invalid_blocks"


def test_a_second_table_in_a_message_is_refused_with_only_one_table_allowed(slack, client):
    error, errors = refusal(lambda: post(client, grid(2, 2), grid(2, 2)))
    assert (error, rich_limits.ONLY_ONE_TABLE in errors) == ("invalid_attachments", True)
    assert slack.messages_in("C1") == []


def test_a_table_is_not_for_modals_but_the_home_tab_takes_one(slack, client):
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Ranking"}, "blocks": [grid(2, 2)]}
    error, _ = refusal(lambda: client.views_open(trigger_id=slack.trigger_id("U1"), view=modal))
    assert error == "invalid_arguments"
    assert client.views_publish(user_id="U1", view={"type": "home", "blocks": [grid(2, 2)]})["ok"]


def test_markdown_blocks_share_twelve_thousand_characters_in_a_message(slack, client):
    half = {"type": "markdown", "text": "**a**" + "x" * 5995}
    assert post(client, half, dict(half))["ok"]
    error, errors = refusal(lambda: post(client, half, dict(half, text=half["text"] + "!")))
    assert error == "invalid_blocks" and "12001 characters across the markdown blocks, limit 12000" in errors


def test_a_markdown_block_needs_text_and_is_for_messages_only(slack, client):
    error, errors = refusal(lambda: post(client, {"type": "markdown", "text": ""}))
    assert error == "invalid_blocks" and "needs text" in errors
    markdown = {"type": "markdown", "text": "**Advice**"}
    error, _ = refusal(lambda: client.views_publish(user_id="U1", view={"type": "home", "blocks": [markdown]}))
    assert error == "invalid_arguments"
