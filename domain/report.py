"""The ranked portfolio as rows, CSV, JSON or Markdown: for spreadsheets, docs and exports.

Names and metrics are typed by anyone in the workspace, so exports treat them as hostile: a CSV
cell a spreadsheet would read as a formula is prefixed with an apostrophe (OWASP, "CSV
Injection"), and Markdown cells escape everything Markdown or HTML would interpret (links,
images, emphasis, raw tags, table pipes).
"""

from __future__ import annotations

import csv
import io
import json
import re
from enum import StrEnum
from typing import Any

from domain.gate import failed
from domain.ranking import Ranked


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


COLUMNS = (
    "rank",
    "team_id",
    "ref",
    "name",
    "owner",
    "archetype",
    "gate_failed",
    "stage",
    "impact",
    "feasibility",
    "quadrant",
    "metric",
    "current",
    "target",
    "best_baseline",
    "archived",
)


def row(entry: Ranked) -> dict[str, Any]:
    project, priority = entry.project, entry.priority
    metric = project.scope.optimizing
    best = project.best_baseline()
    return {
        "rank": entry.rank,
        "team_id": project.team_id,
        "ref": project.ref,
        "name": project.name,
        "owner": project.problem.owner_id,
        "archetype": project.scope.archetype.value if project.scope.archetype else "",
        "gate_failed": " ".join(q.value for q in failed(project.scope.gate)),
        "stage": project.stage.value,
        "impact": priority.impact.value,
        "feasibility": priority.feasibility.value,
        "quadrant": priority.quadrant.value,
        "metric": metric.name if metric else "",
        "current": project.current_value,
        "target": metric.target if metric else None,
        "best_baseline": best.value if best else None,
        "archived": project.archived,
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def csv_cell(value: Any) -> Any:
    """A string a spreadsheet would run as a formula becomes text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _md_cell(value: Any) -> str:
    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    text = " ".join(text.split())  # newlines and tabs would break the table
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render(entries: list[Ranked], fmt: ExportFormat) -> str:
    rows = [row(e) for e in entries]
    if fmt is ExportFormat.JSON:
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt is ExportFormat.CSV:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in r.items()} for r in rows)
        return out.getvalue()
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_md_cell(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines) + "\n"
