"""MLScope's domain: the Full Stack Deep Learning scoping method as pure rules and use cases.

Standard library and pydantic only; every function that needs the time takes ``now``.
"""
