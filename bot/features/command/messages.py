"""Ephemeral replies to /mlproject that belong to no one feature: help, usage, confirmations, errors."""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.ids import COMMAND
from bot.slack.replies import reply
from domain.lifecycle import ORDER

USAGE = {
    "help": "help",
    "new": "new [name]",
    "list": "list [mine|all|planning|data|training|deployment]",
    "show": "show <ref>",
    "edit": "edit <ref>",
    "stage": "stage <ref> <planning|data|training|deployment> [reason]",
    "metric": "metric <ref> <value> [note]",
    "baseline": "baseline <ref>",
    "archive": "archive <ref>",
    "unarchive": "unarchive <ref>",
    "checkin": "checkin <ref> [schedule|pause|resume]",
    "away": "away [<until>|off]",
    "holidays": "holidays [2026-12-24 2026-12-25 …|none]",
    "digest": "digest [stage|quadrant|mine|@owner] · digest subscribe [#channel] [weekly|biweekly|monthly] [weekday] [HH:MM] [timezone] · digest unsubscribe [#channel] · digest settings [#channel] · digest canvas [#channel]",
    "leads": "leads [list|add @someone|remove @someone]",
    "settings": "settings [visibility members|everyone] · settings currency EUR · settings stale-readings <weeks> · settings scoring",
    "token": "token create <name> · token list · token revoke <name>",
}

DESCRIPTIONS = {
    "help": "this help",
    "new": "scope a new ML project, step by step",
    "list": "the ranked portfolio (yours, everyone's, or one stage)",
    "show": "a project's card and recent history",
    "edit": "walk the scoping steps again for a project",
    "stage": "move a project forward, or loop back with a reason",
    "metric": "record the optimizing metric's current value (Undo on the confirmation; delete one from `show`)",
    "baseline": "add a baseline (published, rules, simple ML, human)",
    "archive": "archive a project (asks first)",
    "unarchive": "bring an archived project back (App Home lists them)",
    "checkin": "post a check-in now, or change, pause, resume its schedule",
    "holidays": "the workspace's days on which no check-in, nudge or digest is posted (admins and leads change them)",
    "away": "no check-in nudges or mentions of you until a date (2026-12-24, friday, in 2 weeks), in your timezone; `off` when back",
    "digest": "the prioritization digest here now, or on a schedule here or in a #channel; `digest canvas` gives a subscribed channel a portfolio canvas every digest keeps current",
    "leads": "who besides owners, creators and admins may change any project",
    "settings": "who may read the portfolio: full members only (members, the default) or also guests and other organisations (everyone); the currency cards say a model's worth in; after how many weeks without a reading the digest says so (1 to 26, default 4); the scoring weights, thresholds and ranking policy (a form that previews the new ranking)",
    "token": "tokens that let CI, MLflow or W&B jobs record readings (admins and leads)",
}


def help_message() -> dict[str, Any]:
    lines = [f"`{COMMAND} {USAGE[k]}` – {DESCRIPTIONS[k]}" for k in USAGE]
    text = "*MLScope* helps you scope, prioritize and keep honest your ML projects.\n" + "\n".join(lines)
    return reply(
        text,
        [
            kit.section(text),
            kit.context(
                f"Projects are named by their ref, e.g. `{COMMAND} show churn-predictor`. "
                "Name people and channels by typing @ or # and picking them from Slack's list, "
                "so that they become mentions; a #channel is optional (this channel by default)."
            ),
        ],
    )


def usage_message(problem: str, subcommand: str | None = None) -> dict[str, Any]:
    problem = kit.esc_quoted(problem)
    if subcommand in USAGE:
        text = f"{problem}\nUsage: `{COMMAND} {USAGE[subcommand]}`"
    else:
        text = f"{problem}\nTry `{COMMAND} help` for the list of commands."
    return reply(text)












def stage_names() -> str:
    return ", ".join(s.value for s in ORDER)
