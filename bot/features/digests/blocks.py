"""The digest message: ranked portfolio, what changed, what needs attention — within Slack's limits.

A message holds 50 blocks and a section 3000 characters; a large portfolio shows the top of the
ranking in full and summarizes the rest, pointing to App Home and ``mlscope export``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.features.digests.chart import blocked_count, unscored_count
from bot.features.text import gate_note, num, short_verdict, short_worth, with_blocked_heading
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
    metric_text = (
        f" · {kit.esc(metric.name)} {num(status.current)}/{num(metric.target)} (baseline {num(best.value if best else None)})"
        if metric
        else " · no metric"
    )
    verdict = short_verdict(
        prio.impact.value, prio.feasibility.value, prio.quadrant, (prio.impact.rated, prio.feasibility.rated)
    )
    return (
        f"*{r.rank}.* *{kit.esc(p.name)}* `{p.ref}` · <@{p.problem.owner_id}> · {verdict}"
        f"{short_worth(monthly_value(p.scope), currency)} · "
        f"{p.stage.value}{metric_text} · check-in {HEALTH_LABELS[entry.health]}"
        + (f" · {entry.inputs.describe()}" if entry.inputs else "")
        + (f" · ⛔ gate: {gate_note(r.gate_failed)}" if r.blocked else "")
    )


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


def digest_message(digest: Digest) -> dict[str, Any]:
    scope = digest.scope.describe()
    blocks: list[kit.Block] = [
        kit.header("ML portfolio digest"),
        kit.context(
            f"{scope} · {len(digest.entries)} active project(s) · changes since {digest.since:%a %d %b %Y %H:%M} UTC"
        ),
        *_ranking(digest, scope),
        kit.divider(),
        kit.section(f"*What changed since {digest.since:%d %b}*"),
        *_changes(digest),
        kit.divider(),
        kit.section("*Needs attention*"),
        *_attention(digest),
    ]
    if not digest.empty:  # an empty portfolio gets no chart (its poster skips it)
        unscored, blocked = unscored_count(digest), blocked_count(digest)
        off_grid = f" {unscored} not yet scored project(s) are left off it." if unscored else ""
        off_grid += f" {blocked} project(s) blocked by the gate are left off it." if blocked else ""
        blocks.append(kit.context(f"The impact × feasibility chart is in this thread.{off_grid}"))
    text = f"ML portfolio digest ({kit.esc(scope)}): {len(digest.entries)} projects, {len(digest.attention)} need attention"
    return {"text": text, "blocks": blocks[:50]}


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


def _attention(digest: Digest) -> list[kit.Block]:
    if not digest.attention:
        return [kit.context("Nothing needs attention.")]
    lines = [f"⚠️ *{kit.esc(a.name)}* `{a.ref}`: {kit.esc(a.reason)}" for a in digest.attention[:MAX_ATTENTION]]
    extra = len(digest.attention) - MAX_ATTENTION
    return _sections(lines, more=f"…and {extra} more projects need attention." if extra > 0 else None)
