"""What a person does with MLScope, one package per feature: its listeners (module-level
functions), its pure Block Kit builders, its form parsers, and a ``register(app)`` that only wires
them. ``bot.app`` registers them all; a feature imports ``bot.slack`` (plumbing), the domain, and
at most another feature's public openers and builders — never the ticker's internals."""
