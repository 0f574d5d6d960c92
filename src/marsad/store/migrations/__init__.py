"""Alembic migrations of the event store (run by :func:`marsad.store.db.migrate`, no ``alembic.ini`` needed)."""
