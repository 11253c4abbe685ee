"""A number typed in the command or a modal is read by one helper; each place keeps its own words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.features.command.grammar import RecordMetric, UsageError
from bot.features.command.parse import parse_command
from bot.slack.forms import read_number, read_share


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


@pytest.mark.parametrize(
    ("typed", "share", "error"),
    [
        ("0.62", 0.62, None),
        ("62%", 0.62, None),
        (" 62 % ", 0.62, None),
        ("62", 0.62, None),
        ("1", 1.0, None),
        ("", None, None),
        ("nan%", None, "“nan%” is not a share: enter e.g. 0.62 or 62%."),
        ("sixty", None, "“sixty” is not a share: enter e.g. 0.62 or 62%."),
        ("150%", None, "Enter a share from 0 to 1 or a percentage up to 100%, e.g. 0.62 or 62%."),
        ("-0.1", None, "Enter a share from 0 to 1 or a percentage up to 100%, e.g. 0.62 or 62%."),
    ],
)
def test_a_modal_share_is_a_share_or_a_percentage_or_a_field_error(typed, share, error):
    errors = {}
    values = {"p": {"p": {"type": "plain_text_input", "value": typed}}}
    found = read_share(values, "p", errors)
    assert found == (None if share is None else pytest.approx(share))
    assert errors.get("p") == error


@given(st.text(max_size=20))
def test_whatever_is_typed_a_share_is_between_0_and_1_or_a_field_error(typed):
    errors = {}
    found = read_share({"p": {"p": {"type": "plain_text_input", "value": typed}}}, "p", errors)
    assert (found is None) or (0 <= found <= 1 and not errors)
