"""``/mlproject token``: the readings API's tokens, from Slack (create, shown once; list; revoke)."""
