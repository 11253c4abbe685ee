"""All of a project's advice as one Slack ``markdown`` block (``show``): one list that reads as
one, instead of sections cut every 3,000 characters.

The markdown block (https://docs.slack.dev/reference/block-kit/blocks/markdown-block) takes
standard Markdown, in messages only (not App Home, not modals), and "the cumulative limit for all
markdown blocks in a single payload is 12,000 characters": advice longer than that is shown in
sections as before (``bot.features.advice_blocks.all_advice``). Advice quotes what people typed (a
metric's name), so Markdown's special characters in it are escaped with a backslash (the block's
documented escapes) and ``<`` ``>`` written as entities: shown as typed, never a link or a mention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.features.advice_blocks import all_advice
from bot.slack import kit
from domain.advice import Advice, Severity

MARKDOWN_MAX = 12_000  # Slack's, shared by every markdown block of a message; show has this one
SPECIAL = re.compile(r"([\\`*_\[\]&])")  # what could format, link or quote in the middle of a list item


def escape(text: str) -> str:
    """``text`` shown as typed in a markdown block."""
    return SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;")


def markdown_advice(advice: Sequence[Advice]) -> list[kit.Block]:
    """Every piece of advice, warnings first as the domain orders them, a list item each."""
    if not advice:
        return []
    items = [("- ⚠️ " if a.severity is Severity.WARNING else "- 💡 ") + escape(a.text) for a in advice]
    text = "\n".join(items)
    if len(text) > MARKDOWN_MAX:
        return all_advice(advice)
    return [{"type": "markdown", "text": text}]
