"""Tokens and connections: auth.test, oauth.v2.access (installs and token rotation), apps.connections.open."""

from __future__ import annotations

import itertools
from typing import Any

from bot.standin.records import State


class AuthMethods:
    """Mixed into ``FakeSlack``: what a token is, how one is issued, where Socket Mode connects."""

    state: State
    _ids: itertools.count[int]
    base_url: str
    socket_mode_url: str | None

    def api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "team_id": self.state.team_id,
            "user_id": self.state.bot_user_id,
            "bot_id": "B1",
            "team": "Stand-in",
            "url": self.base_url + "/",
        }

    def api_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        """Socket Mode: where to connect (``socket_mode_url``, set by whoever plays that side)."""
        if self.socket_mode_url is None:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": self.socket_mode_url}

    # Token rotation, as the app setting of that name: None (the default) for tokens that never expire;
    # else oauth.v2.access answers with a rotating token that expires in this many seconds and a refresh_token.
    token_rotation_expires_in: int | None = None

    def api_oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        """https://docs.slack.dev/reference/methods/oauth.v2.access: exchanges the install's ``code`` for
        the workspace's bot token, or (``grant_type=refresh_token``) a refresh token for a new one. The
        tokens are made up, shaped as Slack's (``xoxb-…``; with rotation ``xoxe.xoxb-1-…`` and ``xoxe-1-…``).
        The client's id and secret come as HTTP Basic auth, which the stand-in does not check."""
        import secrets

        refreshing = args.get("grant_type") == "refresh_token"
        if refreshing and not str(args.get("refresh_token") or "").startswith("xoxe-1-"):
            return {"ok": False, "error": "invalid_refresh_token"}
        if not refreshing and args.get("grant_type") not in (None, "", "authorization_code"):
            return {"ok": False, "error": "invalid_grant_type"}
        if not refreshing and not args.get("code"):
            return {"ok": False, "error": "invalid_code"}
        n, rotating = next(self._ids), self.token_rotation_expires_in is not None
        token = f"xoxe.xoxb-1-{secrets.token_hex(80)}" if rotating else f"xoxb-{n}-{secrets.token_hex(16)}"
        answer: dict[str, Any] = {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": ",".join(sorted(self.state.scopes)),
            "bot_user_id": self.state.bot_user_id,
            "app_id": "A1",
            "team": {"id": self.state.team_id, "name": "Stand-in"},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        self.state.issued_tokens.append(token)
        if not refreshing:
            answer["authed_user"] = {"id": "U1"}  # the installer; no user token without user scopes
        if rotating:
            answer |= {"refresh_token": f"xoxe-1-{secrets.token_hex(70)}", "expires_in": self.token_rotation_expires_in}
        return answer
