"""`show` names where each listed reading came from (issue 18's polish): a person who typed it, or
the pipeline that pushed it through the readings API — the token's name, and its run's link or id —
never "by @whoever created the token"."""

from __future__ import annotations

import pytest

from tests.bot.flows import walk
from tests.bot.harness import SlackUser
from tests.bot.readings import create_token, push

REF = "churn-predictor"


@pytest.fixture
def admin(bot, fake) -> SlackUser:
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


def listed(ada) -> list[str]:
    """The readings ``show`` lists to delete, newest first."""
    blocks = ada.command(f"show {REF}").body["blocks"]
    return [b["text"]["text"] for b in blocks if (b.get("accessory") or {}).get("action_id") == "reading_delete"]


def test_show_names_the_token_and_the_run_of_a_reading_a_pipeline_pushed(bot, ada, admin):
    walk(ada)
    ci, nightly = create_token(admin, "ci-main"), create_token(admin, "nightly")
    ada.command(f"metric {REF} 0.61 by hand")
    assert push(bot, {"project": REF, "value": 0.65, "source_url": "https://ci.example/r/7?a=1&b=2", "run_id": "run-7"}, ci).status == 201
    assert push(bot, {"project": REF, "value": 0.66, "run_id": "n-12"}, nightly).status == 201
    assert push(bot, {"project": REF, "value": 0.67}, ci).status == 201
    bare, run_only, linked, typed = listed(ada)
    assert bare.endswith("· *0.67* via the readings API token *ci-main*")
    assert run_only.endswith("· *0.66* via the readings API token *nightly*, run n-12")
    assert linked.endswith("· *0.65* via the readings API token *ci-main*, <https://ci.example/r/7?a=1&amp;b=2|run run-7>")
    assert typed.endswith("· *0.61* by <@U1> (by hand)")
    assert "<@U3>" not in bare + run_only + linked, "the token's creator did not record them"


def test_a_revoked_token_s_readings_still_name_it(bot, ada, admin):
    walk(ada)
    token = create_token(admin, "old-ci")
    push(bot, {"project": REF, "value": 0.7}, token)
    assert "revoked" in admin.command("token revoke old-ci").body["text"]
    [reading] = listed(ada)
    assert reading.endswith("· *0.7* via the readings API token *old-ci*")
