"""``show``'s advice as one markdown block: what people typed is shown as typed, and advice longer
than Slack's 12,000 markdown characters falls back to sections."""

from bot.features.advice_markdown import MARKDOWN_MAX, escape, markdown_advice
from domain.advice import Advice, AdviceCode, Severity


def warning(text):
    return Advice(AdviceCode.SEVERAL_IN_ONE_METRIC, Severity.WARNING, text)


def test_markdown_in_what_people_typed_is_escaped_and_cannot_link_or_ping():
    assert escape("p<0.5 & *r*_at_[10](x) `k` <!channel>") == (
        r"p&lt;0.5 \& \*r\*\_at\_\[10\](x) \`k\` &lt;!channel&gt;"
    )


def test_each_piece_of_advice_is_a_list_item_warnings_marked():
    [block] = markdown_advice([warning("No baseline."), Advice(AdviceCode.NO_TARGET, Severity.TIP, "No target.")])
    assert block == {"type": "markdown", "text": "- ⚠️ No baseline.\n- 💡 No target."}


def test_advice_beyond_twelve_thousand_characters_is_shown_in_sections_instead():
    fits = [warning("x" * 1000) for _ in range(11)]
    assert [b["type"] for b in markdown_advice(fits)] == ["markdown"]
    too_long = [warning("x" * 1000) for _ in range(12)]
    blocks = markdown_advice(too_long)
    assert len("\n".join(f"- ⚠️ {a.text}" for a in too_long)) > MARKDOWN_MAX
    assert {b["type"] for b in blocks} == {"section"} and sum(b["text"]["text"].count("⚠️") for b in blocks) == 12


def test_no_advice_no_block():
    assert markdown_advice([]) == []
