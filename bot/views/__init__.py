"""Pure Block Kit builders: data in, JSON-ready dicts out. No Slack calls, no database."""
