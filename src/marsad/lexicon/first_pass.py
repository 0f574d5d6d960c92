"""The first pass over a document's text: the lexicon's event words and the gazetteer's place names (with its marks)
found by one Aho-Corasick automaton instead of two, as :meth:`Lexicon.scan_triggers` and
:meth:`Gazetteer.find_mentions` would each find them.

Most of a pass's cost is paid per character of the text, whatever is found: the event words' automaton (8,000
nodes) takes about 18 us for an average article, the place names' (121,000 nodes) 30 us, one over both 32-34 us
(docs/performance.md, "Branch speed7"). The place names were read in 86 % of the articles (those with an event
word), so the pass over both costs less than the two apart. The context scan (cues, actors, sources) stays a pass
of its own: it runs only on the fifth of the articles that have an event word and name a place.

The combined matcher is kept in the resource cache beside the lexicon and the gazetteer, from which it is built
(0.37 s of CPU; loaded in 0.04 s).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from marsad.cache import default_cache
from marsad.lexicon.matcher import PhraseMatcher

if TYPE_CHECKING:
    from marsad.geo.gazetteer import Gazetteer
    from marsad.lexicon.compiled import Lexicon

# the groups of the first pass's matches (PhraseMatcher.find_groups): the event words, then the place names
GROUPS = 2


def build(lexicon: Lexicon, gazetteer: Gazetteer) -> PhraseMatcher[Any]:
    """The matcher of the first pass over ``lexicon``'s event words and ``gazetteer``'s place names."""
    return PhraseMatcher.combine([lexicon.trigger_matcher, gazetteer.name_matcher])


@lru_cache(maxsize=1)
def default_first_pass() -> PhraseMatcher[Any]:
    """The first pass of the packaged resources (those of :func:`default_lexicon` and :func:`default_gazetteer`),
    built once per process, or loaded from the process's :func:`marsad.cache.default_cache`."""
    from marsad.geo.gazetteer import default_gazetteer
    from marsad.lexicon import stored
    from marsad.lexicon.compiled import default_lexicon

    return default_cache().get(
        "first-pass",
        lambda: build(default_lexicon(), default_gazetteer()),
        stored.dump_matcher,
        stored.load_matcher,
    )
