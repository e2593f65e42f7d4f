"""A workbook opened and saved again by a real spreadsheet program, LibreOffice headless, as
the import tests need: what a person's spreadsheet program writes must still import. The
tests fail, never skip, when LibreOffice is missing (``make test`` installs it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def resaved_by_libreoffice(data: bytes, tmp_path: Path, name: str = "workbook.xlsx") -> bytes:
    """``data`` (an .xlsx) after LibreOffice opened and saved it as .xlsx, with a profile of
    its own under ``tmp_path`` so that parallel tests do not share one."""
    office = shutil.which("libreoffice")
    assert office, "LibreOffice is not installed: apt-get install -y libreoffice-calc-nogui"
    source = tmp_path / "in" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    out = tmp_path / "out"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / name).read_bytes()
