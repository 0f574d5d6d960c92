"""Where the web view's templates and static files live inside the package (no I/O here)."""

from __future__ import annotations

from pathlib import Path

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
#: Third-party browser libraries, copied from npm with their licences by scripts/vendor_web.sh.
VENDOR_DIR = STATIC_DIR / "vendor"
#: The offline base map (country outlines, provinces, place labels), written by scripts/build_basemap.py.
BASEMAP_DIR = STATIC_DIR / "basemap"
