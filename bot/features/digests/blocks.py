"""The digest message: ranked portfolio, what changed, what needs attention — within Slack's limits.

The ranking is one table block when it fits one (``bot.features.digests.table``); otherwise, and
as the fallback the ticker posts if Slack refuses the table, it is today's layout: a message holds
50 blocks and a section 3000 characters, so a large portfolio shows the top of the ranking in full
and summarizes the rest, pointing to App Home and ``mlscope export``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.features.digests.chart import blocked_count, unscored_count
from bot.features.digests.said import plain, said_parts
from bot.features.digests.table import ranking_table
from bot.features.text import measured, short_verdict, short_worth, source_link, with_blocked_heading
from bot.slack import kit
from bot.slack.ids import COMMAND
from domain.checkin_health import HEALTH_LABELS
from domain.digest import Digest, Entry
from domain.project_worth import monthly_value
from domain.scoring import Quadrant

TOP = 15
MAX_CHANGES = 25
MAX_ATTENTION = 20
SECTION_LIMIT = 2900


def _entry_line(entry: Entry, currency: str) -> str:
    r = entry.ranked
    p, prio, status = r.project, r.priority, entry.assessment.metric
    metric, best = status.metric, status.best_baseline
    unit = metric.unit if metric else ""
    metric_text = (
        f" · {kit.esc(metric.name)} {measured(status.current, unit)}{source_link(status.latest)}"
        f" (target {measured(metric.target, unit)}, baseline {measured(best.value if best else None, unit)})"
        if metric
        else " · no metric"
    )
    if metric and entry.movement is not None:  # since the channel's last digest (domain.trend.movement_since)
        metric_text += f" {entry.movement.describe(kit.esc(unit))}"
    rated = (prio.impact.rated, prio.feasibility.rated)
    verdict = short_verdict(prio.impact.value, prio.feasibility.value, prio.quadrant, rated, r.gate_failed)
    return (
        f"*{r.rank}.* *{kit.esc(p.name)}* `{p.ref}` · <@{p.problem.owner_id}> · {verdict}"
        f"{short_worth(monthly_value(p.scope), currency)} · "
        f"{p.stage.value}{metric_text} · check-in {HEALTH_LABELS[entry.health]}"
        + (f" · {entry.inputs.describe()}" if entry.inputs else "")
        + _said_line(entry)
    )


def _short(text: str, limit: int) -> str:
    """Someone's words on one short line, escaped (cut first: an entity is never cut in two)."""
    return kit.esc(plain(text, limit))


def _said_line(entry: Entry) -> str:
    """Under the line: the project's open blockers and its latest note or data plan."""
    said = said_parts(entry, _short, kit.day)
    return "\n       " + " · ".join(said) if said else ""


def _sections(lines: list[str], *, more: str | None = None) -> list[kit.Block]:
    """Lines packed into sections under the 3000-character limit (a line is cut if it alone is longer)."""
    blocks: list[kit.Block] = []
    chunk: list[str] = []
    size = 0
    for line in lines:
        line = kit.cut(line, SECTION_LIMIT)
        if chunk and size + len(line) + 1 > SECTION_LIMIT:
            blocks.append(kit.section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        blocks.append(kit.section("\n".join(chunk)))
    if more:
        blocks.append(kit.context(more))
    return blocks


def digest_messages(digest: Digest) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The digest to post and, when it shows the ranking as a table, the layout without one to post
    instead if Slack refuses it (None otherwise)."""
    table = ranking_table(digest)
    if table is None:
        return digest_message(digest), None
    return digest_message(digest, table=table), digest_message(digest)


def digest_message(digest: Digest, *, table: kit.Block | None = None) -> dict[str, Any]:
    """The digest; ``table``: the ranking as a table block instead of sections."""
    scope = digest.scope.describe()
    blocks: list[kit.Block] = [
        kit.header("ML portfolio digest"),
        kit.context(
            f"{scope} · {kit.count(len(digest.entries), 'active project')} · changes since {kit.date(digest.since)}"
            " (↗ ↘ → : how each metric moved since then)"
        ),
        *([kit.section("*Ranked portfolio*"), table] if table else _ranking(digest, scope)),
        kit.divider(),
        kit.section(f"*What changed since {kit.date(digest.since, '{date_short_pretty}')}*"),
        *_changes(digest),
        kit.divider(),
        kit.section("*Needs attention*"),
        *attention_blocks(digest),
    ]
    if not digest.empty:  # an empty portfolio gets no chart (its poster skips it)
        unscored, blocked = unscored_count(digest), blocked_count(digest)
        off_grid = f" {_left_off(unscored, 'not yet scored')}" if unscored else ""
        off_grid += f" {_left_off(blocked, 'blocked by the gate', after=True)}" if blocked else ""
        blocks.append(kit.context(f"The impact × feasibility chart is in this thread.{off_grid}"))
    n = len(digest.attention)
    need = "nothing needs attention" if not n else f"{n} {'needs' if n == 1 else 'need'} attention"
    top = f" (top: {kit.esc(digest.entries[0].ranked.project.name)})" if digest.entries else ""
    text = f"ML portfolio digest ({scope}): {kit.count(len(digest.entries), 'project')}{top}, {need}"  # scope: ours, a mention at most
    return {"text": text, "blocks": blocks[:50]}


def _left_off(n: int, what: str, *, after: bool = False) -> str:
    """``1 not yet scored project is left off it.`` / ``2 projects blocked by the gate are left off it.``"""
    said = f"{kit.count(n, 'project')} {what}" if after else f"{n} {what} {'project' if n == 1 else 'projects'}"
    return f"{said} {'is' if n == 1 else 'are'} left off it."


def _ranking(digest: Digest, scope: str) -> list[kit.Block]:
    if digest.empty:
        hint = (
            "No project yet. Scope the first one with `/mlproject new`: five short steps on the problem, impact, feasibility, "
            "the one metric to optimize and a baseline. The digest then ranks every project by impact × feasibility."
            if digest.total_in_workspace == 0
            else f"No active project matches {scope}. `{COMMAND} digest` shows the whole portfolio."
        )
        return [kit.section(hint)]
    rest = digest.entries[TOP:]
    more = None
    if rest:
        counts = Counter(e.ranked.priority.quadrant for e in rest if not e.ranked.blocked)
        blocked = sum(1 for e in rest if e.ranked.blocked)
        split = ", ".join(
            [f"{counts[q]} {q.label.lower()}" for q in Quadrant if counts[q]]
            + ([f"{blocked} blocked by the gate"] if blocked else [])
        )
        more = f"…and {len(rest)} more ({split}). The full ranking: the App Home tab, or `mlscope export --format markdown`."
    top = digest.entries[:TOP]
    lines = with_blocked_heading([_entry_line(e, digest.currency) for e in top], [e.ranked.blocked for e in top])
    return [kit.section("*Ranked portfolio*"), *_sections(lines, more=more)]


def _changes(digest: Digest) -> list[kit.Block]:
    if not digest.changes:
        return [kit.context("Nothing changed.")]
    lines = [
        f"• *{kit.esc(c.name)}* `{c.ref}`: {kit.esc(c.text)}" + (f" (<@{c.by}>)" if c.by else "")
        for c in digest.changes[:MAX_CHANGES]
    ]
    extra = len(digest.changes) - MAX_CHANGES
    return _sections(lines, more=f"…and {extra} more changes." if extra > 0 else None)


def attention_blocks(digest: Digest) -> list[kit.Block]:
    """The digest's "needs attention" list (also the conversation's answer to "What needs my attention?")."""
    if not digest.attention:
        return [kit.context("Nothing needs attention.")]
    lines = [f"⚠️ *{kit.esc(a.name)}* `{a.ref}`: {kit.esc(a.reason)}" for a in digest.attention[:MAX_ATTENTION]]
    extra = len(digest.attention) - MAX_ATTENTION
    return _sections(lines, more=f"…and {extra} more projects need attention." if extra > 0 else None)
