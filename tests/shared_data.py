"""Files written by other tools (Microsoft Project, ProjectLibre, GanttProject, Aspose), kept
beside the checkout in ``../shared/data`` (or where ``PMO_SHARED_DATA`` says). Interop tests
read them there and skip only where the folder is absent; the files are never copied into the
project, each keeps its own licence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("PMO_SHARED_DATA") or ROOT.parent / "shared" / "data")
MSPDI_DIR = SHARED_DATA / "mspdi"
MSPDI_FILES = sorted(MSPDI_DIR.glob("*.xml")) if MSPDI_DIR.is_dir() else []

needs_mspdi = pytest.mark.skipif(
    not MSPDI_FILES, reason=f"the shared Microsoft Project files are not in {MSPDI_DIR}"
)
