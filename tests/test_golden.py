"""Golden text: a stable dump of each sample's .docx, compared with a reviewed, committed file.

Regenerate after an intended change with ``KASGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py``
and review the diff in git. On a mismatch the produced .docx is kept in ``tests/_failed/``.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import SAMPLES, dump

GOLDEN = Path(__file__).parent / "golden"
FAILED = Path(__file__).parent / "_failed"


@pytest.mark.parametrize("sample", [s.stem for s in SAMPLES])
def test_golden_dump(built, sample):
    actual = dump(built[sample])
    golden = GOLDEN / f"{sample}.txt"
    if os.environ.get("KASGEN_UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(actual, encoding="utf-8")
        if not os.environ.get("KASGEN_UPDATE_GOLDEN"):
            pytest.fail(f"{golden} did not exist; it was written now: review and commit it")
        return
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        FAILED.mkdir(exist_ok=True)
        shutil.copy(built[sample], FAILED / f"{sample}.docx")
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                f"golden/{sample}.txt", "built", n=1,
            )
        )
        pytest.fail(f"{sample} differs from its golden dump (kept tests/_failed/{sample}.docx):\n{diff[:6000]}")
