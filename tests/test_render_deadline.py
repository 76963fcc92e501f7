"""The render time limit: a runaway clause is stopped, and a render that finishes in time leaves
nothing behind (no late timeout, no interpreter state that slows or stalls what follows)."""

from __future__ import annotations

import pytest

from kasgen import limits
from kasgen.errors import ClauseError
from kasgen.textrender import render
from tests.helpers import python_output


def test_a_runaway_clause_is_stopped_and_the_next_renders_in_time(monkeypatch):
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.3)
    with pytest.raises(ClauseError, match="stopped after 0.3 s"):
        render("{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}",
               {}, "custom.slow")
    for i in range(50):  # no timeout left over for the renders that follow
        assert render("{{ n }} min.", {"n": i}, "custom.fast") == f"{i} min."


def test_builds_run_under_a_profiler():
    """A render that finished in time once left CPython's pending-exception flag raised: every
    later call took the slow path, and under cProfile a build never ended."""
    script = (
        "import cProfile\n"
        "from kasgen.textrender import render\n"
        "profile = cProfile.Profile()\n"
        "profile.enable()\n"
        "texts = [render('{{ n }} s', {'n': i}, 'custom.t') for i in range(200)]\n"
        "profile.disable()\n"
        "print(texts[-1])\n"
    )
    assert python_output(script, timeout=60).strip() == "199 s"
