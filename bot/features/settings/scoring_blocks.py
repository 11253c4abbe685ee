"""The "Scoring and ranking" modal's two steps (the form, the preview of the new ranking), what
saving answers, and the settings' summary in ``/mlproject settings`` (pure builders)."""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.ids import COMMAND, Action, Callback, Field, weight_field
from bot.slack.metadata import ScoringPreview
from domain.model import DRIVER_LABELS, FeasibilityDriver, ImpactDriver
from domain.ranking_preview import Move, RankingPreview
from domain.scoring import RANKING_LABELS, ScoringWeights

TITLE = "Scoring and ranking"
MOVES_SHOWN = 15
NAME_MAX = 60
HOW = (
    "Each score is 0–100: a driver counts by its weight, as a share of its axis's total weight "
    "(0 leaves a driver out). A quadrant needs impact and feasibility at or above their thresholds. "
    "Next you see how the ranking of the active projects would change; nothing is saved before that."
)


def _number(field: str, label: str, value: float, hint: str | None = None) -> kit.Block:
    return kit.input_block(field, label, kit.number_input(initial=round(value, 4)), hint=hint)


def form_modal(weights: ScoringWeights) -> dict[str, Any]:
    """The form, prefilled with ``weights`` (the current settings, or those proposed before Back)."""
    blocks = [kit.section(HOW), kit.section("*Impact drivers* (weights from 0 to 10)")]
    blocks += [_number(weight_field(d.value), DRIVER_LABELS[d], weights.weight(d)) for d in ImpactDriver]
    blocks.append(kit.section("*Feasibility drivers* (weights from 0 to 10)"))
    blocks += [_number(weight_field(d.value), DRIVER_LABELS[d], weights.weight(d)) for d in FeasibilityDriver]
    blocks += [
        _number(Field.FLYWHEEL_BONUS, "Data flywheel bonus (impact points, 0–50)", weights.flywheel_bonus,
                "Added to a Software 2.0 project whose data flywheel is confirmed."),
        _number(Field.HARD_FLAG_PERCENT, "Each hard-problem flag takes (% of feasibility left, 0–90)",
                weights.hard_flag_factor * 100, "15 means four flags keep about half of a project's feasibility."),
        _number(Field.IMPACT_THRESHOLD, "Impact threshold (0–100)", weights.impact_threshold),
        _number(Field.FEASIBILITY_THRESHOLD, "Feasibility threshold (0–100)", weights.feasibility_threshold),
        kit.input_block(
            Field.RANKING, "Within a quadrant, rank by",
            kit.radio([kit.option(label, policy.value) for policy, label in RANKING_LABELS.items()],
                      initial=weights.ranking.value),
        ),
        kit.input_block(
            Field.RESET_DEFAULTS, "Reset", optional=True,
            element=kit.checkboxes([kit.option("Use MLScope's defaults instead (the values above are ignored)", "defaults")]),
        ),
    ]  # fmt: skip
    return kit.modal(TITLE, blocks, callback_id=Callback.SCORING_FORM, submit="Preview")


def _move_line(move: Move) -> str:
    where = f"{move.rank_before} → {move.rank_after}" if move.rank_changed else f"still {move.rank_after}"
    if move.quadrant_changed:
        what = f"{move.quadrant_before.label} → {move.quadrant_after.label}"
    else:
        what = move.quadrant_after.label
    return f"• *{kit.esc(kit.cut(move.name, NAME_MAX))}* (`{move.ref}`): {where} · {what}"


def moves_text(preview: RankingPreview) -> str:
    """The projects that would move, the first ``MOVES_SHOWN`` in the new order, and how many more."""
    if preview.projects == 0:
        return "The workspace has no active projects yet: there is no ranking to change."
    if not preview.moves:
        return f"No project would change rank or quadrant (all {preview.projects} keep their place)."
    lines = [_move_line(m) for m in preview.moves[:MOVES_SHOWN]]
    more = len(preview.moves) - MOVES_SHOWN
    if more > 0:
        lines.append(f"…and {more} more project{'s' if more != 1 else ''} would move.")
    kept = {0: "none keeps its place.", 1: "1 keeps its place."}.get(preview.unchanged, f"{preview.unchanged} keep theirs.")
    lines.append(f"{len(preview.moves)} of {preview.projects} active projects would move; {kept}")
    return "\n".join(lines)


def changes_text(changes: list[str]) -> str:
    return "\n".join(f"• {c}" for c in changes) if changes else "No setting differs from the current ones."


def preview_modal(preview: RankingPreview) -> dict[str, Any]:
    meta = ScoringPreview(proposed=preview.after, before=preview.before).dump()
    blocks = [
        kit.section("*What you changed*\n" + changes_text(preview.settings_changed)),
        kit.section("*How the ranking would change* (rank · quadrant)\n" + moves_text(preview)),
        kit.context("Nothing is saved yet. *Save* applies these settings and rescores every project; "
                    "*Back* returns to the form with your values."),
        kit.actions(kit.button("Back", Action.SCORING_BACK), block_id="scoring_back"),
    ]  # fmt: skip
    return kit.modal(TITLE, blocks, callback_id=Callback.SCORING_PREVIEW, submit="Save", private_metadata=meta)


def saved_text(changes: list[str]) -> str:
    if not changes:
        return "The scoring settings were already these: nothing changed."
    return (
        "Saved the scoring settings; every project was rescored.\n"
        + changes_text(changes)
        + f"\n`{COMMAND} list`, App Home and digests now rank by them; the projects' cards are being updated."
    )


def scoring_summary(w: ScoringWeights) -> str:
    """One or two lines for ``/mlproject settings``."""
    impact = ", ".join(f"{DRIVER_LABELS[d].lower()} {w.weight(d):g}" for d in ImpactDriver)
    feasibility = ", ".join(f"{DRIVER_LABELS[d].lower()} {w.weight(d):g}" for d in FeasibilityDriver)
    return (
        f"*Scoring*: impact weights {impact}; feasibility weights {feasibility}; flywheel +{w.flywheel_bonus:g}; "
        f"each hard-problem flag −{w.hard_flag_factor:.0%}; thresholds impact {w.impact_threshold:g}, "
        f"feasibility {w.feasibility_threshold:g}.\n*Ranking within a quadrant*: {w.ranking.label}."
    )
