"""Moved to ``bot.slack.server``. Kept only for bot/cli.py, bot/sandbox/ and bot/standin/, which another
branch is splitting: delete once they import ``bot.slack.server``."""

from bot.slack.server import *  # noqa: F403
