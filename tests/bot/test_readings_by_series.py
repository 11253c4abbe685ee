"""Readings of a redefined metric keep to their own series (issue 18's polish): `show` lists the
current metric's latest readings under its name and an earlier metric's under a heading of their
own; taking back a reading of an earlier metric names that metric, not the current one."""

import pytest

from bot.slack.metadata import ReadingButton
from domain import project_queries
from tests.bot.flows import button_in
from tests.bot.test_metric_versions import REASON, card, edit_metric  # noqa: F401 (a fixture)

REF = "churn-predictor"


@pytest.fixture
def redefined(ada, fake, card):  # noqa: F811
    """recall@10 read 0.61 then 0.67 (the Undo of 0.67 kept), then per-team recall@10, read 0.7."""
    undo = button_in(ada.command(f"metric {REF} 0.67 again").body["blocks"], "reading_undo")["value"]
    edit_metric(ada, fake, card, {"metric_name": "per-team recall@10", "metric_change_reason": REASON})
    ada.command(f"metric {REF} 0.7")
    return undo


def shown(ada):
    return ada.command(f"show {REF}").body["blocks"]


def deletes_after(blocks, heading):
    """The readings (value, series) offered for deletion under the context that starts with ``heading``."""
    start = next(i for i, b in enumerate(blocks) if b["type"] == "context" and heading in str(b["elements"]))
    found = []
    for block in blocks[start + 1 :]:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") != "reading_delete":
            break
        button = ReadingButton.load(accessory["value"])
        found.append((button.value, button.series))
    return found


def test_show_lists_the_current_metric_s_readings_apart_from_the_earlier_metric_s(ada, redefined):
    blocks = shown(ada)
    assert deletes_after(blocks, "Latest readings of *per-team recall@10*") == [(0.7, 2)]
    assert "Readings of the earlier metric *recall@10 ↑* (3 in all; they do not count now)" in str(blocks)
    assert deletes_after(blocks, "Readings of the earlier metric") == [(0.67, 1), (0.67, 1), (0.61, 1)]
    deletes = [b["accessory"] for b in blocks if (b.get("accessory") or {}).get("action_id") == "reading_delete"]
    assert "the current value stays" in deletes[-1]["confirm"]["text"]["text"]
    assert "the current value is then the latest reading left" in deletes[0]["confirm"]["text"]["text"]


def test_more_earlier_readings_than_listed_are_counted(ada, fake, card):  # noqa: F811
    for value in ("0.62", "0.63"):
        ada.command(f"metric {REF} {value}")
    edit_metric(ada, fake, card, {"metric_name": "per-team recall@10", "metric_change_reason": REASON})
    blocks = shown(ada)
    assert "No reading" not in str(blocks) and "Latest readings of" not in str(blocks), "none on the new metric yet"
    assert deletes_after(blocks, "Readings of the earlier metric") == [(0.63, 1), (0.62, 1), (0.67, 1)]
    assert "1 more reading of earlier metrics" in str(blocks)


def test_deleting_an_earlier_metric_s_reading_names_that_metric_and_keeps_the_current_value(ada, fake, database, redefined):
    blocks = shown(ada)
    earlier = next(
        b["accessory"]["value"] for b in blocks
        if (b.get("accessory") or {}).get("action_id") == "reading_delete" and ReadingButton.load(b["accessory"]["value"]).series == 1
    )  # fmt: skip
    ada.click("reading_delete", value=earlier, block_id="x")
    said = fake.responses[-1]["text"]
    assert "Deleted: the reading 0.67 of the earlier metric *recall@10 ↑*, recorded by <@U1>" in said
    assert "*per-team recall@10*, the current metric, is unchanged." in said and "is now" not in said
    assert project_queries.get_project(database.uow(), "T1", REF).current_value == 0.7


def test_undo_after_the_metric_changed_names_the_reading_s_own_metric(ada, fake, database, redefined):
    ada.click("reading_undo", value=redefined, block_id="reading_undo")
    said = fake.responses[-1]["text"]
    assert said.startswith("↩️ Undone: the reading 0.67 of the earlier metric *recall@10 ↑*, recorded by <@U1>")
    assert "per-team recall@10 is now" not in said
    assert [r.value for r in project_queries.get_project(database.uow(), "T1", REF).readings] == [0.61, 0.67, 0.7]


def test_undo_of_a_reading_of_the_current_metric_says_where_it_now_stands(ada, fake, redefined):
    undo = button_in(ada.command(f"metric {REF} 0.72").body["blocks"], "reading_undo")["value"]
    ada.click("reading_undo", value=undo, block_id="reading_undo")
    assert "is removed from *Churn Predictor*; per-team recall@10 is now 0.7." in fake.responses[-1]["text"]
