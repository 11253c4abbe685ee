"""Corrections (issue 18): undo a reading from its confirmation, delete one from ``show``, archive
only after a confirmation, and unarchive (a command, and App Home's archived section)."""
