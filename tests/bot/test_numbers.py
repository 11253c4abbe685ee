"""A number typed in the command or a modal is read by one helper; each place keeps its own words."""

import pytest

from bot.features.command.grammar import RecordMetric, UsageError
from bot.features.command.parse import parse_command
from bot.slack.forms import read_number


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity"])
def test_the_command_refuses_a_value_that_is_not_finite(text):
    with pytest.raises(UsageError, match="^The value must be a finite number.$"):
        parse_command(f"metric churn {text}")


def test_the_command_names_what_is_not_a_number_and_reads_one_that_is():
    with pytest.raises(UsageError, match="^“high” is not a number.$"):
        parse_command("metric churn high")
    assert parse_command("metric churn 0.82 first model") == RecordMetric("churn", 0.82, "first model")


@pytest.mark.parametrize(
    ("typed", "number", "error"),
    [
        ("0.7", 0.7, None),
        ("", None, None),
        ("abc", None, "“abc” is not a number."),
        ("nan", None, "Enter a finite number."),
        ("inf", None, "Enter a finite number."),
    ],
)
def test_a_modal_number_is_a_finite_number_or_a_field_error(typed, number, error):
    errors = {}
    values = {"value": {"value": {"type": "number_input", "value": typed}}}
    assert read_number(values, "value", errors) == number
    assert errors.get("value") == error
