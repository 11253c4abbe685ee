"""Canvases: a project's brief (the whole scope as a document kept current by section) and a
digest channel's portfolio canvas (kept current by every digest)."""
