"""ACLED-shaped rows from stored events and incidents.

Column names and codes follow ACLED's codebook (2023): ``time_precision`` 1 = day, 2 = week, 3 = month or
longer; ``inter`` codes 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
6 protesters, 7 civilians, 8 external/other forces; ``interaction`` the two inter codes, lower first (a sole
actor's code followed by 0). Country numbers are ISO 3166-1 numeric, regions ACLED's. Marsad's extra
``Humanitarian`` type (Displacement, Return, Humanitarian aid) has no ACLED counterpart: it is exported with
disorder type ``Humanitarian`` in Marsad's own files, and ``marsad export --acled-only`` leaves it out.

``disorder_type`` follows the codebook's table: the political violence types (Battles, Explosions/Remote
violence, Violence against civilians) and Mob violence are ``Political violence``; Protests and Violent
demonstrations are ``Demonstrations``; Excessive force against protesters is ``Political violence;
Demonstrations``; Strategic developments are ``Strategic developments``.

Actors without a country of their own take the event's country in ACLED's way: ``Civilians (Syria)``,
``Protesters (Iraq)``, ``Rioters (Lebanon)``, ``Unidentified Armed Group (Syria)``.

``source`` names who the report comes from: the sources the article cites (its attribution, e.g. ``SOHR``) and
the outlet that published it (``SOHR; Sky News Arabia``); unnamed sources ("a security source", witnesses) are
the outlet's own and are not listed. ``source_scale`` joins the reach of each listed source (ACLED's
Subnational, National, Regional, International, New media, Other): from :data:`DEFAULT_SOURCE_SCALE` for the
outlets and agencies it names, else from the kind of source (:data:`KIND_SCALE`).

Every row has an ``event_date`` when the article or its publication date gives one (see
:mod:`marsad.export.dating`, which also says which events are history rather than news).

Incidents (``--incidents``) give one row per incident: the most precise member location, the earliest date,
every outlet as ``source``, and ACLED's conservative fatality count (the lowest figure any report gives, 0 when
none does).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date
from functools import lru_cache
from typing import Any

from marsad.export.dating import Dating, date_event
from marsad.store.query import EventRow

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

#: ISO 3166-1 alpha-3, ISO numeric and ACLED region of the countries Marsad's gazetteer covers.
COUNTRIES: Mapping[str, tuple[str, int, str]] = {
    "Syria": ("SYR", 760, "Middle East"), "Iraq": ("IRQ", 368, "Middle East"),
    "Lebanon": ("LBN", 422, "Middle East"), "Jordan": ("JOR", 400, "Middle East"),
    "Turkey": ("TUR", 792, "Middle East"), "Israel": ("ISR", 376, "Middle East"),
    "Palestine": ("PSE", 275, "Middle East"), "Yemen": ("YEM", 887, "Middle East"),
    "Saudi Arabia": ("SAU", 682, "Middle East"), "Iran": ("IRN", 364, "Middle East"),
    "Kuwait": ("KWT", 414, "Middle East"), "Bahrain": ("BHR", 48, "Middle East"),
    "Qatar": ("QAT", 634, "Middle East"), "United Arab Emirates": ("ARE", 784, "Middle East"),
    "Oman": ("OMN", 512, "Middle East"), "Egypt": ("EGY", 818, "Northern Africa"),
    "Libya": ("LBY", 434, "Northern Africa"), "Sudan": ("SDN", 729, "Northern Africa"),
    "Tunisia": ("TUN", 788, "Northern Africa"), "Algeria": ("DZA", 12, "Northern Africa"),
    "Morocco": ("MAR", 504, "Northern Africa"), "Somalia": ("SOM", 706, "Eastern Africa"),
    "Mauritania": ("MRT", 478, "Western Africa"),
}  # fmt: skip

#: ACLED inter codes of the canonical actor ids of ``shared/eval/actors.json``; the lexicon supersedes this.
DEFAULT_INTER: Mapping[str, int] = {
    "SYR_GOV_MIL": 1, "SYR_GOV_SEC": 1, "SYR_GOV": 1, "IRQ_MIL": 1, "RUS_MIL": 8, "USA_MIL": 8,
    "COALITION": 8, "TUR_MIL": 8, "IRN_MIL": 8, "ISR_MIL": 8, "SDF": 2, "YPG": 2, "ISIS": 2, "HTS": 2,
    "SNA": 2, "ASAYISH": 3, "NDF": 3, "HEZBOLLAH": 3, "PMF": 3, "TRIBAL": 4, "UNIDENTIFIED": 3,
    "CIVILIANS": 7, "SARC": 8, "CHARITIES": 8, "UN": 8,
}  # fmt: skip

#: ACLED source scales of outlets Marsad knows; any other outlet counts as "Other".
DEFAULT_SOURCE_SCALE: Mapping[str, str] = {
    "SANA": "National", "Al-Watan": "National", "Enab Baladi": "National", "North Press": "Subnational",
    "Syria TV": "National", "Baladi News": "National", "Suwayda 24": "Subnational", "Ahrar Horan": "Subnational",
    "SOHR": "Other", "Shafaq News": "National", "Rudaw": "Regional", "NNA": "National",
    "Al Mayadeen": "Regional", "Al-Mayadeen": "Regional", "Al Jazeera Mubasher": "Regional",
    "Al Arabiya": "Regional", "Sky News Arabia": "Regional", "Asharq Al-Awsat": "Regional",
    "Sputnik": "International", "AFP": "International", "Reuters": "International", "AP": "International",
    "BBC": "International", "Anadolu": "International", "TASS": "International", "France 24": "International",
    "BBC Arabic": "International", "CNN": "International", "CNN Arabic": "International",
    "France 24 Arabic": "International", "RT Arabic": "International", "DPA": "International",
    "Xinhua": "International", "Al Jazeera": "Regional", "Hawar News": "Subnational", "Kurdistan 24": "Regional",
    "SNHR": "Other",
}  # fmt: skip
#: The reach of a cited source the table above does not name, by its kind in ``resources/sources.yaml``.
KIND_SCALE: Mapping[str, str] = {
    "agency": "National", "outlet": "National", "tv": "National", "website": "National",
    "ministry": "National", "military": "National", "police": "National", "official": "National",
    "governorate": "Subnational", "party": "Other", "monitor": "Other", "ngo": "Other", "un": "International",
    "activists": "New media",
}  # fmt: skip
#: Kinds of source that are the outlet's own unnamed sources ("a security source", witnesses): not listed.
UNLISTED_KINDS = frozenset({"unnamed", "witnesses"})
_SCALE_ORDER = ("Subnational", "National", "Regional", "International", "New media", "Other")
#: ACLED's names of the actors that belong to the event's country (``Civilians (Syria)``).
COUNTRY_ACTORS: Mapping[str, str] = {
    "CIVILIANS": "Civilians", "PROTESTERS": "Protesters", "RIOTERS": "Rioters",
    "UNIDENTIFIED": "Unidentified Armed Group",
}  # fmt: skip

InterLookup = Mapping[str, int] | Callable[[str], int | None]


def inter_code(actor_id: str | None, lookup: InterLookup | None = None) -> int | None:
    """ACLED's inter code of ``actor_id`` through ``lookup`` (a mapping or a callable; default: canonical ids)."""
    if not actor_id:
        return None
    table = DEFAULT_INTER if lookup is None else lookup
    if callable(table):
        return table(actor_id)
    return table.get(actor_id)


@lru_cache(maxsize=1)
def _lexicon_inter() -> dict[str, int]:
    from marsad.lexicon.resources import load_actor_lexicon

    return {a.id: a.inter for a in load_actor_lexicon().actors}


def lexicon_inter(actor_id: str) -> int | None:
    """ACLED's inter code from the actor lexicon: every actor the engine knows, not only the canonical ids."""
    return _lexicon_inter().get(actor_id)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event type and sub-type (the codebook's table; see the module doc)."""
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return "Political violence"
    if sub_event_type == "Mob violence":
        return "Political violence"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return event_type  # Strategic developments, Humanitarian


def source_scale(sources: Sequence[str], scales: Mapping[str, str] | None = None) -> str:
    """ACLED's ``source_scale`` of the listed ``sources``: their reaches joined (``National-Regional``)."""
    table = DEFAULT_SOURCE_SCALE if scales is None else scales
    found = {table.get(o) or _kind_scale(o) for o in sources} or {"Other"}
    return "-".join(s for s in _SCALE_ORDER if s in found)


@lru_cache(maxsize=1)
def _source_kinds() -> dict[str, str]:
    from marsad.lexicon.resources import load_sources

    return {entry.name: str(entry.kind) for entry in load_sources()}


def _kind(name: str) -> str | None:
    kinds = _source_kinds()
    if name in kinds:
        return kinds[name]
    # pattern sources carry their actor after them: "Sources close to Hezbollah", "Spokesperson of SDF"
    return next((k for n, k in kinds.items() if n.endswith((" of", " to")) and name.startswith(n)), None)


def _kind_scale(name: str) -> str:
    return KIND_SCALE.get(_kind(name) or "", "Other")


def cited_sources(members: Sequence[EventRow]) -> list[str]:
    """``source``'s names: the named sources the reports cite, then their outlets; a cited source that is one
    of the outlets (``CNN`` for ``CNN Arabic``) is listed once, under the outlet's name."""
    outlets = sorted({m.outlet for m in members if m.outlet})

    def alias(name: str, of: str) -> bool:
        return name == of or name.startswith(of + " ") or of.startswith(name + " ")

    cited = {str(a) for m in members if (a := (m.record.get("attribution") or {}).get("name"))}
    named = [
        name
        for name in sorted(cited)
        if _kind(name) not in UNLISTED_KINDS and not any(alias(name, o) for o in outlets)
    ]
    return named + outlets


def actor_name(actor: Mapping[str, Any] | None, country: str | None) -> str:
    """ACLED's name of an actor: its neutral name; the event's country after the actors that have none of
    their own (``Civilians (Syria)``)."""
    if not actor:
        return ""
    base = COUNTRY_ACTORS.get(str(actor.get("id")))
    if base is not None:
        return f"{base} ({country})" if country else base
    return str(actor.get("name") or "")


# --------------------------------------------------------------------------------------------- notes

_VERBS: Mapping[str, str] = {
    "Armed clash": "{a1} clashed with {a2}",
    "Government regains territory": "{a1} regained territory from {a2}",
    "Non-state actor overtakes territory": "{a1} took over territory from {a2}",
    "Chemical weapon": "{a1} used chemical weapons against {a2}",
    "Air/drone strike": "{a1} carried out an air/drone strike on {a2}",
    "Suicide bomb": "{a1} carried out a suicide bombing against {a2}",
    "Shelling/artillery/missile attack": "{a1} shelled {a2}",
    "Remote explosive/landmine/IED": "an explosive device attributed to {a1} hit {a2}",
    "Grenade": "{a1} threw a grenade at {a2}",
    "Sexual violence": "{a1} committed sexual violence against {a2}",
    "Attack": "{a1} attacked {a2}",
    "Abduction/forced disappearance": "{a1} abducted {a2}",
    "Peaceful protest": "{a1} held a peaceful protest",
    "Protest with intervention": "{a1} protested and {a2} intervened",
    "Excessive force against protesters": "{a2} used excessive force against protesters ({a1})",
    "Violent demonstration": "{a1} held a violent demonstration",
    "Mob violence": "{a1} engaged in mob violence against {a2}",
    "Agreement": "{a1} reached an agreement with {a2}",
    "Arrests": "{a1} arrested {a2}",
    "Change to group/activity": "{a1} changed its activity",
    "Disrupted weapons use": "{a1} disrupted weapons of {a2}",
    "Headquarters or base established": "{a1} established a base",
    "Looting/property destruction": "{a1} looted or destroyed property of {a2}",
    "Non-violent transfer of territory": "territory was transferred from {a2} to {a1}",
    "Other": "{a1} was involved in a strategic development concerning {a2}",
    "Displacement": "people were displaced ({a1})",
    "Return": "displaced people returned ({a1})",
    "Humanitarian aid": "{a1} delivered humanitarian aid to {a2}",
}


def _name(actor: Mapping[str, Any] | None, fallback: str) -> str:
    return str(actor["name"]) if actor and actor.get("name") else fallback


def _long_date(value: str | None) -> str:
    if not value:
        return "On an unknown date"
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return f"On {value}"
    return f"On {day.day} {day:%B %Y}"


def write_notes(record: Mapping[str, Any]) -> str:
    """English notes for one contract event, written from its fields (never from the Arabic text)."""
    a1 = _name(record.get("actor1"), "an unidentified actor")
    a2 = _name(record.get("actor2"), "unidentified targets")
    template = _VERBS.get(str(record.get("sub_event_type")), "{a1} was involved in an event concerning {a2}")
    sentence = template.format(a1=a1, a2=a2)
    when = record.get("date") or {}
    loc = record.get("location")
    where = ""
    if loc:
        parts = [p for p in (loc.get("name"), loc.get("admin2"), loc.get("admin1")) if p]
        unique = list(dict.fromkeys(parts))
        near = (
            "near "
            if loc.get("geo_precision") == 2
            else ("in the province of " if loc.get("geo_precision") == 3 else "in ")
        )
        where = f" {near}{', '.join(unique)}"
        if loc.get("country"):
            where += f" ({loc['country']})"
    notes = f"{_long_date(when.get('start'))}, {sentence}{where}."
    notes = notes[0].upper() + notes[1:]
    counts = list(dict.fromkeys(_count(q) for q in record.get("quantities") or []))
    if counts:
        notes += " Reported: " + ", ".join(counts) + "."
    attribution = record.get("attribution")
    if attribution and attribution.get("name"):
        verb = "Claimed by" if record.get("modality") == "claimed" else "According to"
        notes += f" {verb} {attribution['name']}."
    framing = list(
        dict.fromkeys(f["neutral"].split("|")[0] for f in record.get("framing") or [] if f.get("neutral"))
    )
    if framing:
        notes += " Loaded terms in the source were neutralised (" + "; ".join(framing) + ")."
    return notes


_VAGUE = {
    "several": "several",
    "dozens": "dozens of",
    "hundreds": "hundreds of",
    "thousands": "thousands of",
}
_QUALIFIED = {"about": "about ", "at_least": "at least ", "more_than": "more than ", "up_to": "up to "}
_UNIT_WORDS = {
    "people": "people",
    "households": "households",
    "structures": "structures",
    "vehicles": "vehicles",
    "fatalities": "killed",
    "injured": "injured",
    "other": "",
}


def _count(q: Mapping[str, Any]) -> str:
    """ "dozens of people", "at least 16 killed", "4000 households"."""
    unit = q.get("unit") or "other"
    if q.get("value") is None:
        noun = {"fatalities": "people killed", "injured": "people injured"}.get(
            unit, _UNIT_WORDS.get(unit, "")
        )
        return f"{_VAGUE.get(q.get('qualifier') or '', 'some')} {noun}".strip()
    return f"{_QUALIFIED.get(q.get('qualifier') or '', '')}{q['value']} {_UNIT_WORDS.get(unit, '')}".strip()


# --------------------------------------------------------------------------------------------- rows


def _country(record: Mapping[str, Any]) -> tuple[str, int | None, str]:
    loc = record.get("location") or {}
    return COUNTRIES.get(loc.get("country") or "", ("XXX", None, ""))


def _tags(record: Mapping[str, Any], dating: Dating) -> str:
    tags = []
    if record.get("modality") == "claimed":
        tags.append("claimed")
    when = record.get("date") or {}
    if dating.source == "article" and when.get("precision") not in (None, "day"):
        tags.append(f"date precision={when.get('precision')}")
    tags.extend(dating.tags())
    tags.append(f"confidence={float(record.get('confidence') or 0):.2f}")
    return "; ".join(tags)


def dating_of(record: Mapping[str, Any], member: EventRow) -> Dating:
    """The export date of ``record`` as reported by ``member``'s article."""
    return date_event(record, member.published, member.head)


def event_row(
    row: EventRow, *, inter: InterLookup | None = None, scales: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One ACLED row for one stored event."""
    return _acled(
        row.record,
        [row],
        f"{_country(row.record)[0]}{row.event_pk}",
        int(row.record.get("fatalities") or 0),
        dating_of(row.record, row),
        inter,
        scales,
    )


def incident_row(
    incident_id: int,
    members: Sequence[EventRow],
    *,
    inter: InterLookup | None = None,
    scales: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """One ACLED row for an incident, combining its members' reports: the earliest date any report gives (else
    the earliest fallback date of :mod:`marsad.export.dating`)."""
    if not members:
        raise ValueError(f"incident {incident_id} has no members")
    lead = _lead_member(members)
    record = dict(lead.record)
    reported = [int(m.record.get("fatalities") or 0) for m in members]
    positive = [f for f in reported if f > 0]
    datings = sorted(
        (dating_of(m.record, m) for m in members),
        key=lambda d: (d.source != "article", d.day is None, d.day or date.max),
    )
    starts = sorted(m.record["date"]["start"] for m in members if (m.record.get("date") or {}).get("start"))
    if starts:
        record["date"] = {**(record.get("date") or {}), "start": starts[0]}
    for slot in ("actor1", "actor2"):
        names = Counter(m.record[slot]["id"] for m in members if m.record.get(slot))
        if names and not record.get(slot):
            wanted = names.most_common(1)[0][0]
            record[slot] = next(
                m.record[slot] for m in members if m.record.get(slot) and m.record[slot]["id"] == wanted
            )
    out = _acled(
        record,
        members,
        f"{_country(record)[0]}I{incident_id}",
        min(positive) if positive else 0,
        datings[0],
        inter,
        scales,
    )
    out["notes"] += f" Merged from {len(members)} reports ({', '.join(sorted({m.doc_id for m in members}))})."
    return out


def _lead_member(members: Sequence[EventRow]) -> EventRow:
    def key(m: EventRow) -> tuple[int, float, int]:
        loc = m.record.get("location") or {}
        return (int(loc.get("geo_precision") or 9), -float(m.record.get("confidence") or 0), m.event_pk)

    return min(members, key=key)


def evidence_quote(record: Mapping[str, Any]) -> str:
    """The words of an event's evidence spans, in article order."""
    spans = sorted(record.get("evidence") or [], key=lambda s: int(s.get("start", 0)))
    return " … ".join(str(s.get("text") or "") for s in spans if s.get("text"))


#: Columns in Arabic, from the article: after ACLED's in ``--with-arabic`` CSV, always in GeoJSON and Parquet.
ARABIC_COLUMNS: tuple[str, ...] = ("location_ar", "actor1_ar", "actor2_ar", "assoc_actors_ar", "evidence")


def _arabic(record: Mapping[str, Any]) -> dict[str, Any]:
    loc = record.get("location") or {}
    return {
        "location_ar": loc.get("name_ar") or "",
        "actor1_ar": (record.get("actor1") or {}).get("text") or "",
        "actor2_ar": (record.get("actor2") or {}).get("text") or "",
        "assoc_actors_ar": "; ".join(str(a.get("text")) for a in record.get("assoc_actors") or []),
        "evidence": evidence_quote(record),
    }


def _acled(
    record: Mapping[str, Any],
    members: Sequence[EventRow],
    event_id: str,
    fatalities: int,
    dating: Dating,
    inter: InterLookup | None,
    scales: Mapping[str, str] | None,
) -> dict[str, Any]:
    a1 = record.get("actor1") or {}
    a2 = record.get("actor2") or {}
    i1 = inter_code(a1.get("id"), inter)
    i2 = inter_code(a2.get("id"), inter)
    loc = record.get("location") or {}
    country = loc.get("country") or None
    _, iso, region = _country(record)
    sources = cited_sources(members)
    assoc = sorted({actor_name(a, country) for m in members for a in m.record.get("assoc_actors") or []})
    civilian = (
        "Civilian targeting" if i2 == 7 or record.get("event_type") == "Violence against civilians" else ""
    )
    latest = max(m.ingested_at for m in members)
    if latest.tzinfo is None:  # SQLite hands back naive datetimes; they were written in UTC
        latest = latest.replace(tzinfo=UTC)
    return {
        "event_id_cnty": event_id,
        "event_date": dating.day.isoformat() if dating.day else "",
        "year": dating.day.year if dating.day else None,
        "time_precision": dating.time_precision,
        "disorder_type": disorder_type(str(record.get("event_type")), str(record.get("sub_event_type"))),
        "event_type": record.get("event_type"),
        "sub_event_type": record.get("sub_event_type"),
        "actor1": actor_name(a1, country),
        "assoc_actor_1": "; ".join(assoc),
        "inter1": i1,
        "actor2": actor_name(a2, country),
        "assoc_actor_2": "",
        "inter2": i2,
        "interaction": interaction(i1, i2),
        "civilian_targeting": civilian,
        "iso": iso,
        "region": region,
        "country": loc.get("country") or "",
        "admin1": loc.get("admin1") or "",
        "admin2": loc.get("admin2") or "",
        "admin3": loc.get("admin3") or "",
        "location": loc.get("name") or "",
        "latitude": loc.get("latitude"),
        "longitude": loc.get("longitude"),
        "geo_precision": loc.get("geo_precision"),
        "source": "; ".join(sources),
        "source_scale": source_scale(sources, scales),
        "notes": write_notes({**record, "date": {**(record.get("date") or {}), "start": _iso(dating.day)}}),
        "fatalities": fatalities,
        "tags": _tags(record, dating),
        "timestamp": int(latest.timestamp()),
        "date_source": dating.source,
        "historical": dating.historical,
        **_arabic(record),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
