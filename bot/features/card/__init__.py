"""The project card and what its buttons do: move stage, record a metric, add a baseline, tick the
checklist, edit (the scoping flow again), archive."""
