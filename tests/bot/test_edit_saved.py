"""Saving the edit flow tells the person what changed (issue 18's polish), as the other forms say
what they did: an ephemeral note where they started the edit, listing each change."""

from datetime import timedelta

from tests.bot.flows import STEPS
from tests.bot.test_metric_versions import REASON, card  # noqa: F401 (a fixture)


def edit(ada, fake, card, changes):  # noqa: F811
    """The card's Edit, each step submitted with ``changes[step]`` (or as it is); the last step's answer."""
    ada.click("card_edit", value='{"ref":"churn-predictor"}', block_id="card:churn-predictor", channel="C2", message=card)
    view = fake.last_view()
    for step in range(4):
        view = ada.submit(view, changes.get(step + 1, {})).body["view"] | {"id": view["id"]}
    answer = ada.submit(view, changes.get(5, {})).body
    ada.bot.background.wait_idle()
    return answer


def notes_to(fake, user):
    return [c.args for c in fake.calls_to("chat.postEphemeral") if c.args["user"] == user]


def test_the_edit_says_what_it_changed_where_it_was_started(ada, fake, card):  # noqa: F811
    before = len(notes_to(fake, "U1"))
    answer = edit(ada, fake, card, {
        1: {"name": "Churn Radar"},
        4: {"metric_name": "per-team recall@10", "metric_target": "0.9", "metric_change_reason": REASON},
        5: STEPS[4] | {"cadence": "biweekly"},
    })  # fmt: skip
    assert answer["response_action"] == "clear"
    [note] = notes_to(fake, "U1")[before:]
    assert note["channel"] == "C2"
    assert note["text"] == (
        "✅ Saved your changes to *Churn Radar*: name *Churn Predictor* → *Churn Radar*; "
        "metric *recall@10 ↑, target 0.8* → *per-team recall@10 ↑, target 0.9*; check-in schedule."
    )


def test_moved_scores_are_said_and_an_edit_that_changed_nothing_says_so(ada, fake, card, clock):  # noqa: F811
    edit(ada, fake, card, {2: {"rate_business_value": "1"}})
    said = notes_to(fake, "U1")[-1]["text"]
    assert said.startswith("✅ Saved your changes to *Churn Predictor*: scores moved: impact 88 → ")
    clock.now += timedelta(days=3)  # saved again later: the cadence is re-anchored, which is no change
    edit(ada, fake, card, {})
    assert notes_to(fake, "U1")[-1]["text"] == "Saved *Churn Predictor*: nothing changed."
