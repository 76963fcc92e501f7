"""``kasgen interview``: a resumable wizard that writes an answers file.

Modules, one job each:

* :mod:`~kasgen.wizard.interview` — :func:`run_interview`, the whole interview.
* :mod:`~kasgen.wizard.questions` — the questionnaire (questions as data) and its loader.
* :mod:`~kasgen.wizard.asker` — the terminal, behind the ``Asker`` seam; menus in
  :mod:`~kasgen.wizard.menu`.
* :mod:`~kasgen.wizard.session` — order, conditions, progress, defaults, saving per answer.
* :mod:`~kasgen.wizard.groups` — repeated groups (branches, own client groups, situations).
* :mod:`~kasgen.wizard.review` — the summary, changes, cross-field rules and the offer to build.
* :mod:`~kasgen.wizard.checks` — validation through :mod:`kasgen.profile` (loaded in the background).
* :mod:`~kasgen.wizard.store` — the answers file as commented YAML, written atomically.
* :mod:`~kasgen.wizard.paths` — dotted field paths over plain data.

Nothing here imports python-docx, docxtpl or lxml; :mod:`kasgen.build` is imported only when the
user asks for the document at the end. The names below are imported on first use, so that a
build, which reads field labels from the questionnaire, loads none of the interview's modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Asker", "Interview", "InterviewInterrupted", "InterviewResult", "Option", "TerminalAsker",
           "run_interview"]

_HOME = {"Asker": "asker", "Option": "asker", "TerminalAsker": "asker", "Interview": "session",
         "InterviewResult": "session", "InterviewInterrupted": "interview", "run_interview": "interview"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"kasgen.wizard.{_HOME[name]}"), name)
    raise AttributeError(f"module 'kasgen.wizard' has no attribute {name!r}")
