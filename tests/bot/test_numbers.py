"""A number typed in the command or a modal is read as people write it, by one helper; each place keeps its own words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.features.command.grammar import RecordMetric, UsageError
from bot.features.command.parse import parse_command
from bot.slack.forms import read_number, read_share
from bot.slack.numbers import NotANumber, NotFinite, Typed, typed_number


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity", "1e400"])
def test_the_command_refuses_a_value_that_is_not_finite(text):
    with pytest.raises(UsageError, match="^The value must be a finite number.$"):
        parse_command(f"metric churn {text}")


def test_the_command_names_what_is_not_a_number_and_reads_one_that_is():
    with pytest.raises(UsageError, match="^“high” is not a number"):
        parse_command("metric churn high")
    assert parse_command("metric churn 0.82 first model") == RecordMetric("churn", 0.82, "first model")
    assert parse_command("metric churn 71.5%") == RecordMetric("churn", 71.5, "", percent=True)


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("71.5%", Typed(71.5, True)),
        ("0.715", Typed(0.715)),
        ("3,000", Typed(3000)),
        ("3 000", Typed(3000)),
        ("3\u202f000", Typed(3000)),
        ("10'000", Typed(10000)),
        ("3,000.25", Typed(3000.25)),
        ("3 000,25", Typed(3000.25)),
        ("0,8", Typed(0.8)),
        ("3,00", Typed(3.0)),  # two digits after the comma: a decimal comma
        ("0,061", Typed(0.061)),  # "0," never starts a thousands group
        ("71,5 %", Typed(71.5, True)),
        ("1,500", Typed(1500)),  # a group of three after a comma: thousands, as in English
        ("1e9", Typed(1e9)),
        (".5", Typed(0.5)),
    ],
)
def test_numbers_are_read_as_people_write_them(text, typed):
    assert typed_number(text) == typed


@pytest.mark.parametrize("text", ["12,34,56", "1_000", "0x10", "1.2.3", "", "%", "1" * 50])
def test_anything_else_is_not_a_number(text):
    with pytest.raises(NotANumber):
        typed_number(text)


@pytest.mark.parametrize("text", ["nan", "-inf", "Infinity%", "1e999"])
def test_nan_and_infinities_are_never_numbers(text):
    with pytest.raises(NotFinite):
        typed_number(text)


@pytest.mark.parametrize(
    ("typed", "percent", "number", "error"),
    [
        ("0.7", "refuse", 0.7, None),
        ("3,000", "refuse", 3000, None),
        ("", "refuse", None, None),
        ("abc", "refuse", None, "“abc” is not a number."),
        ("nan", "refuse", None, "Enter a finite number."),
        ("80%", "refuse", None, "Enter a plain number here, without “%” (e.g. 0.8 for 80%)."),
        ("80%", "share", 0.8, None),
        ("3%", "points", 3, None),
    ],
)
def test_a_modal_number_is_a_finite_number_or_a_field_error(typed, percent, number, error):
    errors = {}
    values = {"value": {"value": {"type": "plain_text_input", "value": typed}}}
    assert read_number(values, "value", errors, percent=percent) == number
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
