"""The end of an interview: a summary of every answer, changes, the cross-field rules, the build.

The review validates the whole profile, exactly as ``kasgen build`` will. A problem that names a
field the interview asks becomes a "fix" entry that re-asks that question; one it does not ask
(a hand-edited key) is shown with advice to edit the file.

Sized for a workshop: the summary (one short line per answer, by its label) is printed once, and
again only on request; a change is confirmed on one line and keeps the user in the section they
were changing, until they go back.
"""

from __future__ import annotations

from pathlib import Path

from kasgen.wizard import checks
from kasgen.wizard.asker import Option
from kasgen.wizard.groups import group_menu
from kasgen.wizard.menu import shorten
from kasgen.wizard.questions import Question, Section
from kasgen.wizard.session import Interview

#: Summary lines are cut (at a word) to fit an 80-column terminal.
LINE = 78


def review(interview: Interview) -> bool:
    """Show the answers until the user confirms them; True when they validate as a profile."""
    from kasgen.problems import describe

    say, msg, lang = interview.asker.say, interview.msg, interview.lang
    summary(interview)
    while True:
        problems = checks.profile_problems(interview.answers)
        options: list[Option] = []
        if problems:
            say("")
            say(msg("review_problems"), "error")
        for path, message in problems:
            text = describe(f"{path}: {message}", lang, with_path=False)
            question = question_for(interview, path)
            if question is None:
                say("  " + msg("not_in_wizard", problem=describe(f"{path}: {message}", lang)), "error")
            else:
                say(f"  {text}", "error")
                options.append(Option(("fix", question.field), msg("review_fix", problem=text)))
        if not problems:
            options.append(Option(("done", ""), msg("review_done")))
        sections = [s for s in interview.questionnaire.sections
                    if any(interview.applies(q) for q in s.questions)]
        options += [Option(("section", s.id), msg("review_change", section=s.title(lang))) for s in sections]
        options.append(Option(("show", ""), msg("review_show")))
        if problems:
            options.append(Option(("stop", ""), msg("review_stop")))
        interview.position = None
        action, key = interview.asker.select(msg("review_prompt"), options, options[0].value)
        if action == "done":
            return True
        if action == "stop":
            return False
        if action == "show":
            summary(interview)
        elif action == "fix":
            change(interview, _question(interview, key))
        else:
            section_menu(interview, next(s for s in sections if s.id == key))


def section_menu(interview: Interview, section: Section) -> None:
    """The section's answers, one to change at a time; back to the review on "← Atgal"."""
    lang, last = interview.lang, None
    while True:
        questions = [q for q in section.questions if interview.applies(q)]
        picks = [Option(q.field, f"{q.label(lang)}: {interview.answer_text(q)}") for q in questions]
        picks.append(Option("", interview.msg("back")))
        field = interview.asker.select(interview.msg("review_pick", section=section.title(lang)), picks,
                                       last if last in {p.value for p in picks} else picks[0].value)
        if not field:
            return
        last = field
        question = _question(interview, field)
        change(interview, question)
        if question.type != "group":
            value = shorten(interview.answer_text(question), LINE)
            interview.asker.say(interview.msg("changed", label=question.label(lang), value=value), "done")


def change(interview: Interview, question: Question) -> None:
    """Re-ask one answer, then whatever it newly makes necessary (a new channel's service levels)."""
    if question.type == "group":
        group_menu(interview, question)
    else:
        interview.ask_field(question, question.field)
    interview.walk(everything=False)


def summary(interview: Interview) -> None:
    """Every answer on one short line: "  Label: value", under its section's title."""
    say, lang = interview.asker.say, interview.lang
    say("")
    say(interview.msg("review_title"), "progress")
    for section in interview.questionnaire.sections:
        questions = [q for q in section.questions if interview.applies(q)]
        if questions:
            say(section.title(lang), "progress")
        for question in questions:
            say("  " + shorten(f"{question.label(lang)}: {interview.answer_text(question)}", LINE - 2))


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
