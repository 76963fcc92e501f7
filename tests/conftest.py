from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kasgen.build import build_standard
from tests.helpers import SAMPLES

# The tests never read or write the user's cache (a stale or foreign cache must not decide a
# result, and a test run must not leave entries behind): every test and every kasgen process a
# test starts uses this folder, removed at the end.
_CACHE = tempfile.mkdtemp(prefix="kasgen-test-cache-")
os.environ["KASGEN_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every sample built once per test session: sample stem -> .docx path."""
    out = tmp_path_factory.mktemp("samples")
    return {s.stem: build_standard(s, out / f"{s.stem}.docx").path for s in SAMPLES}


@pytest.fixture(scope="session")
def packed(tmp_path_factory) -> dict[str, list[Path]]:
    """Every sample's standard and management annex (``kasgen pack``): sample stem -> [standard, annex]."""
    from kasgen.pack import build_pack

    out = tmp_path_factory.mktemp("sets")
    sets = {}
    for s in SAMPLES:
        files = dict(build_pack(s, out / s.stem).files)
        sets[s.stem] = [files["standard"], files["annex"]]
    return sets
