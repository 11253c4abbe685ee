"""The scoring preview stays within Slack's limits and honest about what it leaves out."""

from bot.features.settings.scoring_blocks import MOVES_SHOWN, moves_text, preview_modal
from bot.standin.limits import view_violations
from domain.ranking_preview import Move, RankingPreview
from domain.scoring import Quadrant, ScoringWeights


def moved(n, projects):
    moves = tuple(
        Move(f"p{i:03d}", "A <very> long name " * 5, i + 2, i + 1, Quadrant.QUICK_WIN, Quadrant.DO_NOW) for i in range(n)
    )
    return RankingPreview(ScoringWeights(), ScoringWeights(impact_threshold=40), projects, moves)


def test_a_long_list_of_moves_shows_the_first_ones_and_counts_the_rest():
    text = moves_text(moved(40, 100))
    assert text.count("• ") == MOVES_SHOWN
    assert "…and 25 more projects would move." in text
    assert text.endswith("40 of 100 active projects would move; 60 keep theirs.")
    assert "&lt;very&gt;" in text and "<very>" not in text, "names are escaped"
    assert view_violations(preview_modal(moved(40, 100))) == []


def test_no_project_and_no_move_are_said_as_such():
    assert "no active projects yet" in moves_text(moved(0, 0))
    assert moves_text(moved(0, 3)) == "No project would change rank or quadrant (all 3 keep their place)."
