"""The analyst's web view: the map, timeline and event list, the event page with its evidence, and the page
that extracts a pasted article. Server-rendered HTML (Jinja, autoescaped) with small scripts under ``static/``."""
