"""Check-ins: the scheduled thread that asks a project's questions, its answers, details and
loop-back, its schedule, and what the ticker posts for it (``post``)."""
