"""How the conversation reads a typed answer: the question's own options, numbers, mentions, times."""

import pytest

from bot.features.conversation.answers import Refused, interpret
from bot.features.conversation.questions import find
from bot.slack import forms
from bot.standin import payloads

DATA = {"name": "Churn Predictor", "owner_id": "U1", "channel_id": "C2", "archetype": "software_2_0"}


def question(step, field):
    found = find(DATA, step, field)
    assert found is not None, field
    return found


@pytest.mark.parametrize(
    ("step", "field", "typed", "value"),
    [
        (2, "rate_business_value", "4", "4"),  # a rating by its number
        (2, "rate_business_value", "Very large", "5"),  # or its words
        (5, "weekday", "1", "0"),  # a place in the list: Monday, though its value is "0"
        (5, "weekday", "friday", "4"),
        (1, "archetype", "human in the loop", "human_in_the_loop"),
        (1, "archetype", "2", "human_in_the_loop"),
        (1, "gate_ready", "partly", "unsure"),
        (1, "owner", "me", "U1"),
        (1, "owner", "<@U2>", "U2"),
        (1, "channel", "<#C2|ml-team>", "C2"),
        (5, "checkin_time", "9:30", "09:30"),
        (3, "flags_generalization", "1 3", ["ood_generalization", "small_data"]),
        (3, "flags_generalization", "small-data setting, reasoning", ["small_data", "reasoning_planning_causality"]),
        (3, "flags_generalization", "none", []),
        (1, "statement", "churn &amp; retention for <@U2|grace>", "churn & retention for @grace"),
    ],
)
def test_a_typed_answer_means_what_the_form_would_have_been_given(step, field, typed, value):
    assert interpret(question(step, field), typed, user="U1")[0] == value


@pytest.mark.parametrize(
    ("step", "field", "typed", "says"),
    [
        (2, "rate_business_value", "7", "“7” is not one of the options"),
        (1, "gate_ready", "perhaps", "1. Yes, 2. Partly, or not sure, 3. No"),
        (1, "owner", "@grace", "is plain text, not a mention"),
        (1, "channel", "general", "is not a channel"),
        (5, "checkin_time", "25:00", "is not a time of day"),
        (5, "skip_weekends", "maybe", "answer yes or no"),
    ],
)
def test_a_typed_answer_the_question_cannot_take_says_why(step, field, typed, says):
    with pytest.raises(Refused) as refused:
        interpret(question(step, field), typed, user="U1")
    assert says in str(refused.value)


def _option(value):
    return {"text": {"type": "plain_text", "text": value}, "value": value}


PREFILLED = [
    {"type": "plain_text_input", "initial_value": "Churn"},
    {"type": "static_select", "options": [_option("a"), _option("b")], "initial_option": _option("b")},
    {"type": "radio_buttons", "options": [_option("a"), _option("b")], "initial_option": _option("a")},
    {"type": "checkboxes", "options": [_option("a"), _option("b")], "initial_options": [_option("a"), _option("b")]},
    {"type": "users_select", "initial_user": "U2"},
    {"type": "conversations_select", "initial_conversation": "C2"},
    {"type": "channels_select", "initial_channel": "C3"},
    {"type": "timepicker", "initial_time": "09:30"},
    {"type": "plain_text_input"},  # nothing prefilled
]


@pytest.mark.parametrize("element", PREFILLED, ids=lambda e: f"{e['type']}{'' if len(e) > 1 else ' (empty)'}")
def test_an_answer_left_as_it_is_is_what_slack_submits_for_an_untouched_input(element):
    """"Skip" and "next step" take each input's prefilled value (``forms.initial``): the value the
    stand-in, playing Slack, submits for the input untouched, as the bot reads it (``forms.read``)."""
    view = {"blocks": [{"type": "input", "block_id": "f", "element": element | {"action_id": "f"}}]}
    submitted = payloads.view_state(view, {})["values"]
    assert forms.initial(element) == forms.read(submitted, "f")
