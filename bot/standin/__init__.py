"""A local stand-in for Slack: the fake Web API server, payload builders, Block Kit limits."""
