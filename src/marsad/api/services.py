"""What the API's handlers share: the open store, the settings, and lazily loaded engine resources."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select

from marsad.store.filters import EventFilter, Vocabulary, load_vocabulary
from marsad.store.schema import Event
from marsad.store.store import EventStore

ENV_TOKEN = "MARSAD_API_TOKEN"
ENV_CORS = "MARSAD_CORS_ORIGINS"
ENV_MAX_BODY = "MARSAD_MAX_BODY"
DEFAULT_MAX_BODY = 16 * 1024 * 1024
DEFAULT_MAX_CHARS = 200_000


@dataclass(frozen=True)
class Settings:
    """How one server runs. ``db`` is a store URL or SQLite path (default: ``$MARSAD_DB`` or ./marsad.db);
    writes need ``api_token``; ``cors_origins`` are the origins allowed cross-origin reads (none by default)."""

    db: str | None = None
    api_token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY
    max_chars: int = DEFAULT_MAX_CHARS

    @classmethod
    def from_env(cls, db: str | None = None) -> Settings:
        """Settings from the environment (how ``marsad serve`` hands them to its worker processes)."""
        origins = tuple(o.strip() for o in os.environ.get(ENV_CORS, "").split(",") if o.strip())
        max_body = os.environ.get(ENV_MAX_BODY, "")
        return cls(
            db=db,
            api_token=os.environ.get(ENV_TOKEN) or None,
            cors_origins=origins,
            max_body_bytes=int(max_body) if max_body.isdigit() else DEFAULT_MAX_BODY,
        )


@dataclass
class Services:
    store: EventStore
    settings: Settings
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _actors: dict[str, Any] | None = field(default=None, repr=False)
    _vocabulary: tuple[int, Vocabulary] | None = field(default=None, repr=False)

    def with_vocabulary(self, f: EventFilter) -> EventFilter:
        """``f`` with the store's current vocabulary, so that its matches are exact and indexed."""
        if not (f.types or f.sub_types or f.actors or f.countries or f.admin1 or f.outlets):
            return f
        return replace(f, vocabulary=self.vocabulary())

    def vocabulary(self) -> Vocabulary:
        """The store's vocabulary, read again whenever events were added or replaced since (newest event id)."""
        with self.store.session() as s:
            newest = int(s.scalar(select(func.max(Event.id))) or 0)
            cached = self._vocabulary
            if cached is not None and cached[0] == newest:
                return cached[1]
            with self._lock:
                fresh = load_vocabulary(s)
                self._vocabulary = (newest, fresh)
                return fresh

    def inter(self, actor_id: str) -> int | None:
        """ACLED's inter code of an actor, from the actor lexicon (loaded on first use)."""
        if self._actors is None:
            with self._lock:
                if self._actors is None:
                    from marsad.lexicon.resources import load_actor_lexicon

                    self._actors = dict(load_actor_lexicon().by_id())
        entry = self._actors.get(actor_id)
        return entry.inter if entry is not None else None
