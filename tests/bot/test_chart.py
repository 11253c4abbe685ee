"""The digest's chart: one series per quadrant; projects not yet scored or blocked by the gate off the
grid, counted; and a chart that reads inline (issue 19)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.features.digests.chart import _xy, chart_series, draw, group_label, portfolio_chart, unscored_note
from bot.features.digests.chart_labels import place
from domain.checkin_health import CheckinState
from domain.checkins import Answer, Question, Response
from domain.digest import build_digest
from domain.model import GateAnswer, GateQuestion
from domain.scoring import ScoringWeights
from tests.builders import EASY, HARD, project, rated, scope
from tests.conftest import T0


def test_projects_whose_gate_failed_are_left_off_the_grid_and_counted():
    rules = rated(5, EASY).model_copy(update={"gate": {GateQuestion.ML_NEEDED: GateAnswer.NO}})
    projects = [
        project("rules", the_scope=rules).model_copy(update={"id": 1}),
        project("fine", the_scope=rated(1, HARD)).model_copy(update={"id": 2}),
    ]
    digest = build_digest("T1", projects, archived=[], history=[], checkins={}, since=T0, now=T0)
    assert [e.ranked.project.ref for e in digest.entries] == ["fine", "rules"]  # blocked: ranked last
    series = chart_series(digest)
    assert [s.label for s in series] == ["Deprioritize (1)"]  # its quadrant alone would say "do now"
    [fine] = [e.ranked for e in digest.entries if e.ranked.project.ref == "fine"]
    assert series[0].points == [(fine.priority.feasibility.value, fine.priority.impact.value)]
    assert unscored_note(digest) == "1 blocked by the gate (left off the grid)"
    assert portfolio_chart(digest).startswith(b"\x89PNG")


def test_unscored_projects_are_left_off_the_grid_and_counted():
    failed_gate = {"gate": {GateQuestion.ML_NEEDED: GateAnswer.NO}}
    projects = [
        project("fine", the_scope=rated(5, EASY)).model_copy(update={"id": 1}),
        project("blank", the_scope=scope().model_copy(update=failed_gate)).model_copy(update={"id": 2}),
        project("blank2").model_copy(update={"id": 3}),
    ]
    digest = build_digest("T1", projects, archived=[], history=[], checkins={}, since=T0, now=T0)
    assert [s.label for s in chart_series(digest)] == ["Do now (1)"]  # no point for the unscored
    assert unscored_note(digest) == "1 not yet scored · 1 blocked by the gate (left off the grid)"
    assert portfolio_chart(digest).startswith(b"\x89PNG")


# A chart you can read inline (issue 19): the legend outside the plot, labels that never overlap,
# equal scores under one label, labels twice the former 7 pt, quadrant names in their corners,
# lines at the workspace's thresholds, projects whose check-in said No ringed.

IMPACT = ("cheap_prediction", "business_value", "friction_removed", "rules_replaced")
FEASIBILITY = ("data_availability", "labeling_cost", "accuracy_requirement", "problem_difficulty")


def _portfolio(specs, checkins=None, weights=None):
    projects = [project(ref, the_scope=s).model_copy(update={"id": i + 1}) for i, (ref, s) in enumerate(specs)]
    return build_digest(
        "T1", projects, archived=[], history=[], checkins=checkins or {}, since=T0, now=T0, weights=weights
    )


def _equal_scores():
    return _portfolio([(f"same-{i}", rated(5, EASY)) for i in range(3)] + [("alone", rated(2, HARD))])


def _close_scores():
    """Scores a few points apart, and seven projects with equal scores among them."""
    close = []
    for i in range(14):
        impact = dict(zip(IMPACT, (4, 4, 3 + i % 2, 3 + i // 7), strict=True))
        feasibility = dict(zip(FEASIBILITY, (4, 2 + (i % 3 == 0), 2, 2 + (i % 4 == 1)), strict=True))
        close.append((f"close-{i}", scope(impact=impact, feasibility=feasibility)))
    return _portfolio(close + [(f"twin-{i}", rated(4, EASY)) for i in range(7)])


def _fifty():
    """Fifty projects with long refs, spread over every quadrant (a fixed, varied pattern)."""
    specs = []
    for i in range(50):
        impact = dict(zip(IMPACT, ((i * 3 + k) % 5 + 1 for k in range(4)), strict=True))
        feasibility = dict(zip(FEASIBILITY, ((i * 7 + 2 * k) % 5 + 1 for k in range(4)), strict=True))
        specs.append(
            (
                f"{['churn', 'fraud-detector', 'lead-scoring', 'ocr'][i % 4]}-{i}",
                scope(impact=impact, feasibility=feasibility),
            )
        )
    return _portfolio(specs)


CROWDED = {"equal scores": _equal_scores, "close scores": _close_scores, "fifty projects": _fifty}


def _drawn(digest, weights=None):
    fig = draw(digest, weights)
    return fig, fig.axes[0], fig.canvas.get_renderer()


def _labels(ax):
    return [t for t in ax.texts if t.get_gid() == "label"]


@pytest.mark.parametrize("crowd", CROWDED)
def test_no_two_drawn_labels_overlap_and_each_stays_inside_the_plot(crowd):
    fig, ax, renderer = _drawn(CROWDED[crowd]())
    boxes = [t.get_window_extent(renderer) for t in _labels(ax)]
    assert len(boxes) >= 2
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    plot = ax.get_window_extent(renderer)
    names = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() != "label"]
    for box in boxes:
        assert plot.x0 <= box.x0 and box.x1 <= plot.x1 and plot.y0 <= box.y0 and box.y1 <= plot.y1
        assert not any(box.overlaps(name) for name in names)  # the quadrants' names stay readable


@pytest.mark.parametrize("crowd", CROWDED)
def test_the_legend_is_outside_the_plot(crowd):
    fig, ax, renderer = _drawn(CROWDED[crowd]())
    [legend] = fig.legends
    assert ax.get_legend() is None
    around = ax.get_tightbbox(renderer)  # the plot with its ticks, axis labels and title
    assert not legend.get_window_extent(renderer).overlaps(around)


def test_projects_with_equal_scores_share_one_point_and_one_label():
    fig, ax, _ = _drawn(_equal_scores())
    assert sorted(t.get_text() for t in _labels(ax)) == ["3 projects: same-0, same-1, same-2", "4. alone"]


def test_a_shared_label_names_what_fits_and_counts_the_rest():
    assert group_label([(1, "churn")]) == "1. churn"
    assert group_label([(1, "a"), (2, "b"), (3, "c"), (4, "d")]) == "4 projects: a, b, c +1"
    long = [(i, f"fraud-detector-{i}") for i in range(7)]
    assert group_label(long) == "7 projects: fraud-detector-0 +6"
    assert len(group_label([(1, "x" * 80), (2, "y")])) <= 36


def test_labels_are_twice_the_former_size_at_a_high_dpi_and_the_png_stays_small():
    fig, ax, _ = _drawn(_fifty())
    assert {t.get_fontsize() for t in _labels(ax)} == {14}  # the former labels were 7 pt
    assert fig.dpi >= 150
    png = portfolio_chart(_fifty())
    assert png.startswith(b"\x89PNG") and len(png) < 500_000  # Slack takes files up to 1 GB


def test_quadrant_lines_are_drawn_at_the_workspace_thresholds():
    weights = ScoringWeights(impact_threshold=60, feasibility_threshold=40)
    fig, ax, _ = _drawn(_portfolio([("one", rated(4, EASY))], weights=weights), weights)
    vertical = [line.get_xdata()[0] for line in ax.lines if line.get_xdata()[0] == line.get_xdata()[1]]
    horizontal = [line.get_ydata()[0] for line in ax.lines if line.get_ydata()[0] == line.get_ydata()[1]]
    assert vertical == [40] and horizontal == [60]


def test_each_quadrant_is_named_in_its_corner():
    fig, ax, _ = _drawn(_equal_scores())
    corners = {t.get_text(): t.get_position() for t in ax.texts if t.get_gid() != "label"}
    assert corners["Do now"][0] > 0.5 and corners["Do now"][1] > 0.5  # impact up, feasibility right
    assert corners["Strategic bet"][0] < 0.5 and corners["Strategic bet"][1] > 0.5
    assert corners["Quick win"][0] > 0.5 and corners["Quick win"][1] < 0.5
    assert corners["Deprioritize"][0] < 0.5 and corners["Deprioritize"][1] < 0.5


def test_projects_whose_latest_check_in_said_no_are_ringed():
    said_no = Response(1, "T1", "U1", answers={Question.DATA: Answer.NO})
    digest = _portfolio([("doubt", rated(5, EASY)), ("fine", rated(2, HARD))], {1: CheckinState(True, (said_no,))})
    fig, ax, _ = _drawn(digest)
    [ring] = [c for c in ax.collections if c.get_label().startswith("Check-in said No")]
    assert ring.get_label() == "Check-in said No (1)"
    [doubt] = [e.ranked for e in digest.entries if e.ranked.project.ref == "doubt"]
    assert [tuple(xy) for xy in ring.get_offsets()] == [_xy(doubt)]


def test_a_label_that_fits_nowhere_is_left_out_rather_than_overlapping():
    labels = [((100.0, 100.0), (80.0, 20.0))] * 200  # far more labels than room around one point
    spots = place(labels, frame=(0, 0, 400, 300), obstacles=[], points=np.zeros((0, 2)), radius=4)
    kept = [s.box for s in spots if s is not None]
    assert 0 < len(kept) < len(labels)
    for a, b in itertools.combinations(kept, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.tuples(st.floats(0, 400), st.floats(0, 300)),  # a point
            st.tuples(st.floats(10, 200), st.floats(8, 40)),  # its label's width and height
        ),
        max_size=40,
    )
)
def test_wherever_the_points_are_placed_labels_never_overlap_and_stay_inside(labels):
    frame = (0.0, 0.0, 400.0, 300.0)
    points = np.array([xy for xy, _ in labels], dtype=float).reshape(-1, 2)
    spots = place(labels, frame=frame, obstacles=[(0, 280, 100, 300)], points=points, radius=4)
    kept = [s.box for s in spots if s is not None] + [(0, 280, 100, 300)]
    for a, b in itertools.combinations(kept, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    for (_, (w, h)), spot in zip(labels, spots, strict=True):
        if spot is not None:
            x0, y0, x1, y1 = spot.box
            assert frame[0] <= x0 and x1 <= frame[2] and frame[1] <= y0 and y1 <= frame[3]
            assert (round(x1 - x0, 6), round(y1 - y0, 6)) == (round(w, 6), round(h, 6))
