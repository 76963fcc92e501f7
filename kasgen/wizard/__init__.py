"""``kasgen interview``: a resumable wizard that writes an answers file.

Modules, one job each:

* :mod:`~kasgen.wizard.questions` — the questionnaire (questions as data) and its loader.
* :mod:`~kasgen.wizard.asker` — the terminal; the only questionary user, behind the ``Asker`` seam.
* :mod:`~kasgen.wizard.session` — order, conditions, groups, progress, defaults, saving per answer.
* :mod:`~kasgen.wizard.review` — the summary, changes, cross-field rules and the offer to build.
* :mod:`~kasgen.wizard.checks` — validation through :mod:`kasgen.profile` (loaded in the background).
* :mod:`~kasgen.wizard.store` — the answers file as commented YAML, written atomically.
* :mod:`~kasgen.wizard.paths` — dotted field paths over plain data.

Nothing here imports python-docx, docxtpl or lxml; :mod:`kasgen.build` is imported only when the
user asks for the document at the end.
"""

from __future__ import annotations

from pathlib import Path

from kasgen.wizard.asker import Asker, Option, TerminalAsker
from kasgen.wizard.questions import Questionnaire, load_questionnaire
from kasgen.wizard.session import Interview, InterviewResult

__all__ = ["Asker", "Interview", "InterviewResult", "Option", "TerminalAsker", "resume_hint",
           "run_interview"]


def run_interview(path: str | Path, lang: str = "lt", edit: bool = False, asker: Asker | None = None,
                  questionnaire: Questionnaire | None = None, offer_build: bool = True) -> InterviewResult:
    """Interview the user and keep ``path`` up to date after every answer.

    Args:
        path: the answers file; an existing one is resumed (or, with ``edit``, walked through).
        lang: the interview's language (``lt`` or ``en``), not the document's.
        edit: ask every question, with the current answers as defaults.
        asker: the terminal (default: :class:`TerminalAsker` on the real terminal).
        questionnaire: default: ``questionnaires/standard.yaml``.
        offer_build: at the end, offer to build the .docx.

    Raises:
        KeyboardInterrupt: the user pressed Ctrl-C; every answer given so far is saved.
        kasgen.errors.AnswersError: the existing file cannot be read.
    """
    from kasgen.wizard import checks, review

    path = Path(path)
    if asker is None:
        # The profile models (pydantic, ~0.3 s) load in the background once the first question is
        # on screen, so that they neither delay it nor compete with drawing it.
        asker = TerminalAsker(on_shown=checks.preload)
    else:
        checks.preload()
    questionnaire = questionnaire or load_questionnaire()
    answers = {}
    if path.exists():
        from kasgen.answers import read_answers

        answers = read_answers(path)
    interview = Interview(questionnaire, path, answers, asker, lang=lang, edit=edit)
    if answers:
        active = interview.active()
        done = sum(not interview.missing(q) for _, q in active)
        asker.say(interview.msg("resumed", path=path, done=done, total=len(active)))
    else:
        asker.say(interview.msg("new_file", path=path))
    interview.walk(everything=edit)
    complete = review.review(interview)
    interview.save()
    asker.say(interview.msg("saved", path=path), "done")
    document = review.offer_build(interview) if complete and offer_build else None
    return InterviewResult(path=path, complete=complete, document=document)


def resume_hint(path: str | Path, lang: str = "lt") -> str:
    """What to tell the user after Ctrl-C: where the answers are and how to continue."""
    return load_questionnaire().message("interrupted", lang, path=path)
