"""Where the chart's labels go: a deterministic placement in which no two labels overlap.

Pure geometry in display pixels (no matplotlib here). Labels are placed one at a time, in rank
order, so the best spots go to the top of the ranking. Each label tries a fixed list of
positions around its point: eight directions (right side first), on rings further and further
out. A position is allowed only if its box lies inside the plot, overlaps no label already placed
and no fixed obstacle (the quadrant names); among the allowed ones the label takes the one that
covers the fewest other points, nearer rings first. A label with no allowed position is left
out (and counted by the chart): no overlap is ever traded for a label. A label on the outer
rings gets a leader line from its point; no label is placed across a leader line, and no leader
line is drawn across a label.

adjustText (issue 19's suggestion) was tried first: it repels labels iteratively and does not
promise a result without overlaps; on 40 crowded labels it left 17 to 22 overlapping pairs and
took over 3 s (docs/design.md, "The digest's chart").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels
GAP = 3.0  # pixels kept free between two labels, and between a label and an obstacle
DIRECTIONS = ((1, 1), (1, 0), (1, -1), (-1, 1), (-1, 0), (-1, -1), (0, 1), (0, -1))
RINGS = (0.0, 0.6, 1.2, 2.0, 3.0)  # extra distance, in label heights: further out a label reads as another's
COVER_COST = 10  # one point covered costs more than any ring further out
SLIDE = 0.15  # a box slid above or below its point still starts (or ends) this close to it
FAR = 2  # from this ring on, a line leads from the point to its label


@dataclass(frozen=True)
class Placed:
    """Where a label went: its box, and whether it is far enough from its point to need a leader line."""

    box: Box
    far: bool

    def leader(self, x: float, y: float) -> tuple[float, float, float, float]:
        """The line from the point (x, y) to the nearest point of the box."""
        return (x, y, min(max(x, self.box[0]), self.box[2]), min(max(y, self.box[1]), self.box[3]))


def _overlaps(a: Box, b: Box, gap: float = GAP) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _inside(box: Box, frame: Box) -> bool:
    return box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]


def candidates(x: float, y: float, w: float, h: float, near: float) -> list[tuple[int, Box]]:
    """Boxes of size ``w``×``h`` around the point (x, y), ``near`` pixels clear of it at least,
    with the ring each one is on, in the order they are tried: the eight directions, then boxes
    slid along the point's side (above or below it, starting or ending at the point)."""
    found = []
    for ring, extra in enumerate(RINGS):
        d = near + extra * h
        for dx, dy in DIRECTIONS:
            x0 = x + d if dx > 0 else (x - d - w if dx < 0 else x - w / 2)
            y0 = y + d if dy > 0 else (y - d - h if dy < 0 else y - h / 2)
            found.append((ring, (x0, y0, x0 + w, y0 + h)))
        for x0 in (x - SLIDE * w, x - (1 - SLIDE) * w):
            for y0 in (y + d, y - d - h):
                found.append((ring, (x0, y0, x0 + w, y0 + h)))
    return found


def _crosses(line: tuple[float, float, float, float], box: Box) -> bool:
    """Whether the segment passes through the box (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = line
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
        if low > high:
            return False
    return True


def _covered(spot: Placed, points: np.ndarray, radius: float, own: tuple[float, float]) -> int:
    """How many points (other than the label's own) the box covers or touches, or its leader line passes."""
    if not len(points):
        return 0
    box, xs, ys = spot.box, points[:, 0], points[:, 1]
    hit = (xs > box[0] - radius) & (xs < box[2] + radius) & (ys > box[1] - radius) & (ys < box[3] + radius)
    if spot.far:
        x0, y0, x1, y1 = spot.leader(*own)
        dx, dy = x1 - x0, y1 - y0
        t = np.clip(((xs - x0) * dx + (ys - y0) * dy) / max(dx * dx + dy * dy, 1e-9), 0.0, 1.0)
        hit |= np.hypot(xs - (x0 + t * dx), ys - (y0 + t * dy)) < radius
    mine = (xs == own[0]) & (ys == own[1])
    return int(np.count_nonzero(hit & ~mine))


def place(
    labels: Sequence[tuple[tuple[float, float], tuple[float, float]]],
    *,
    frame: Box,
    obstacles: Sequence[Box],
    points: np.ndarray,
    radius: float,
    clear: np.ndarray | None = None,
    near: float | None = None,
) -> list[Placed | None]:
    """For each label, given as ((x, y) of its point, (width, height) of its text), where it goes,
    or None when it fits nowhere. ``frame`` is the plot, ``points`` every point drawn (n×2),
    ``radius`` a point's radius: all in display pixels. A label (and its leader line) never covers
    the point of another label, nor those in ``clear`` (ringed points); it covers other points only
    where nothing else is free, the fewest it can. ``near``: how far a label keeps from its own
    point (a ring is wider than the point)."""
    kept = [np.array([xy for xy, _ in labels], dtype=float).reshape(-1, 2)]
    labelled = np.concatenate(kept + ([clear.reshape(-1, 2)] if clear is not None else []))
    taken: list[Box] = list(obstacles)
    leaders: list[tuple[float, float, float, float]] = []
    placed: list[Placed | None] = []
    for (x, y), (w, h) in labels:
        best: tuple[int, Placed] | None = None
        for ring, box in candidates(x, y, w, h, near if near is not None else radius + GAP):
            if best is not None and ring >= best[0]:
                break  # no later ring can cost less than a free spot on this one
            spot = Placed(box, far=ring >= FAR)
            if not _allowed(spot, (x, y), frame, taken, leaders) or _covered(spot, labelled, radius, (x, y)):
                continue
            cost = ring + COVER_COST * _covered(spot, points, radius, (x, y))
            if best is None or cost < best[0]:
                best = (cost, spot)
        placed.append(best[1] if best else None)
        if best:
            taken.append(best[1].box)
            if best[1].far:
                leaders.append(best[1].leader(x, y))
    return placed


def _allowed(spot: Placed, xy: tuple[float, float], frame: Box, taken: list[Box], leaders: list[Any]) -> bool:
    """Inside the plot, clear of every label and obstacle, across no leader line, and its own
    leader line (if any) across no label."""
    box = spot.box
    if not _inside(box, frame) or any(_overlaps(box, other) for other in taken):
        return False
    padded = (box[0] - GAP, box[1] - GAP, box[2] + GAP, box[3] + GAP)
    if any(_crosses(line, padded) for line in leaders):
        return False
    return not spot.far or not any(_crosses(spot.leader(*xy), other) for other in taken)
