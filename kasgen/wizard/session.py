"""One interview: which question comes next, asking it until the answer is valid, saving it.

Order and conditions come from the questionnaire; a question whose ``when`` stops holding loses its
answer (with a message), so the saved file never carries answers that contradict each other. After
every accepted answer the whole file is saved, so an interruption loses at most the question on
screen. A resumed interview asks only what is missing; ``edit`` asks everything again with the
current answers as defaults. Repeated groups (branches, situations) are asked by
:mod:`kasgen.wizard.groups`.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kasgen.resources import data_dir
from kasgen.wizard import checks, paths, store
from kasgen.wizard.asker import Asker, Option
from kasgen.wizard.questions import Question, Questionnaire, Section

#: The asker's own words (menu hints) and the questionnaire messages that give them.
_ASKER_WORDS = {"select_hint": "menu_select_hint", "checkbox_hint": "menu_checkbox_hint",
                "confirm_hint": "menu_confirm_hint", "refused": "menu_refused", "typed": "menu_typed",
                "none": "menu_none", "yes": "yes", "no": "no", "more_above": "menu_more_above",
                "more_below": "menu_more_below"}


@dataclass(frozen=True)
class InterviewResult:
    """What an interview produced: the answers file, whether it validates, and the .docx if built."""

    path: Path
    complete: bool
    document: Path | None = None


class Interview:
    """The state of one interview over one answers file (see the module docstring)."""

    def __init__(self, questionnaire: Questionnaire, path: Path, answers: dict[str, Any],
                 asker: Asker, lang: str = "lt", edit: bool = False,
                 today: Callable[[], dt.date] = dt.date.today):
        self.questionnaire = questionnaire
        self.path = path
        self.answers = answers
        self.asker = asker
        self.lang = lang
        self.edit = edit
        self.today = today
        self.position: str | None = None   # the answers path of the question on screen
        self._section: str | None = None
        self.comments: dict[str, str] = {
            "interview.language": self.msg("interview_comment"),
            "document.prepared_on": self.msg("prepared_comment"),
        }
        for _, question in questionnaire.questions():
            if question.help:
                self.comments[question.field] = question.help(lang)
            for sub in question.questions:
                if sub.help:
                    self.comments[f"{question.field}.{sub.field}"] = sub.help(lang)
        asker.localize({key: questionnaire.messages[message](lang) for key, message in _ASKER_WORDS.items()})

    # -- reading the state ---------------------------------------------------------------------

    def msg(self, key: str, **values: Any) -> str:
        return self.questionnaire.message(key, self.lang, **values)

    def get(self, path: str) -> Any:
        return paths.get(self.answers, path)

    def applies(self, question: Question) -> bool:
        return question.when.holds(self.get)

    def may_apply(self, question: Question) -> bool:
        """Applies, or depends on an answer not given yet (so progress counts it in advance)."""
        return self.applies(question) or any(not paths.has(self.answers, p) for p, _, _ in question.when.tests)

    def active(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s, q in self.questionnaire.questions() if self.applies(q)]

    def missing(self, question: Question) -> bool:
        if not paths.has(self.answers, question.field):
            return True
        if question.type == "group":
            return self.first_gap(question) is not None
        return False

    def first_gap(self, question: Question) -> str | None:
        """The path of the first unanswered question inside a group's items, if any."""
        if not paths.has(self.answers, question.field):
            return None
        for i, item in enumerate(self.get(question.field) or []):
            for sub in question.questions:
                if not isinstance(item, dict) or sub.field not in item:
                    return f"{question.field}.{i}.{sub.field}"
        return None

    def open_group(self) -> str | None:
        """On resume, a group answered just before the first missing question may not be finished."""
        previous = None
        for _, question in self.active():
            if self.missing(question):
                return previous.field if previous is not None and previous.type == "group" else None
            previous = question
        return None

    def next_position(self) -> str | None:
        """Where a resumed interview continues: the answers path of its first question."""
        opened = self.open_group()
        if opened:
            return opened
        for _, question in self.active():
            if self.missing(question):
                gap = self.first_gap(question) if question.type == "group" else None
                return gap or question.field
        return None

    # -- walking the questionnaire -------------------------------------------------------------

    def walk(self, everything: bool) -> None:
        """Ask the questions that apply: all of them, or only the unanswered ones."""
        from kasgen.wizard.groups import ask_group

        opened = None if everything else self.open_group()
        for section, question in self.questionnaire.questions():
            if not self.applies(question):
                self.forget(question)
            elif everything or self.missing(question) or question.field == opened:
                self.announce(section, question)
                if question.type == "group":
                    ask_group(self, question)
                else:
                    self.ask_field(question, question.field)

    def announce(self, section: Section, question: Question) -> None:
        """The section's heading (once), where this question stands in it, and its help."""
        if section.id != self._section:
            self._section = section.id
            sections = [s for s in self.questionnaire.sections if any(self.may_apply(q) for q in s.questions)]
            k = sections.index(section) + 1 if section in sections else len(sections)
            self.asker.say("")
            self.asker.say(self.msg("section", title=section.title(self.lang), k=k, n=len(sections)),
                           "progress")
        counted = [q for q in section.questions if self.may_apply(q)]
        k = counted.index(question) + 1 if question in counted else len(counted)
        self.asker.say(self.msg("progress", section=section.title(self.lang), k=k, n=len(counted)),
                       "progress")
        if question.help:
            self.asker.say(f"  {question.help(self.lang)}", "help")

    def ask_field(self, question: Question, path: str) -> None:
        """Ask one question until its answer passes the profile's checks, then save.

        A rejected answer is offered again for editing, so a long name or a list of eight values
        need not be typed anew.
        """
        from kasgen.problems import describe

        self.position = path
        default = self.default_for(question, path)
        if question.type == "list":
            low = max(checks.min_items(path), question.min_items)
            self.asker.say("  " + (self.msg("list_hint_required", min=low) if low else self.msg("list_hint")),
                           "help")
        if question.default_from == "preset" and default is not None and not paths.has(self.answers, path):
            self.asker.say(f"  {self.msg('preset_hint', value=default)}", "help")
        while True:
            raw = self.prompt(question, default, path)
            value = self.convert(question, path, raw)
            trial = copy.deepcopy(self.answers)
            paths.put(trial, path, value)
            problems = checks.field_problems(trial, path)
            if isinstance(value, list) and len(value) < question.min_items:
                problems.append(f"{path}: must list at least {question.min_items} item(s), not {len(value)}")
            if not problems:
                break
            self.asker.say(self.msg("fix"), "error")
            for problem in problems:
                where, _, message = problem.partition(": ")
                shown = describe(message if where == path else problem, self.lang, with_path=False)
                self.asker.say(f"  {shown}", "error")
            default = raw
        if not paths.has(self.answers, path) or self.get(path) != value:
            paths.put(self.answers, path, value)
            self.changed()

    # -- answers -------------------------------------------------------------------------------

    def default_for(self, question: Question, path: str) -> Any:
        if paths.has(self.answers, path):
            return self.get(path)
        if question.default_from == "preset":
            _, channel, name = paths.split(path)
            found = checks.preset_levels(self.answers).get(str(channel), {}).get(str(name))
            if found is not None:
                return found
        if question.default_from == "interview_language":
            return self.lang
        if question.default is not None:
            return question.default
        return checks.model_default(path)

    def prompt(self, question: Question, default: Any, path: str) -> Any:
        """Ask once; ``default`` is the current answer, or the text of a rejected one."""
        message = question.prompt(self.lang)
        if question.type in ("select", "checkbox"):
            options = [Option(c.value, self.choice_label(question, c.value)) for c in question.choices
                       if self.offered(question, c.value)]
            if question.type == "select":
                return self.asker.select(message, options, default)
            return self.asker.checkbox(message, options, list(default or []))
        if question.type == "confirm":
            return self.asker.confirm(message, bool(default))
        if question.type == "list" and isinstance(default, list):
            return self.asker.text(message, "; ".join(str(v) for v in default))
        if isinstance(default, dt.date):
            default = default.isoformat()
        return self.asker.text(message, "" if default is None else str(default))

    def offered(self, question: Question, value: Any) -> bool:
        """``choices_within``: only the values answered there (and "none"); ``choices_fit:
        sector``: only the kinds of organisation of the sector answered."""
        if question.choices_fit == "sector" and value is not None:
            from kasgen.domain import domain  # pydantic: kept off the first question's path

            sector = (self.answers.get("organisation") or {}).get("sector")
            kind = domain().kinds.get(str(value))
            return sector is None or kind is None or sector in kind.sectors
        if question.choices_within is None or value is None:
            return True
        within = self.answers.get(question.choices_within) or []
        return value in within

    def choice_label(self, question: Question, value: Any) -> str:
        title = question.choice_title(value, self.lang)
        if question.examples == "greeting":
            doc_lang = self.answers.get("document", {}).get("language") or self.lang
            greeting = _greeting(str(doc_lang), str(value))
            short = self.answers.get("organisation", {}).get("short_name") or ""
            greeting = re.sub(r"\{\{\s*org\.short_name\s*\}\}", short, greeting)
            return f"{title} — „{greeting}“" if doc_lang == "lt" else f"{title} — “{greeting}”"
        return title

    def convert(self, question: Question, path: str, raw: Any) -> Any:
        """Turn what was typed into the answer's data type; pydantic judges the result."""
        if question.type in ("select", "checkbox", "confirm"):
            return raw
        text = str(raw or "").strip()
        if question.type == "list":
            return [part.strip() for part in text.split(";") if part.strip()]
        if not text:
            return None if checks.accepts_none(path) else ""
        if question.type == "number":
            grouped = re.fullmatch(r"\d{1,3}(([ ,.\u00a0\u202f])\d{3})(\2\d{3})*", text)
            digits = re.sub(r"\D", "", text) if grouped else text   # 40 000, 1,200,000 → digits
            return int(digits) if re.fullmatch(r"[+-]?\d+", digits) else text
        if question.type == "date":
            return _date(text)
        return text

    def answer_text(self, question: Question, path: str | None = None) -> str:
        """An answer as a person reads it: choice titles, yes/no, a count and names for groups."""
        from kasgen.wizard.groups import item_name

        path = path or question.field
        empty = self.msg("empty")
        if not paths.has(self.answers, path):
            return empty
        value: Any = self.get(path)
        if question.type == "group":
            names = [f"{i + 1}. {item_name(self, question, i) or empty}" for i in range(len(value or []))]
            return "; ".join(names) if names else empty
        if value is None or value == []:
            return empty
        if isinstance(value, bool):
            return self.msg("yes" if value else "no")
        if question.choices:
            values = value if isinstance(value, list) else [value]
            return ", ".join(question.choice_title(v, self.lang) for v in values)
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        return str(value)

    def forget(self, question: Question) -> None:
        if paths.remove(self.answers, question.field):
            self.asker.say(self.msg("removed", label=question.label(self.lang)), "help")

    def changed(self) -> None:
        """Drop the answers of questions that no longer apply, then save.

        The save also records the interview's language (a resumed interview continues in it) and
        today's date as the date this version was prepared (the Word file's creation date), so
        that the document's dates come from the answers and a rebuild gives the same file.
        """
        for _, question in self.questionnaire.questions():
            if not self.applies(question):
                self.forget(question)
        paths.put(self.answers, "document.prepared_on", self.today())
        paths.put(self.answers, "interview.language", self.lang)
        self.save()

    def save(self) -> None:
        header = [self.msg("file_header", name=self.path.name)]
        schema_line = store.modeline(self.path)
        if schema_line:
            header.insert(0, schema_line)
        store.save(self.path, store.render(self.answers, self.comments, checks.field_order, header))


def _date(text: str) -> Any:
    """A date as typed: 2027-03-01, or with dots or slashes (2027.03.01, 2027/3/1)."""
    found = re.fullmatch(r"(\d{4})[-./ ](\d{1,2})[-./ ](\d{1,2})\.?", text)
    if found:
        try:
            return dt.date(*(int(g) for g in found.groups()))
        except ValueError:
            return f"{found[1]}-{int(found[2]):02d}-{int(found[3]):02d}"   # pydantic names the part
    return text


@lru_cache(maxsize=4)
def _phrases(lang: str) -> dict[str, Any]:
    path = data_dir("templates") / "language" / f"{lang}.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data.get("phrases", {}) if isinstance(data, dict) else {}


def _greeting(lang: str, voice: str) -> str:
    """The example greeting of a brand voice, from ``templates/language/<lang>.yaml``."""
    try:
        return str(_phrases(lang)[voice]["greeting"])
    except (OSError, KeyError, TypeError):
        return ""
