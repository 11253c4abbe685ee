"""The ranked portfolio as rows, CSV, JSON or Markdown: for spreadsheets, docs and exports."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any

from domain.gate import failed
from domain.scoring import Ranked


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


def _md_cell(value: Any) -> str:
    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return text.replace("|", "\\|").replace("\n", " ")


def render(entries: list[Ranked], fmt: ExportFormat) -> str:
    rows = [row(e) for e in entries]
    if fmt is ExportFormat.JSON:
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt is ExportFormat.CSV:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_md_cell(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines) + "\n"
