from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

MINIMAL_PLAN = """\
planlint: 1
id: minimal
title: Minimal hamstring plan
injury:
  site: hamstring
  type: strain
  occurred: 2026-03-14T17:30:00+01:00
phases:
  - id: protect
sessions:
  - day: 2
    phase: protect
    exercises:
      - name: Isometric bridge
        ref: isometric_bridge
"""


@pytest.fixture
def minimal_plan() -> str:
    return MINIMAL_PLAN


@pytest.fixture(autouse=True)
def _findings_cache_in_tmp(tmp_path_factory, monkeypatch):
    """Runs of `planlint check` in tests keep their findings cache, and the cache's
    per-user secret, out of the checkout and out of the user's home."""
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path_factory.mktemp("planlint-cache")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
