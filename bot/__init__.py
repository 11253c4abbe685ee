"""The Slack adapter: Slack plumbing, one package per feature, the ticker, the CLI, the stand-in and the sandbox."""
