"""What an operator reads when the database or Slack cannot be used: a sentence naming what to fix,
never a traceback, and never the database's password."""

from __future__ import annotations

from bot.settings import Settings


def cannot_start(exc: BaseException, settings: Settings) -> str | None:
    """What an operator can act on when the database or Slack cannot be used: no traceback.

    Bolt wraps a refused token in its own error, so the whole chain of causes is searched.
    """
    from urllib.error import URLError

    from slack_sdk.errors import SlackApiError
    from sqlalchemy.exc import OperationalError

    from storage.tokens import TokenKeyError

    chain: list[BaseException] = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    for error in chain:
        if isinstance(error, TokenKeyError):
            return f"MLScope cannot read the Slack tokens in its database: {error}"
        if isinstance(error, OperationalError):
            reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            return (
                f"MLScope cannot use its database at {safe_url(settings.database_url)}: {reason}\n"
                "Is the database running and migrated (mlscope db upgrade), and is DATABASE_URL right?"
            )
        if isinstance(error, SlackApiError):
            code = error.response.get("error", "an error")
            if str(error.response.api_url).endswith("apps.connections.open"):
                return (
                    f"Slack refused SLACK_APP_TOKEN ({code}) when MLScope asked where to connect in Socket Mode.\n"
                    "Use an app-level token with connections:write (Basic Information → App-Level Tokens, xapp-…)."
                )
            return (
                f"Slack refused SLACK_BOT_TOKEN ({code}).\n"
                "Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions; reinstall the app if you changed its scopes."
            )
        if isinstance(error, URLError):
            return f"MLScope cannot reach Slack at {settings.slack_api_url}: {error.reason}\nIs SLACK_API_URL right?"
    return None


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
