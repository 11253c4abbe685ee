"""The digest's chart as Slack receives it in the digest's thread (issue 19): sized to be read
inline, and its quadrant lines at the workspace's own thresholds."""

import io

from PIL import Image

from bot.features.digests.chart import draw
from domain import project_use_cases, workspace_use_cases
from domain.digest import build_digest
from domain.project_use_cases import NewProject
from domain.scoring import ScoringWeights
from tests.builders import EASY, HARD, rated
from tests.conftest import T0

LINE = (85, 85, 85)  # the quadrant lines' grey, #555555


def seed(database, now):
    for ref, impact, feasibility in (("same-a", 5, EASY), ("same-b", 5, EASY), ("same-c", 5, EASY), ("hard", 2, HARD)):
        project_use_cases.create_project(
            database.uow(),
            NewProject(
                team_id="T1",
                name=ref.title(),
                ref=ref,
                owner_id="U1",
                creator_id="U1",
                channel_id="C2",
                scope=rated(impact, feasibility),
            ),
            now=now,
        )


def line_pixels(image, *, column=None, row=None):
    """How many pixels of the quadrant lines' grey a column (or a row) of the picture has."""
    rgb = image.convert("RGB")
    if column is not None:
        return sum(1 for y in range(rgb.height) if rgb.getpixel((column, y)) == LINE)
    return sum(1 for x in range(rgb.width) if rgb.getpixel((x, row)) == LINE)


def where(feasibility, impact):
    """The pixel (column, row from the top) of a score on the chart (its axes are placed the same every time)."""
    fig = draw(build_digest("T1", [], archived=[], history=[], checkins={}, since=T0, now=T0))
    x, y = fig.axes[0].transData.transform((feasibility, impact))
    return round(x), round(fig.bbox.height - y)


def test_the_chart_in_the_digests_thread_is_a_high_dpi_png_well_under_slacks_limit(ada, fake, database, clock):
    seed(database, clock.now)
    ada.command("digest", channel="C2")
    [chart] = fake.files_in("C2")
    image = Image.open(io.BytesIO(chart.data))
    assert image.size == (1280, 1088)  # 160 dpi: sharp when Slack scales it down inline
    assert len(chart.data) < 500_000  # Slack takes uploads up to 1 GB


def test_the_charts_quadrant_lines_are_at_the_workspaces_thresholds(ada, fake, database, clock):
    seed(database, clock.now)
    weights = ScoringWeights(impact_threshold=60, feasibility_threshold=40)
    workspace_use_cases.set_weights(database.uow(), "T1", weights, actor="U1", now=clock.now, is_admin=lambda: True)
    ada.command("digest", channel="C2")
    [chart] = fake.files_in("C2")
    image = Image.open(io.BytesIO(chart.data))
    at_40, at_60 = where(40, 60)
    at_50, at_50_row = where(50, 50)
    assert (
        line_pixels(image, column=at_40) > 100 and line_pixels(image, column=at_50) < 10
    )  # where it crosses the other line
    assert line_pixels(image, row=at_60) > 100 and line_pixels(image, row=at_50_row) < 10
