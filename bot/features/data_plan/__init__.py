"""A project's data plan: offered in a check-in's thread after a loop-back to data, shown on the card."""
