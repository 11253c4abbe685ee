"""A canvas as the stand-in keeps it: a title and a list of sections, each one block of Markdown.

Slack's canvas API addresses a canvas by sections (``canvases.sections.lookup`` returns their ids;
``canvases.edit`` inserts before or after one, replaces or deletes one). Slack does not document
what a section spans; the stand-in takes one block each: a heading (h1–h3), a paragraph
(consecutive lines, hard line breaks included), one list item, a quote, a code block, a table, a
divider. So an app that replaces a heading's section has replaced the heading only, as the
lookup's examples (headings found by their text) suggest.
https://docs.slack.dev/reference/methods/canvases.sections.lookup
https://docs.slack.dev/reference/methods/canvases.edit

The Markdown accepted is what the canvases surface lists (bold, italic, strikethrough, lists,
checklists, code, dividers, headings h1–h3, links, quotes, tables, mentions); a heading deeper than
h3 is refused rather than guessed at. https://docs.slack.dev/surfaces/canvases
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# document_content's markdown is limited to 1 MiB (1,048,576 characters).
# https://docs.slack.dev/reference/methods/conversations.canvases.create
MARKDOWN_MAX = 1_048_576


@dataclass
class Section:
    id: str
    type: str  # h1 | h2 | h3 | paragraph | list_item | quote | code | table | divider
    markdown: str

    @property
    def text(self) -> str:
        return plain_text(self.markdown)


@dataclass
class Canvas:
    id: str
    team_id: str
    title: str
    sections: list[Section] = field(default_factory=list)
    channel_id: str | None = None  # tabbed in (canvases.create channel_id) or the channel's canvas
    is_channel_canvas: bool = False
    access: dict[str, str] = field(default_factory=dict)  # channel or user id -> read | write | owner

    @property
    def markdown(self) -> str:
        return "\n\n".join(s.markdown for s in self.sections)

    def index_of(self, section_id: str) -> int | None:
        return next((i for i, s in enumerate(self.sections) if s.id == section_id), None)


class MarkdownRefused(ValueError):
    """Markdown a canvas does not take."""


def new_section_id() -> str:
    """Shaped as Slack's (``temp:C:`` and 28 characters); random, so ids stay unique across a sandbox restart."""
    return f"temp:C:{secrets.token_hex(14)}"


def sections_of(markdown: str) -> list[Section]:
    """The sections ``markdown`` makes; MarkdownRefused for a heading deeper than h3 or a document over 1 MiB."""
    if len(markdown) > MARKDOWN_MAX:
        raise MarkdownRefused("markdown over 1 MiB")
    blocks: list[tuple[str, list[str]]] = []
    lines = markdown.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.lstrip().startswith("```"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].lstrip().startswith("```")), len(lines) - 1)
            blocks.append(("code", lines[i : end + 1]))
            i = end + 1
            continue
        heading = HEADING.match(line)
        if heading:
            if len(heading.group(1)) > 3:
                raise MarkdownRefused(f"heading h{len(heading.group(1))}: canvases take h1 to h3")
            blocks.append((f"h{len(heading.group(1))}", [line]))
        elif re.fullmatch(r"\s*(-{3,}|\*{3,}|_{3,})\s*", line):
            blocks.append(("divider", [line]))
        elif LIST_ITEM.match(line):
            blocks.append(("list_item", [line]))
        elif line.lstrip().startswith(("|", ">")):
            kind, mark = ("table", "|") if line.lstrip().startswith("|") else ("quote", ">")
            j = i
            while j < len(lines) and lines[j].lstrip().startswith(mark):
                j += 1
            blocks.append((kind, lines[i:j]))
            i = j
            continue
        else:
            j = i
            while j < len(lines) and lines[j].strip() and not _starts_block(lines[j]):
                j += 1
            blocks.append(("paragraph", lines[i:j]))
            i = j
            continue
        i += 1
    return [Section(new_section_id(), kind, "\n".join(body)) for kind, body in blocks]


def _starts_block(line: str) -> bool:
    stripped = line.lstrip()
    return bool(HEADING.match(line) or LIST_ITEM.match(line) or stripped.startswith(("```", "|", ">")))


INLINE_MARKS = re.compile(r"\\(.)|!\[\]\(([@#][A-Z0-9]+)\)|\[((?:\\.|[^\]\\])*)\]\([^)]*\)|\*\*|__|~~|`|\*|_")


def plain_text(markdown: str) -> str:
    """What a section says, without its Markdown: what ``contains_text`` is matched against.
    An escaped character is the character itself (``\\*`` is a star, not emphasis)."""
    text = re.sub(r"^\s*(#{1,6}|[-*+]\s\[[ xX]\]|[-*+]|\d+[.)]|>)\s+", "", markdown, flags=re.M)
    text = text.replace("\\\n", "\n")  # hard line breaks
    return INLINE_MARKS.sub(_plain_mark, text)


def _plain_mark(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return m.group(1)
    if m.group(2) is not None:
        return m.group(2)  # a mention: @U…, #C…
    if m.group(3) is not None:
        return plain_text(m.group(3))  # a link: its label
    return ""
