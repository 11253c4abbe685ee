"""Installing MLScope as a workspace admin does: /slack/install, Slack's consent page, /slack/oauth_redirect."""

from __future__ import annotations

import re
import urllib.request
from typing import Any

from bot.standin.fake_slack import FakeSlack
from storage.slack_oauth import BOTS, INSTALLATIONS, OAUTH_METADATA

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "c1ient-secret-0123456789abcdef"
STATE_SECRET = "state-secret-0123456789abcdef"


class IssuingSlack(FakeSlack):
    """The stand-in, remembering every answer oauth.v2.access gave (the tokens it handed out)."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.issued: list[dict[str, Any]] = []

    def api_oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        answer = super().api_oauth_v2_access(args)
        if answer["ok"]:
            self.issued.append(answer)
        return answer

    def secrets_issued(self) -> list[str]:
        return [a[key] for a in self.issued for key in ("access_token", "refresh_token") if a.get(key)]


def install(base_url: str, code: str = "4444444444.5555555555.c0de") -> tuple[int, str]:
    """Open the install page, then come back from Slack's consent page with ``code``: (status, page)."""
    with urllib.request.urlopen(base_url + "/slack/install", timeout=10) as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    state = re.search(r"state=([\w-]+)", html)
    assert state, "the install page links to Slack's consent page with a state"
    redirect = urllib.request.Request(
        f"{base_url}/slack/oauth_redirect?code={code}&state={state.group(1)}", headers={"Cookie": cookie}
    )
    try:
        with urllib.request.urlopen(redirect, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def clear_installations(database) -> None:
    with database.engine.begin() as conn:
        for name in (BOTS, INSTALLATIONS):
            conn.execute(OAUTH_METADATA.tables[name].delete())
