"""The browser sandbox: try MLScope without a Slack workspace (``mlscope sandbox``)."""
