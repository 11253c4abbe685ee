"""The ``/mlproject`` command: its grammar and parser, its replies, and the router that hands each
subcommand to the feature that answers it."""
