"""The table and markdown blocks' limits, as Slack documents them (checked by ``bot.standin.limits``).

Table block, https://docs.slack.dev/reference/block-kit/blocks/table-block:
- ``rows`` (required): at most 100 rows; each row an array of at most 20 cells; a cell is
  ``raw_text``, ``rich_text`` or ``raw_number`` ("Usage info": "a top-level table block with
  rich_text, raw_text, or raw_number options"; the field table's older text names only the first two).
- ``column_settings``: at most 20 items, each ``null`` ("Use null to skip a column") or
  ``{align: left|center|right, is_wrapped: bool}``.
- "A single table's character count across all cells cannot exceed 10,000 characters.
  Additionally, the aggregate character count across all table cells for a single message
  cannot exceed 10,000 characters."
- Surfaces: messages and Home tabs, not modals (the Block Kit reference's surfaces column;
  Slack's own guidance, slackapi/slack-skills-plugin data-display-design.md: "In a modal, where
  table … [isn't] available").
- One table per message ("Only one table fits in a message", the same guidance). Slack answers a
  second one with ``invalid_attachments`` and ``only_one_table_allowed``: the name is not on the
  reference page; it is what Slack answers, as SDK users report (netclaw-dev/netclaw#55,
  openclaw/openclaw#57717).
- An empty ``raw_text`` is refused: the documented ``raw_text`` schema has ``"minLength": 1``
  (https://docs.slack.dev/reference/block-kit/blocks/data-table-block, the same cell type).

Markdown block, https://docs.slack.dev/reference/block-kit/blocks/markdown-block: ``text`` is
required, and "The cumulative limit for all markdown blocks in a single payload is 12,000
characters"; messages only (its surfaces: Messages).
"""

from __future__ import annotations

import math
from typing import Any

TABLE_ROWS_MAX = 100
TABLE_CELLS_MAX = 20
COLUMN_SETTINGS_MAX = 20
TABLE_CHARACTERS_MAX = 10_000
CELL_TYPES = ("raw_text", "rich_text", "raw_number")
ALIGNS = ("left", "center", "right")
MARKDOWN_TOTAL_MAX = 12_000
ONLY_ONE_TABLE = "only_one_table_allowed"  # Slack's word for it, answered as invalid_attachments
RICH_TEXT_PARTS = ("rich_text_section", "rich_text_list", "rich_text_preformatted", "rich_text_quote")
SURFACES = {"table": ("message", "home"), "markdown": ("message",)}


def cell_characters(cell: Any) -> int:
    """What a cell counts toward the 10,000: its text, and in rich text every leaf's text (a
    mention or a link without text counts its id or URL)."""
    if not isinstance(cell, dict):
        return 0
    if cell.get("type") == "raw_number":
        return len(str(cell.get("text") or cell.get("value", "")))
    if "elements" in cell:
        return sum(cell_characters(e) for e in cell.get("elements") or [])
    for key in ("text", "url", "user_id", "channel_id", "usergroup_id", "name", "range", "fallback"):
        if cell.get(key):
            return len(str(cell[key]))
    return 0


def _cell_problems(path: str, cell: Any) -> list[str]:
    if not isinstance(cell, dict) or cell.get("type") not in CELL_TYPES:
        kind = cell.get("type") if isinstance(cell, dict) else type(cell).__name__
        return [f"{path}: a table cell is raw_text, rich_text or raw_number, not {kind!r}"]
    if cell["type"] == "raw_text" and not (isinstance(cell.get("text"), str) and cell["text"]):
        return [f"{path}.text: a raw_text cell needs text (at least 1 character)"]
    if cell["type"] == "raw_number":
        value = cell.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return [f"{path}.value: a raw_number cell needs a number"]
    if cell["type"] == "rich_text":
        parts = cell.get("elements")
        if not isinstance(parts, list) or not parts:
            return [f"{path}.elements: a rich_text cell needs elements"]
        return [
            f"{path}.elements[{i}]: {part.get('type') if isinstance(part, dict) else part!r} is not a rich text element"
            for i, part in enumerate(parts)
            if not isinstance(part, dict) or part.get("type") not in RICH_TEXT_PARTS
        ]
    return []


def _settings_problems(path: str, settings: Any) -> list[str]:
    if settings is None:
        return []
    if not isinstance(settings, list):
        return [f"{path}: column_settings is an array"]
    problems = []
    if len(settings) > COLUMN_SETTINGS_MAX:
        problems.append(f"{path}: {len(settings)} items, limit {COLUMN_SETTINGS_MAX}")
    for i, setting in enumerate(settings):
        if setting is None:
            continue
        if not isinstance(setting, dict) or set(setting) - {"align", "is_wrapped"}:
            problems.append(f"{path}[{i}]: only align and is_wrapped, or null to skip the column")
        elif "align" in setting and setting["align"] not in ALIGNS:
            problems.append(f"{path}[{i}].align: {setting['align']!r} is not left, center or right")
        elif "is_wrapped" in setting and not isinstance(setting["is_wrapped"], bool):
            problems.append(f"{path}[{i}].is_wrapped: a boolean")
    return problems


def table_problems(path: str, block: dict[str, Any]) -> list[str]:
    rows = block.get("rows")
    if not isinstance(rows, list) or not rows:
        return [f"{path}.rows: a table needs rows"]
    problems = []
    if len(rows) > TABLE_ROWS_MAX:
        problems.append(f"{path}.rows: {len(rows)} rows, limit {TABLE_ROWS_MAX}")
    for r, row in enumerate(rows):
        if not isinstance(row, list) or not row:
            problems.append(f"{path}.rows[{r}]: a row is a non-empty array of cells")
            continue
        if len(row) > TABLE_CELLS_MAX:
            problems.append(f"{path}.rows[{r}]: {len(row)} cells, limit {TABLE_CELLS_MAX}")
        for c, cell in enumerate(row):
            problems += _cell_problems(f"{path}.rows[{r}][{c}]", cell)
    size = table_characters(block)
    if size > TABLE_CHARACTERS_MAX:
        problems.append(f"{path}.rows: {size} characters across the cells, limit {TABLE_CHARACTERS_MAX}")
    return problems + _settings_problems(f"{path}.column_settings", block.get("column_settings"))


def table_characters(block: dict[str, Any]) -> int:
    rows = block.get("rows") if isinstance(block.get("rows"), list) else []
    return sum(cell_characters(cell) for row in rows if isinstance(row, list) for cell in row)


def markdown_problems(path: str, block: dict[str, Any]) -> list[str]:
    text = block.get("text")
    if not isinstance(text, str) or not text:
        return [f"{path}.text: a markdown block needs text"]
    return []


def payload_problems(blocks: list[dict[str, Any]], surface: str) -> list[str]:
    """What concerns the whole payload: where each block may appear, one table, the shared budgets."""
    problems = [
        f"blocks[{i}]: a {b['type']} block is not allowed in a {surface}"
        for i, b in enumerate(blocks)
        if b.get("type") in SURFACES and surface not in SURFACES[b["type"]]
    ]
    tables = [b for b in blocks if b.get("type") == "table"]
    if surface == "message" and len(tables) > 1:
        problems.append(f"blocks: {len(tables)} table blocks: {ONLY_ONE_TABLE} (one table per message)")
    cells = sum(table_characters(t) for t in tables)
    if len(tables) > 1 and cells > TABLE_CHARACTERS_MAX:
        problems.append(f"blocks: {cells} characters across every table's cells, limit {TABLE_CHARACTERS_MAX}")
    markdown = sum(len(str(b.get("text") or "")) for b in blocks if b.get("type") == "markdown")
    if markdown > MARKDOWN_TOTAL_MAX:
        problems.append(f"blocks: {markdown} characters across the markdown blocks, limit {MARKDOWN_TOTAL_MAX}")
    return problems


def error_for(problems: list[str]) -> str:
    """Slack's error for a refused message: a second table is ``invalid_attachments``, the rest
    ``invalid_blocks``."""
    return "invalid_attachments" if any(ONLY_ONE_TABLE in p for p in problems) else "invalid_blocks"
