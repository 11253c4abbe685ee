"""The visibility rules: who reads the portfolio under members and everyone."""

import pytest

from bot.slack.admins import UNKNOWN, Admins, person_from
from domain.visibility import PortfolioHidden, Viewer, Visibility, parse_visibility, require_channel, require_reader


def never() -> Viewer:
    raise AssertionError("Slack asked under everyone")


def test_everyone_asks_nobody_and_members_refuses_all_but_full_members():
    require_reader(Visibility.EVERYONE, never)
    require_reader(Visibility.MEMBERS, lambda: Viewer())
    for viewer, why in [
        (Viewer(guest=True), "guest"),
        (Viewer(external=True), "another organisation"),
        (Viewer(bot=True), "bot user"),
        (Viewer(known=False), "try again"),
    ]:
        with pytest.raises(PortfolioHidden, match=why):
            require_reader(Visibility.MEMBERS, lambda v=viewer: v)


def test_a_shared_channel_gets_no_digest_under_members():
    require_channel(Visibility.EVERYONE, lambda: True, where="This channel")
    require_channel(Visibility.MEMBERS, lambda: False, where="This channel")
    with pytest.raises(PortfolioHidden, match="shared with another organisation"):
        require_channel(Visibility.MEMBERS, lambda: True, where="This channel")
    with pytest.raises(PortfolioHidden, match="did not say"):
        require_channel(Visibility.MEMBERS, lambda: None, where="This channel")
    assert parse_visibility(" Everyone ") is Visibility.EVERYONE


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ({"id": "U1", "team_id": "T1"}, Viewer()),
        ({"id": "U1", "team_id": "T1", "is_restricted": True}, Viewer(guest=True)),
        ({"id": "U1", "team_id": "T1", "is_ultra_restricted": True}, Viewer(guest=True)),
        ({"id": "U1", "team_id": "TPARTNER"}, Viewer(external=True)),
        ({"id": "U1", "team_id": "T2", "enterprise_user": {"teams": ["T1", "T2"]}}, Viewer()),
        ({"id": "U1", "team_id": "T1", "is_stranger": True}, Viewer(external=True)),
        ({"id": "B1", "team_id": "T1", "is_bot": True}, Viewer(bot=True)),
        ({"id": "USLACKBOT", "team_id": "T1"}, Viewer(bot=True)),
    ],
)
def test_who_slack_says_someone_is(info, expected):
    assert person_from(info, "T1").viewer == expected


class Clock:
    t = 0.0

    def __call__(self):
        return self.t


class Client:
    token, base_url = "xoxb-x", "http://127.0.0.1:9/api/"

    def __init__(self, answers):
        self.answers, self.asked = answers, 0

    def users_info(self, user):
        self.asked += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return {"user": answer}


def test_one_users_info_serves_admin_and_reader_for_five_minutes_and_a_failure_for_thirty_seconds():
    clock = Clock()
    admins = Admins(monotonic=clock)
    client = Client([OSError("timed out"), {"id": "U1", "team_id": "T1", "is_admin": True}])
    assert admins.person(client, "T1", "U1") is UNKNOWN  # type: ignore[arg-type]
    clock.t = 29
    assert admins.cached("T1", "U1") is False
    clock.t = 31
    assert admins.check(client, "T1", "U1")() is True  # type: ignore[arg-type]
    assert admins.person(client, "T1", "U1").viewer.member and client.asked == 2  # type: ignore[arg-type]
    clock.t = 31 + 299
    assert admins.cached("T1", "U1") is True
    clock.t = 31 + 301
    assert admins.cached("T1", "U1") is None
