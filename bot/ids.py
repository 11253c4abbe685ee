"""Moved to ``bot.slack.ids``. Kept only for bot/cli.py, bot/sandbox/ and bot/standin/, which another
branch is splitting: delete once they import ``bot.slack.ids``."""

from bot.slack.ids import *  # noqa: F403
