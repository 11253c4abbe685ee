"""The digest's ranked portfolio as Slack's table block, when the ranking fits in one.

What the block accepts (https://docs.slack.dev/reference/block-kit/blocks/table-block): at most
100 rows (the heading row is one of them) of at most 20 cells; a cell is ``raw_text`` (plain
characters, at least one), ``rich_text`` (bold, code, mentions, links) or ``raw_number``; at most
20 ``column_settings`` (``align`` left/center/right, ``is_wrapped``); at most 10,000 characters
across the cells of a table and of a message. One table a message (Slack's guidance; a second is
refused with ``only_one_table_allowed``): the digest has one. A ranking beyond these limits gets
today's layout instead (``bot.features.digests.blocks``), and so does a digest Slack refuses
(the ticker posts the fallback it is given, once: ``bot.ticker.send``).

Cell text is not mrkdwn: names are shown as typed, nothing to escape, and nothing in them can ping.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.features.digests.said import ago, plain, said_parts
from bot.features.text import measured, short_verdict
from bot.slack import kit
from domain.checkin_health import HEALTH_LABELS
from domain.digest import Digest, Entry
from domain.project_worth import monthly_value
from domain.worth_sentence import format_money

ROWS_MAX = 100  # the heading row included
CELLS_MAX = 20
CHARACTERS_MAX = 10_000  # across every cell, counted as bot.standin.rich_limits counts them
CELL_TEXT_MAX = 300  # one cell; a name or a reason someone typed is cut there
HEADINGS = ("#", "Project", "Owner", "Verdict", "Worth at target", "Stage", "Metric", "Check-in", "Said")
SETTINGS = [{"align": "right"}, {"is_wrapped": True}, None, {"is_wrapped": True}, {"align": "right"}, None, {"is_wrapped": True}, {"is_wrapped": True}, {"is_wrapped": True}]  # fmt: skip
WORTH, SAID = 4, 8  # columns shown only when some project has something in them


def raw(text: str) -> dict[str, Any]:
    return {"type": "raw_text", "text": kit.cut(text, CELL_TEXT_MAX) or "—"}


def rich(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": list(elements)}]}


def text(value: str, **style: bool) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "text", "text": kit.cut(value, CELL_TEXT_MAX)}
    if style:
        element["style"] = style
    return element


def _worth(entry: Entry, currency: str) -> str:
    """A month's worth at target; "unknown" rather than 0 when nobody said (numbers are honest)."""
    worth = monthly_value(entry.ranked.project.scope)
    if worth is None:
        return "unknown"
    return "nothing" if worth == 0 else f"{'loses ' if worth < 0 else ''}about {format_money(abs(worth), currency)}/month"


def _metric(entry: Entry) -> dict[str, Any]:
    """``recall@10 0.7 (from run abc) (target 0.8, baseline 0.55) ↗ …``, values with their unit, as the
    digest's lines say it; the run a pipeline named, as a link."""
    status = entry.assessment.metric
    metric, best = status.metric, status.best_baseline
    if metric is None:
        return raw("no metric")
    unit = metric.unit
    rest = f" (target {measured(metric.target, unit, mrkdwn=False)}, baseline {measured(best.value if best else None, unit, mrkdwn=False)})"
    if entry.movement is not None:
        rest += f" {entry.movement.describe(unit)}"
    now = f"{metric.name} {measured(status.current, unit, mrkdwn=False)}"
    latest = status.latest
    if latest is None or not latest.source_url:
        return rich(text(now + rest))
    label = kit.cut(f"run {latest.run_id}" if latest.run_id else "its run", 44)
    link = {"type": "link", "url": latest.source_url, "text": label}
    return rich(text(f"{now} (from "), link, text(f"){rest}"))


def _row(entry: Entry, currency: str, with_worth: bool, with_said: bool, now: datetime) -> list[dict[str, Any]]:
    r = entry.ranked
    p, prio = r.project, r.priority
    rated = (prio.impact.rated, prio.feasibility.rated)
    checkin = HEALTH_LABELS[entry.health] + (f" · {entry.inputs.describe()}" if entry.inputs else "")
    cells = [
        raw(str(r.rank)),
        rich(text(p.name, bold=True), text(" "), text(p.ref, code=True)),
        rich({"type": "user", "user_id": p.problem.owner_id}),
        raw(short_verdict(prio.impact.value, prio.feasibility.value, prio.quadrant, rated, r.gate_failed)),
        raw(_worth(entry, currency)),
        raw(p.stage.value),
        _metric(entry),
        raw(checkin),
        raw(" · ".join(said_parts(entry, plain, lambda at: ago(now, at)))),  # blockers, the latest note and its age
    ]
    return _kept(cells, with_worth, with_said)


def _kept(cells: list[Any], with_worth: bool, with_said: bool) -> list[Any]:
    return [c for i, c in enumerate(cells) if (i != WORTH or with_worth) and (i != SAID or with_said)]


def characters(cell: dict[str, Any]) -> int:
    if "elements" in cell:
        return sum(characters(e) for e in cell["elements"])
    return len(str(cell.get("text") or cell.get("user_id") or cell.get("url") or ""))


def ranking_table(digest: Digest) -> dict[str, Any] | None:
    """The whole ranking as one table block, or None when it does not fit one (then the digest
    shows the top of the ranking in sections, as before)."""
    if not digest.entries or len(digest.entries) + 1 > ROWS_MAX:
        return None
    with_worth = any(monthly_value(e.ranked.project.scope) is not None for e in digest.entries)
    with_said = any(e.blockers or e.note is not None for e in digest.entries)
    headings = _kept([raw(h) for h in HEADINGS], with_worth, with_said)
    settings = _kept(list(SETTINGS), with_worth, with_said)
    rows = [headings] + [_row(e, digest.currency, with_worth, with_said, digest.now) for e in digest.entries]
    if sum(characters(c) for row in rows for c in row) > CHARACTERS_MAX or len(headings) > CELLS_MAX:
        return None
    return {"type": "table", "rows": rows, "column_settings": settings}
