"""Gazetteer and geocoding: place expressions in Arabic news resolved to coordinates, admin units and p-codes.

Public interface (the extraction engine calls exactly this)::

    from marsad.geo import Gazetteer, PlaceMention, ResolvedPlace, default_gazetteer

    gaz = default_gazetteer()                       # Gazetteer.load() once (lazy, cached)
    mentions = gaz.find_mentions(norm.text)         # NormText.text of marsad.text.normalize.normalize(article)
    places = gaz.resolve_all(mentions, dateline="الحسكة", country_hint="Syria")   # None = unresolved
    gaz.lookup("ريف دير الزور الشرقي")               # free-text query, Arabic or English, best first

- ``Gazetteer.load(path=None)``: the packaged resource (src/marsad/resources/geo/gazetteer.json.gz, built by
  scripts/build_gazetteer.py: OCHA units, GeoNames, the Iraqi admin list, Who's On First villages and towns, the
  curated supplement) or another file; validated, compiled once and cached, so calling it twice costs nothing.
  A village that needs context (``Place.cue``) is only found after a place word, or with its district or an admin
  area named in the text (see docs/geo.md "Gating"); ``marsad.geo.data.load_data`` reads a file with its gates.
- ``find_mentions(norm_text) -> list[PlaceMention]``: all place expressions, non-overlapping, longest first,
  in text order. ``start``/``end`` cover the whole expression (``ريف دير الزور الشرقي``, ``مدينة الحسكة``,
  ``حي غويران``), ``head_start``/``head_end`` the name; ``candidates`` gazetteer ids best first; ``precision``
  1 = the place itself, 2 = a containing or nearby area (ريف/بادية/شرق X, a district or sub-district named as
  an area), 3 = a governorate, region or country only; ``qualifier`` countryside/desert/outskirts and/or a
  compass direction ("countryside-east"); ``kind`` one of governorate, district, subdistrict, city, town,
  village, neighbourhood, camp, prison, airport, base, crossing, dam, field, desert, landmark, country, region.
- ``resolve_all(mentions, *, dateline=None, country_hint=None) -> list[ResolvedPlace | None]``: document-level
  disambiguation (other places, the dateline, the admin areas already named, then kind and population).
  ``ResolvedPlace`` carries the contract's location fields (``to_location(text)`` builds the dict), the
  admin p-codes, a ``score`` in 0..1 and an ``explanation`` of the choice.
- ``lookup(query, *, country=None) -> list[ResolvedPlace]``: every place a query may mean, best first.
"""

from marsad.geo.gazetteer import Gazetteer, ResolvedPlace, default_gazetteer
from marsad.geo.mentions import PlaceMention

__all__ = ["Gazetteer", "PlaceMention", "ResolvedPlace", "default_gazetteer"]
