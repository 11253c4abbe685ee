"""The readings API: ``POST /api/v1/readings`` for CI, MLflow or W&B jobs, with a workspace's bearer
token. Mounted in the same WSGI server as /slack/events (``bot.slack.server``), built by ``bot.app``."""
