"""Labels of the web view in Arabic (the default) and English, and the names of the event types in both.

Data values (actor names, places, outlets) are shown as stored; only the interface's own words change.
"""

from __future__ import annotations

from collections.abc import Mapping

from marsad.model import EVENT_TYPES

LANGUAGES = ("ar", "en")

#: CSS class of each event type (its colour lives in static/app.css, the one place colours are defined).
TYPE_SLUGS: Mapping[str, str] = {
    "Battles": "battles",
    "Explosions/Remote violence": "explosions",
    "Violence against civilians": "vac",
    "Protests": "protests",
    "Riots": "riots",
    "Strategic developments": "strategic",
    "Humanitarian": "humanitarian",
}

TYPE_AR: Mapping[str, str] = {
    "Battles": "معارك",
    "Explosions/Remote violence": "انفجارات وعنف عن بعد",
    "Violence against civilians": "عنف ضد المدنيين",
    "Protests": "احتجاجات",
    "Riots": "أعمال شغب",
    "Strategic developments": "تطورات استراتيجية",
    "Humanitarian": "شؤون إنسانية",
    "Armed clash": "اشتباك مسلح",
    "Government regains territory": "استعادة الحكومة لأرض",
    "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على أرض",
    "Chemical weapon": "سلاح كيميائي",
    "Air/drone strike": "غارة جوية أو بمسيّرة",
    "Suicide bomb": "تفجير انتحاري",
    "Shelling/artillery/missile attack": "قصف مدفعي أو صاروخي",
    "Remote explosive/landmine/IED": "عبوة ناسفة أو لغم",
    "Grenade": "قنبلة يدوية",
    "Sexual violence": "عنف جنسي",
    "Attack": "هجوم",
    "Abduction/forced disappearance": "خطف أو إخفاء قسري",
    "Peaceful protest": "احتجاج سلمي",
    "Protest with intervention": "احتجاج مع تدخل",
    "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
    "Violent demonstration": "مظاهرة عنيفة",
    "Mob violence": "عنف جماعي",
    "Agreement": "اتفاق",
    "Arrests": "اعتقالات",
    "Change to group/activity": "تغير في جماعة أو نشاط",
    "Disrupted weapons use": "إحباط استخدام أسلحة",
    "Headquarters or base established": "إنشاء مقر أو قاعدة",
    "Looting/property destruction": "نهب أو تدمير ممتلكات",
    "Non-violent transfer of territory": "انتقال أرض دون عنف",
    "Other": "أخرى",
    "Displacement": "نزوح",
    "Return": "عودة",
    "Humanitarian aid": "مساعدات إنسانية",
}

_LABELS: Mapping[str, Mapping[str, str]] = {
    "ar": {
        "app": "مرصد",
        "map": "الخريطة",
        "paste": "تحليل مقال",
        "api_docs": "واجهة البرمجة",
        "other_language": "English",
        "filters": "التصفية",
        "type": "نوع الحدث",
        "sub_type": "النوع الفرعي",
        "actor": "الجهة",
        "admin1": "المحافظة",
        "outlet": "الوسيلة الإعلامية",
        "since": "من تاريخ",
        "until": "إلى تاريخ",
        "q": "بحث في النص",
        "any": "الكل",
        "apply": "تطبيق",
        "reset": "مسح",
        "clear_dates": "مسح المدة",
        "events": "الأحداث",
        "n_events": "حدث",
        "showing": "المعروض على الخريطة",
        "more": "المزيد",
        "no_events": "لا أحداث تطابق التصفية",
        "legend": "دليل الألوان",
        "timeline": "الخط الزمني (اسحب لتحديد مدة)",
        "open_event": "فتح الحدث",
        "loading": "جارٍ التحميل…",
        "error": "تعذّر التحميل",
        "event": "حدث",
        "fields": "حقول الحدث",
        "article": "نص المقال",
        "hover_hint": "مرّر المؤشر فوق حقل لتُضاء كلماته في المقال",
        "field_event_type": "نوع الحدث",
        "field_sub_event_type": "النوع الفرعي",
        "field_actor1": "الجهة الفاعلة",
        "field_actor2": "الطرف الآخر",
        "field_assoc_actors": "جهة مرتبطة",
        "field_location": "المكان",
        "field_date": "التاريخ",
        "field_quantities": "عدد",
        "field_fatalities": "القتلى",
        "field_attribution": "المصدر",
        "field_modality": "الصيغة",
        "field_framing": "لغة منحازة",
        "field_evidence": "الدليل",
        "field_confidence": "الثقة",
        "field_outlet": "الوسيلة",
        "field_published": "تاريخ النشر",
        "field_doc": "المستند",
        "field_url": "الرابط",
        "field_incident": "الواقعة",
        "asserted": "مؤكَّد",
        "claimed": "ادّعاء",
        "incident_reports": "تقارير أخرى عن الواقعة نفسها",
        "no_other_reports": "لا تقارير أخرى",
        "reason": "سبب الدمج",
        "paste_title": "الصق مقالاً لاستخراج أحداثه",
        "text": "نص المقال",
        "published": "تاريخ النشر",
        "extract": "استخراج",
        "no_events_found": "لم يُعثر على أحداث",
        "not_found": "غير موجود",
    },
    "en": {
        "app": "Marsad",
        "map": "Map",
        "paste": "Paste an article",
        "api_docs": "API",
        "other_language": "العربية",
        "filters": "Filters",
        "type": "Event type",
        "sub_type": "Sub-type",
        "actor": "Actor",
        "admin1": "Province",
        "outlet": "Outlet",
        "since": "From",
        "until": "To",
        "q": "Text search",
        "any": "Any",
        "apply": "Apply",
        "reset": "Reset",
        "clear_dates": "Clear dates",
        "events": "Events",
        "n_events": "events",
        "showing": "on the map",
        "more": "More",
        "no_events": "No event matches the filters",
        "legend": "Legend",
        "timeline": "Timeline (drag to select a period)",
        "open_event": "Open the event",
        "loading": "Loading…",
        "error": "Could not load",
        "event": "Event",
        "fields": "Fields of the event",
        "article": "Article",
        "hover_hint": "Hover a field to light up its words in the article",
        "field_event_type": "Event type",
        "field_sub_event_type": "Sub-type",
        "field_actor1": "Actor",
        "field_actor2": "Other side",
        "field_assoc_actors": "Associated actor",
        "field_location": "Place",
        "field_date": "Date",
        "field_quantities": "Amount",
        "field_fatalities": "Fatalities",
        "field_attribution": "According to",
        "field_modality": "Modality",
        "field_framing": "Loaded term",
        "field_evidence": "Evidence",
        "field_confidence": "Confidence",
        "field_outlet": "Outlet",
        "field_published": "Published",
        "field_doc": "Document",
        "field_url": "URL",
        "field_incident": "Incident",
        "asserted": "asserted",
        "claimed": "claimed",
        "incident_reports": "Other reports of the same incident",
        "no_other_reports": "No other report",
        "reason": "Why merged",
        "paste_title": "Paste an article to extract its events",
        "text": "Article text",
        "published": "Published",
        "extract": "Extract",
        "no_events_found": "No event found",
        "not_found": "Not found",
    },
}


def language(value: str | None) -> str:
    return value if value in LANGUAGES else "ar"


def labels(lang: str) -> Mapping[str, str]:
    return _LABELS[language(lang)]


def type_name(value: str, lang: str) -> str:
    """An event type or sub-type in the page's language."""
    return TYPE_AR.get(value, value) if language(lang) == "ar" else value


def type_names(lang: str) -> dict[str, str]:
    """Every type and sub-type name in ``lang`` (for the scripts)."""
    names = list(EVENT_TYPES) + [s for subs in EVENT_TYPES.values() for s in subs]
    return {n: type_name(n, lang) for n in names}


def type_slug(event_type: str) -> str:
    return TYPE_SLUGS.get(event_type, "other")
