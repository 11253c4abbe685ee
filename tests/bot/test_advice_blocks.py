"""Long advice is cut honestly: whole lines, then how many more and where to read them."""

from bot.features.advice_blocks import all_advice, packed
from domain.advice import Advice, AdviceCode, Severity


def many(n, length=200):
    return [Advice(AdviceCode.NO_BASELINE, Severity.WARNING, f"warning {i} " + "x" * length) for i in range(n)]


def test_lines_that_fit_are_kept_whole_and_nothing_is_cut():
    text, missing = packed(["⚠️ one", "⚠️ two"])
    assert (text, missing) == ("⚠️ one\n⚠️ two", 0)


def test_lines_that_do_not_fit_are_counted_with_where_to_see_them():
    lines = [f"⚠️ warning {i} " + "x" * 200 for i in range(40)]
    text, missing = packed(lines, more="warnings: `/mlproject show scan`")
    assert len(text) <= 3000
    assert missing > 0 and text.endswith(f"… {missing} more warnings: `/mlproject show scan`")
    assert text.count("⚠️") == 40 - missing
    assert all(line in text for line in lines[: 40 - missing])


def test_show_lists_every_line_across_as_many_sections_as_it_takes():
    blocks = all_advice(many(40))
    assert len(blocks) > 1 and all(len(b["text"]["text"]) <= 3000 for b in blocks)
    joined = "\n".join(b["text"]["text"] for b in blocks)
    assert all(f"warning {i} " in joined for i in range(40)) and "more" not in joined


def test_advice_quoting_what_people_typed_is_escaped():
    [block] = all_advice([Advice(AdviceCode.SEVERAL_IN_ONE_METRIC, Severity.WARNING, '"p<0.5 & r" is 2 metrics')])
    assert "p&lt;0.5 &amp; r" in block["text"]["text"]
