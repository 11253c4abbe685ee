"""Advice as blocks: every warning shown, tips counted when folded, long lists cut honestly.

Warnings go in one section, a line each, so that many of them cost one block; when they would
not fit Slack's 3,000 characters, the section says how many more there are and where to see
them (``show`` lists all of it, in as many sections as it takes).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.features.text import advice_lines
from bot.slack import kit
from bot.slack.ids import COMMAND
from domain.advice import Advice, Severity
from domain.assessment import Assessment

SECTION_TEXT = 2900  # under Block Kit's 3,000, room left for the "… more" line
CARD_LINES = 3  # advice lines a card shows when tips can fill them (warnings are all shown anyway)
LINE_MAX = 1500  # one piece of advice, cut if a user's words made it absurdly long


def show_hint(ref: str) -> str:
    return f"`{COMMAND} show {ref}`"


def packed(lines: Sequence[str], *, limit: int = SECTION_TEXT, more: str = "") -> tuple[str, int]:
    """As many whole lines as fit in ``limit`` characters, and how many were left out.

    When some are left out the text ends with "… N more" and ``more`` (e.g. where to see them)."""
    kept: list[str] = []
    size = 0
    for index, line in enumerate(lines):
        line = kit.cut(line, LINE_MAX)
        left = len(lines) - index
        tail = len(f"\n… {left} more {more}") + 8
        if size + len(line) + 1 + (tail if left > 1 else 0) > limit:
            break
        kept.append(line)
        size += len(line) + 1
    missing = len(lines) - len(kept)
    text = "\n".join(kept)
    if missing:
        text += f"\n… {missing} more {more}".rstrip()
    return text, missing


def card_advice(assessment: Assessment) -> list[kit.Block]:
    """Every warning; tips fill the card up to three lines, and the rest are counted with where to read them."""
    warnings = [a for a in assessment.advice if a.severity is Severity.WARNING]
    tips = [a for a in assessment.advice if a.severity is not Severity.WARNING]
    shown_tips = tips[: max(0, CARD_LINES - len(warnings))]
    ref = assessment.project.ref
    if not warnings and not shown_tips:
        return []
    text, _ = packed(advice_lines(warnings + shown_tips), more=f"warnings: {show_hint(ref)}")
    blocks = [kit.section(text)]
    folded = len(tips) - len(shown_tips)
    if folded:
        blocks.append(kit.context(f"+{folded} tip{'s' if folded > 1 else ''}: {show_hint(ref)}"))
    return blocks


def all_advice(advice: Sequence[Advice]) -> list[kit.Block]:
    """Every piece of advice, a line each, in as many sections as it takes (``show``)."""
    blocks: list[kit.Block] = []
    lines = advice_lines(list(advice))
    while lines:
        text, missing = packed(lines)
        kept = max(1, len(lines) - missing)
        if missing:
            text = "\n".join(kit.cut(line, LINE_MAX) for line in lines[:kept])
        blocks.append(kit.section(text))
        lines = lines[kept:]
    return blocks
