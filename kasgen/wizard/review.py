"""The end of an interview: a summary of every answer, changes, the cross-field rules, the build.

The review validates the whole profile, exactly as ``kasgen build`` will. A problem that names a
field the interview asks becomes a "fix" entry that re-asks that question; one it does not ask
(a hand-edited key) is shown with advice to edit the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kasgen.wizard import checks, paths
from kasgen.wizard.asker import Option
from kasgen.wizard.questions import Question
from kasgen.wizard.session import Interview
from kasgen.wizard.translate import translate


def review(interview: Interview) -> bool:
    """Show the answers until the user confirms them; True when they validate as a profile."""
    say, msg = interview.asker.say, interview.msg
    while True:
        summary(interview)
        problems = checks.profile_problems(interview.answers)
        options: list[Option] = []
        if problems:
            say("")
            say(msg("review_problems"), "error")
        for path, message in problems:
            message = translate(message, interview.lang)
            question = question_for(interview, path)
            if question is None:
                say("  " + msg("not_in_wizard", path=f"{path}: {message}"), "error")
            else:
                say(f"  {path}: {message}", "error")
                options.append(Option(("fix", question.field), msg("review_fix", problem=f"{path}: {message}")))
        if not problems:
            options.append(Option(("done", ""), msg("review_done")))
        sections = [s for s in interview.questionnaire.sections
                    if any(interview.applies(q) for q in s.questions)]
        options += [Option(("section", s.id), msg("review_change", section=s.title(interview.lang)))
                    for s in sections]
        if problems:
            options.append(Option(("stop", ""), msg("review_stop")))
        action, key = interview.asker.select(msg("review_prompt"), options, options[0].value)
        if action == "done":
            return True
        if action == "stop":
            return False
        if action == "fix":
            change(interview, _question(interview, key))
        else:
            section = next(s for s in sections if s.id == key)
            picks = [Option(q.field, f"{q.prompt(interview.lang)}: {shown(interview, q)}")
                     for q in section.questions if interview.applies(q)]
            picks.append(Option("", msg("back")))
            field = interview.asker.select(msg("review_pick"), picks, picks[0].value)
            if field:
                change(interview, _question(interview, field))


def change(interview: Interview, question: Question) -> None:
    """Re-ask one answer, then whatever it newly makes necessary (a new channel's service levels)."""
    if question.type == "group":
        interview.group_menu(question)
    else:
        interview.ask_field(question, question.field)
    interview.walk(everything=False)


def summary(interview: Interview) -> None:
    say = interview.asker.say
    say("")
    say(interview.msg("review_title"), "progress")
    for section in interview.questionnaire.sections:
        questions = [q for q in section.questions if interview.applies(q)]
        if not questions:
            continue
        say(section.title(interview.lang), "progress")
        for question in questions:
            say(f"  {question.prompt(interview.lang)}: {shown(interview, question)}")


def shown(interview: Interview, question: Question) -> str:
    """An answer as a person reads it: choice titles, yes/no, a count and names for groups."""
    empty = interview.msg("empty")
    if not paths.has(interview.answers, question.field):
        return empty
    value: Any = interview.get(question.field)
    if question.type == "group":
        names = [interview.item_label(question, i) for i in range(len(value or []))]
        return interview.msg("items", count=len(names), names=", ".join(names)) if names else empty
    if value is None or value == []:
        return empty
    if isinstance(value, bool):
        return interview.msg("yes" if value else "no")
    if question.choices:
        values = value if isinstance(value, list) else [value]
        return ", ".join(question.choice_title(v, interview.lang) for v in values)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def question_for(interview: Interview, path: str) -> Question | None:
    """The question that fills ``path`` (or the group or field block that contains it)."""
    active = [q for _, q in interview.active()]
    for question in sorted(active, key=lambda q: -len(q.field)):
        if path == question.field or path.startswith(question.field + "."):
            return question
    return next((q for q in active if q.field.startswith(path + ".")), None)


def _question(interview: Interview, field: str) -> Question:
    return next(q for _, q in interview.questionnaire.questions() if q.field == field)


def offer_build(interview: Interview) -> Path | None:
    """Ask whether to build the .docx now; build it (importing the Word machinery only now)."""
    if not interview.asker.confirm(interview.msg("build_offer"), True):
        interview.asker.say(interview.msg("build_later", path=interview.path))
        return None
    try:
        from kasgen.build import build_standard
    except ImportError:
        interview.asker.say(interview.msg("build_missing", path=interview.path), "error")
        return None
    result = build_standard(interview.path)
    interview.asker.say(interview.msg("built", path=result.path), "done")
    return Path(result.path)
