"""Configuration from the environment (and ``.env``), validated once at start-up."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.secret_files import read_setting_files
from storage.db import DEFAULT_URL
from storage.tokens import HOW_TO_GENERATE, parse_keys

WHERE = {
    "slack_bot_token": "Slack app settings → OAuth & Permissions → Bot User OAuth Token (starts with xoxb-)",
    "slack_signing_secret": "Slack app settings → Basic Information → App Credentials → Signing Secret",
    "slack_app_token": "Slack app settings → Basic Information → App-Level Tokens (connections:write, starts with xapp-)",
    "slack_client_id": "Slack app settings → Basic Information → App Credentials → Client ID",
    "slack_client_secret": "Slack app settings → Basic Information → App Credentials → Client Secret",
    "slack_state_secret": "any long random string you choose (signs each install's OAuth state, HMAC-SHA256)",
    "database_url": "e.g. sqlite:///mlscope.db or postgresql+psycopg://user:pass@host/db",
    "slack_api_url": "Slack's Web API base URL, default https://slack.com/api/",
    "port": "the HTTP port to listen on, 1-65535",
    "http_connection_limit": "connections HTTP mode keeps open at once, at least 1 (default 1000)",
    "http_idle_timeout": "seconds an idle HTTP connection stays open, 1-3600 (default 30; above a load balancer's own)",
    "log_format": "text (the default) or json (one JSON object a line, with request ids)",
    "metrics_token": "a random string of at least 16 characters that Prometheus sends as a bearer token "
    "to /metrics; e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))'",
    "mlscope_tick_seconds": "seconds between the in-process ticker's runs, 1-3600 (default 60)",
    "mlscope_clock_path": "a file holding an ISO-8601 instant that replaces the system clock (drills and tests only)",
    "mlscope_on_uninstall": "keep (the default) or purge: what happens to a workspace's data when MLScope is uninstalled there",
    "mlscope_encryption_key": f"a Fernet key that encrypts Slack tokens in the database; generate one with {HOW_TO_GENERATE}",
}


MIN_METRICS_TOKEN = 16


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and where to find it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_state_secret: str | None = None
    database_url: str = DEFAULT_URL
    slack_api_url: str = "https://slack.com/api/"
    port: int = Field(default=3000, ge=1, le=65535)
    # Per person (and per replica): commands and clicks a minute, after a burst (bot/throttle.py).
    rate_limit_per_minute: float = Field(default=30.0, gt=0)
    rate_limit_burst: int = Field(default=15, ge=1)
    # Per readings-API token (and per replica): readings a minute, after a burst (bot/api/readings.py).
    api_readings_per_minute: float = Field(default=600.0, gt=0)
    api_readings_burst: int = Field(default=60, ge=1)
    host: str = "0.0.0.0"
    # HTTP mode's exposure (bot/server.py, docs/security.md).
    http_connection_limit: int = Field(default=1000, ge=1)
    http_idle_timeout: int = Field(default=30, ge=1, le=3600)
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    # /metrics is served only when this is set, to requests bearing it (bot/slack/probes.py).
    metrics_token: str | None = None
    mlscope_encryption_key: str | None = None
    # When Slack says the app was uninstalled from a workspace: keep its data (a reinstall finds it
    # again) or purge it as ``mlscope purge`` does (bot/features/uninstall).
    mlscope_on_uninstall: Literal["keep", "purge"] = "keep"
    # `mlscope serve`'s in-process ticker: seconds between ticks (bot/ticker/every_minute.py)
    mlscope_tick_seconds: int = Field(default=60, ge=1, le=3600)
    # drills and tests only: the time is read from this file (bot/clock.py), not the system clock
    mlscope_clock_path: str | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """``<NAME>_FILE`` (bot/secret_files.py) ahead of the environment: both set is refused there, and a
        file then wins only over an empty ``NAME=``."""
        files = SettingFiles(settings_cls, env_settings, dotenv_settings)
        return init_settings, files, env_settings, dotenv_settings, file_secret_settings

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: str | None) -> str | None:
        if value and not value.startswith("xoxb-"):
            raise ValueError("must start with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: str | None) -> str | None:
        if value and not value.startswith("xapp-"):
            raise ValueError("must start with xapp-")
        return value

    @field_validator("metrics_token")
    @classmethod
    def _metrics_token_shape(cls, value: str | None) -> str | None:
        if value and len(value) < MIN_METRICS_TOKEN:
            raise ValueError(f"must be at least {MIN_METRICS_TOKEN} characters")
        return value or None

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        if not (value.startswith("sqlite") or value.startswith("postgresql")):
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        return value

    @field_validator("mlscope_encryption_key")
    @classmethod
    def _encryption_key_shape(cls, value: str | None) -> str | None:
        if value:
            parse_keys(value)
        return value or None

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret and self.slack_state_secret)

    @property
    def has_slack_credentials(self) -> bool:
        """Any Slack setting at all: with none, ``serve`` runs the sandbox instead of failing."""
        return any(
            getattr(self, name)
            for name in (
                "slack_bot_token",
                "slack_signing_secret",
                "slack_app_token",
                "slack_client_id",
                "slack_client_secret",
            )
        )

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    def require_slack(self) -> None:
        """Raise SettingsError naming every setting the chosen mode still needs."""
        needed = ["slack_signing_secret"]
        if not self.oauth_enabled:
            needed.append("slack_bot_token")
        missing = [name for name in needed if not getattr(self, name)]
        if self.slack_client_id and not self.oauth_enabled:
            missing += [n for n in ("slack_client_secret", "slack_state_secret") if not getattr(self, n)]
        if missing:
            raise SettingsError(
                "Missing settings:\n"
                + "\n".join(f"  {name.upper()}: {WHERE[name]}" for name in missing)
                + "\nSet them in the environment or in a .env file."
            )

    @property
    def plaintext_tokens_refused(self) -> bool:
        """OAuth on PostgreSQL with no MLSCOPE_ENCRYPTION_KEY: ``mlscope serve`` and ``tick`` refuse to start.

        Installations (one bot token per workspace) then live on a database server, where backups,
        replicas and every role that may read the table see them; a key costs one line of ``.env``.
        On SQLite the tokens are in a file only the bot's user may read (0600), next to the ``.env``
        that would hold the key, so start-up only warns. Single-workspace mode stores no token.
        """
        return self.oauth_enabled and self.database_url.startswith("postgresql") and not self.mlscope_encryption_key

    def require_encryption(self) -> None:
        """Raise SettingsError when Slack tokens would be stored in plaintext where that is refused."""
        if self.plaintext_tokens_refused:
            raise SettingsError(
                "Missing settings:\n"
                f"  MLSCOPE_ENCRYPTION_KEY: {WHERE['mlscope_encryption_key']}\n"
                "In OAuth mode on PostgreSQL MLScope stores every workspace's bot token, and refuses to store them in "
                "plaintext.\nSet it in the environment or in a .env file."
            )


class SettingFiles(PydanticBaseSettingsSource):
    """Every setting from the file its ``<NAME>_FILE`` names, in the environment or in ``.env``."""

    def __init__(self, settings_cls: type[BaseSettings], *sources: PydanticBaseSettingsSource):
        super().__init__(settings_cls)
        self._given = [getattr(source, "env_vars", {}) for source in sources]  # lower-case names

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads them all at once

    def __call__(self) -> dict[str, Any]:
        values, problems = read_setting_files(self.settings_cls.model_fields, *self._given)
        if problems:
            raise SettingsError("Invalid settings:\n" + "\n".join(f"  {problem}" for problem in problems))
        return values


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "?"
            lines.append(f"  {name.upper()}: {err['msg'].removeprefix('Value error, ')} ({WHERE.get(name, '')})")
        raise SettingsError("Invalid settings:\n" + "\n".join(lines)) from None
