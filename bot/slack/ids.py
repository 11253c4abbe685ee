"""Every id Slack sends back to us: the command, callback ids, action ids, block ids, events.

Input blocks use the same string for block_id and action_id, so field errors can name the block.
"""

from __future__ import annotations

from enum import StrEnum

COMMAND = "/mlproject"


class Event(StrEnum):
    APP_HOME_OPENED = "app_home_opened"
    # https://docs.slack.dev/reference/events/app_uninstalled, https://docs.slack.dev/reference/events/tokens_revoked
    APP_UNINSTALLED = "app_uninstalled"
    TOKENS_REVOKED = "tokens_revoked"
    MESSAGE_IM = "message.im"  # a line typed in the app's Messages tab (the scoping conversation)
    ASSISTANT_THREAD_STARTED = "assistant_thread_started"  # Slack's assistant container opened


class Callback(StrEnum):
    SCOPE_STEP = "scope_step"
    STAGE = "stage_modal"
    METRIC = "metric_modal"
    BASELINE = "baseline_modal"
    CHECKLIST = "checklist_modal"
    CHECKIN_DETAILS = "checkin_details"
    CHECKIN_SCHEDULE = "checkin_schedule"
    CHECKIN_LOOP_BACK = "checkin_loop_back"
    DATA_PLAN = "data_plan_modal"
    SCORING_FORM = "scoring_form"
    SCORING_PREVIEW = "scoring_preview"
    NOTICE = "notice"  # a modal that only says something (no inputs, no submit)


class Action(StrEnum):
    """Buttons (block_actions)."""

    CARD_EDIT = "card_edit"
    CARD_STAGE = "card_stage"
    CARD_METRIC = "card_metric"
    CARD_BASELINE = "card_baseline"
    CARD_CHECKLIST = "card_checklist"
    CARD_ARCHIVE = "card_archive"
    CARD_BRIEF = "card_brief"  # open (create once) the project's brief canvas
    DRAFT_RESUME = "draft_resume"
    DRAFT_RESTART = "draft_restart"
    HOME_NEW = "home_new"
    CHECKIN_YES = "checkin_yes"
    CHECKIN_NO = "checkin_no"
    CHECKIN_UNSURE = "checkin_unsure"
    CHECKIN_DETAILS = "checkin_details"
    CHECKIN_LOOP_BACK = "checkin_loop_back"
    CHECKIN_SNOOZE = "checkin_snooze"
    CHECKIN_REVISE_METRIC = "checkin_revise_metric"
    CHECKIN_BLOCKER_RESOLVED = "checkin_blocker_resolved"
    DATA_PLAN = "data_plan"  # "Add a data plan" / "Edit the data plan" in a check-in's thread
    FAR_READING_RECORD = "far_reading_record"
    FAR_READING_CANCEL = "far_reading_cancel"
    FAR_READING_MEANT = "far_reading_meant"  # the same handler as RECORD: the value is in the button
    SETTINGS_SCORING = "settings_scoring"
    SCORING_BACK = "scoring_back"
    READING_UNDO = "reading_undo"
    READING_DELETE = "reading_delete"
    ARCHIVE_CONFIRM = "archive_confirm"
    ARCHIVE_CANCEL = "archive_cancel"
    HOME_UNARCHIVE = "home_unarchive"


class Field(StrEnum):
    """Modal inputs (block_id == action_id)."""

    NAME = "name"
    STATEMENT = "statement"
    OWNER = "owner"
    CHANNEL = "channel"
    ARCHETYPE = "archetype"
    FLYWHEEL = "data_flywheel"
    METRIC_NAME = "metric_name"
    METRIC_DIRECTION = "metric_direction"
    METRIC_TARGET = "metric_target"
    METRIC_UNIT = "metric_unit"
    METRIC_WEIGHTS = "metric_weights"
    METRIC_CHANGE_REASON = "metric_change_reason"
    THRESHOLDS = "thresholds"
    BASELINE_KIND = "baseline_kind"
    BASELINE_DESCRIPTION = "baseline_description"
    BASELINE_VALUE = "baseline_value"
    BASELINE_SOURCE = "baseline_source"
    BASELINE_PRECISION = "baseline_precision"
    BASELINE_RECALL = "baseline_recall"
    HUMAN_LEVEL = "human_level"
    WORTH_DECISIONS = "worth_decisions"
    WORTH_POSITIVE_SHARE = "worth_positive_share"
    WORTH_VALUE_TP = "worth_value_tp"
    WORTH_COST_FP = "worth_cost_fp"
    WORTH_REVIEW_COST = "worth_review_cost"
    WORTH_PRECISION = "worth_precision"
    WORTH_RECALL = "worth_recall"
    WORTH_BASELINE_RECALL = "worth_baseline_recall"
    CADENCE = "cadence"
    WEEKDAY = "weekday"
    TIME = "checkin_time"
    TIMEZONE = "timezone"
    SKIP_WEEKENDS = "skip_weekends"
    STAGE_TARGET = "stage_target"
    REASON = "reason"
    VALUE = "value"
    NOTE = "note"
    BLOCKERS = "blockers"
    WHAT_CHANGED = "what_changed"
    DATA_PLAN = "data_plan"
    EXPERIMENTS = "experiments"
    CHECKLIST = "checklist"
    LABELS = "labels"
    CONFIRM_FAR = "confirm_far"  # ticked: record a reading far from the series (domain.metric_scale)
    FLYWHEEL_BONUS = "flywheel_bonus"
    HARD_FLAG_PERCENT = "hard_flag_percent"
    IMPACT_THRESHOLD = "impact_threshold"
    FEASIBILITY_THRESHOLD = "feasibility_threshold"
    RANKING = "ranking"
    RESET_DEFAULTS = "reset_defaults"


def gate_field(question: str) -> str:
    return f"gate_{question}"


def question_field(question_id: str) -> str:
    return f"q_{question_id}"


def rating_field(driver: str) -> str:
    return f"rate_{driver}"


def note_field(driver: str) -> str:
    return f"note_{driver}"


def weight_field(driver: str) -> str:
    return f"weight_{driver}"


def flags_field(group: str) -> str:
    return f"flags_{group}"


# Bot token scopes: what the listeners and Web API calls need (kept equal to manifest.yml by a test).
BOT_SCOPES = (
    "commands",  # /mlproject
    "chat:write",  # cards, check-ins, digests
    "chat:write.public",  # post cards in public channels the bot has not joined
    "channels:join",  # join a public channel, so that its history can be read back after a crash
    "channels:read",  # conversations.info: is a digest channel public, is the bot in it
    "groups:read",  # conversations.info on private channels
    "users:read",  # the owner's timezone for check-ins
    "channels:history",  # find a post a crashed process made but did not record (message metadata)
    "groups:history",  # the same in private channels
    "files:write",  # the digest's impact × feasibility chart
    "canvases:write",  # a project's brief and a digest channel's portfolio canvas: create, edit, share
    "canvases:read",  # canvases.sections.lookup: find the part of a brief to edit
    "im:history",  # message.im: what a person types in the app's Messages tab (the scoping conversation)
    "assistant:write",  # the assistant container's suggested prompts (assistant.threads.setSuggestedPrompts)
)

# Message metadata tagging every scheduled post with its occurrence id.
OCCURRENCE_EVENT = "mlscope_occurrence"
