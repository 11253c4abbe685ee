"""Walking the scoping flow as a person would, one modal at a time."""

from __future__ import annotations

from typing import Any

STEP_1 = {
    "name": "Churn Predictor",
    "statement": "Which customers will cancel next month?",
    "owner": "U1",
    "channel": "C2",
    "archetype": "software_2_0",
    "gate_ready": "yes",
    "gate_ml_needed": "yes",
    "gate_ethical": "yes",
}
STEP_2 = {
    "rate_business_value": "5",
    "rate_cheap_prediction": "4",
    "rate_friction_removed": "3",
    "rate_rules_replaced": "4",
    "note_business_value": "retention is our top KPI",
    "data_flywheel": "yes",
    "q_improves_performance": "yes, +8 pts in the pilot",
}
STEP_3 = {
    "rate_data_availability": "4",
    "rate_labeling_cost": "2",
    "rate_accuracy_requirement": "3",
    "rate_problem_difficulty": "2",
    "flags_generalization": ["small_data"],
}
STEP_4 = {
    "metric_name": "recall@10",
    "metric_target": "0.8",
    "thresholds": "latency p95 < 200 ms",
    "baseline_kind": "rule_based",
    "baseline_description": "tenure + support tickets rules",
    "baseline_value": "0.55",
}
STEP_5 = {"cadence": "weekly", "weekday": "1", "checkin_time": "09:30", "timezone": "Europe/Paris"}
STEPS = [STEP_1, STEP_2, STEP_3, STEP_4, STEP_5]


def current_modal(fake) -> dict[str, Any]:
    return fake.last_view()


def walk(user, steps: list[dict[str, Any]] = STEPS, *, start: str = "new") -> list[Any]:
    """Run /mlproject new, then submit each step; return the replies to each submission."""
    user.command(start)
    return submit_steps(user, steps)


def submit_steps(user, steps: list[dict[str, Any]], view: dict[str, Any] | None = None) -> list[Any]:
    """Submit the open modal (or ``view``) step by step, following each ``response_action: update``."""
    view = view or current_modal(user.bot.fake)
    replies = []
    for answers in steps:
        reply = user.submit(view, answers)
        replies.append(reply)
        if reply.body.get("response_action") == "update":
            view = reply.body["view"] | {"id": view["id"]}
    return replies


def button_in(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    """The button ``action_id`` among ``blocks`` (in an actions block or a section's accessory)."""
    for block in blocks:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} button in {blocks}")


def archive(user, ref: str, *, channel: str | None = None) -> Any:
    """``/mlproject archive <ref>``, then its Archive button: the reply to the click."""
    question = user.command(f"archive {ref}", channel=channel)
    confirm = button_in(question.body.get("blocks", []), "archive_confirm")
    return user.click("archive_confirm", value=confirm["value"], block_id=f"archive:{ref}", channel=channel or user.channel)
