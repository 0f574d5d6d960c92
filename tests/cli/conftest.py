"""Markers of the command tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: spawns real `marsad` processes (kept in the default run)")
