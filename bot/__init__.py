"""The Slack adapter: Bolt app, listeners, Block Kit builders, scheduler jobs and the CLI."""
