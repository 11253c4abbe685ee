"""Persistence: SQLAlchemy 2 ORM, repositories that return domain objects, a unit of work, Alembic."""
