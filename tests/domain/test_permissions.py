import pytest

from domain.permissions import PermissionDenied, can_change, require_change, require_lead_manager
from tests.builders import project


def never_asked():
    raise AssertionError("the admin check costs a Slack call and must not run here")


def test_owner_creator_and_leads_may_change_without_asking_slack():
    p = project("p")  # owner and creator U1
    assert can_change(p, "U1", leads=set(), is_admin=never_asked)
    assert can_change(p, "U5", leads={"U5"}, is_admin=never_asked)


def test_anyone_else_needs_to_be_an_admin():
    p = project("p")
    assert can_change(p, "U9", leads=set(), is_admin=lambda: True)
    assert not can_change(p, "U9", leads=set(), is_admin=lambda: False)


def test_a_refusal_says_who_may_and_how_to_become_a_lead():
    with pytest.raises(PermissionDenied) as err:
        require_change(project("p"), "U9", leads=set(), is_admin=lambda: False, verb="archive")
    assert "can archive `p`" in err.value.message and "<@U1>" in err.value.message and "leads add" in err.value.message


def test_only_admins_and_leads_manage_leads():
    require_lead_manager("U5", leads={"U5"}, is_admin=never_asked)
    require_lead_manager("U9", leads=set(), is_admin=lambda: True)
    with pytest.raises(PermissionDenied):
        require_lead_manager("U9", leads=set(), is_admin=lambda: False)
