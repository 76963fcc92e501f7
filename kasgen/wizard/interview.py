"""The interview from the first question to the offer to build (:func:`run_interview`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kasgen.errors import KasgenError
from kasgen.wizard.asker import Asker, TerminalAsker
from kasgen.wizard.questions import Questionnaire, load_questionnaire
from kasgen.wizard.session import Interview, InterviewResult


class InterviewInterrupted(KasgenError):
    """Ctrl-C (or end of input) during the interview; ``hint`` says what was kept and how to go on.

    Not a KeyboardInterrupt itself: the interruption has been handled (everything is saved), and
    callers such as test runners should not stop as if the user had interrupted them.
    """

    exit_code = 130

    def __init__(self, hint: str):
        super().__init__(hint)
        self.hint = hint


def run_interview(path: str | Path, lang: str | None = None, edit: bool = False,
                  asker: Asker | None = None, questionnaire: Questionnaire | None = None,
                  offer_build: bool = True,
                  today: Callable[[], dt.date] = dt.date.today) -> InterviewResult:
    """Interview the user and keep ``path`` up to date after every answer.

    Args:
        path: the answers file; an existing one is resumed (or, with ``edit``, walked through).
        lang: the interview's language (``lt`` or ``en``), not the document's; default: the
            language the file was begun in, else Lithuanian.
        edit: ask every question, with the current answers as defaults.
        asker: the terminal (default: :class:`TerminalAsker` on the real terminal).
        questionnaire: default: ``questionnaires/standard.yaml``.
        offer_build: at the end, offer to build the .docx.
        today: the date recorded as ``document.prepared_on`` when answers change.

    Raises:
        InterviewInterrupted: the user pressed Ctrl-C; every answer given so far is saved, and the
            exception's ``hint`` says where and how to continue.
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
    answers: dict[str, Any] = {}
    existed = path.exists()
    if existed:
        from kasgen.answers import read_answers

        answers = read_answers(path)
    lang = lang or _remembered_language(answers) or "lt"
    interview = Interview(questionnaire, path, answers, asker, lang=lang, edit=edit, today=today)
    try:
        if answers:
            active = interview.active()
            done = sum(not interview.missing(q) for _, q in active)
            asker.say(interview.msg("resumed", path=path, done=done, total=len(active)))
            where = interview.next_position()
            if where and not edit:
                asker.say(interview.msg("resumed_at", where=_label(where, lang)))
        else:
            asker.say(interview.msg("new_file", path=path))
        interview.walk(everything=edit)
        complete = review.review(interview)
    except (KeyboardInterrupt, EOFError):
        if not existed and not path.exists():
            raise InterviewInterrupted(interview.msg("interrupted_nothing", path=path)) from None
        where = _label(interview.position, lang) if interview.position else "—"
        raise InterviewInterrupted(interview.msg("interrupted", path=path, where=where)) from None
    interview.save()
    asker.say(interview.msg("saved", path=path), "done")
    document = review.offer_build(interview) if complete and offer_build else None
    return InterviewResult(path=path, complete=complete, document=document)


def _remembered_language(answers: dict[str, Any]) -> str | None:
    recorded = answers.get("interview")
    language = recorded.get("language") if isinstance(recorded, dict) else None
    return language if language in ("lt", "en") else None


def _label(path: str, lang: str) -> str:
    from kasgen.labels import field_label

    return field_label(path, lang)
