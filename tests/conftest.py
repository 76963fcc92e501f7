from __future__ import annotations

from pathlib import Path

import pytest

from kasgen.build import build_standard
from tests.helpers import SAMPLES


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every sample built once per test session: sample stem -> .docx path."""
    out = tmp_path_factory.mktemp("samples")
    return {s.stem: build_standard(s, out / f"{s.stem}.docx").path for s in SAMPLES}
