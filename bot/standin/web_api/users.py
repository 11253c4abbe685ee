"""users.*: who someone is (admin, guest, another organisation's member, timezone)."""

from __future__ import annotations

from typing import Any

from bot.standin.records import State


class UserMethods:
    """Mixed into ``FakeSlack``: users.info."""

    state: State

    def api_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.state.users.get(str(args.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {
            "ok": True,
            "user": {
                "id": user.id,
                "name": user.name,
                "real_name": user.name.title(),
                "tz": user.tz,
                "is_admin": user.is_admin,
                "is_restricted": user.is_restricted,
                "is_ultra_restricted": user.is_ultra_restricted,
                "team_id": user.team_id,
            },
        }
