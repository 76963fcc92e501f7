"""One interview: which question comes next, asking it until the answer is valid, saving it.

Order and conditions come from the questionnaire; a question whose ``when`` stops holding loses its
answer (with a message), so the saved file never carries answers that contradict each other. After
every accepted answer the whole file is saved, so an interruption loses at most the question on
screen. A resumed interview asks only what is missing; ``edit`` asks everything again with the
current answers as defaults.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kasgen.resources import data_dir
from kasgen.wizard import checks, paths, store
from kasgen.wizard.asker import Asker, Option
from kasgen.wizard.questions import Question, Questionnaire, Section
from kasgen.wizard.translate import translate


@dataclass(frozen=True)
class InterviewResult:
    """What an interview produced: the answers file, whether it validates, and the .docx if built."""

    path: Path
    complete: bool
    document: Path | None = None


class Interview:
    """The state of one interview over one answers file (see the module docstring)."""

    def __init__(self, questionnaire: Questionnaire, path: Path, answers: dict[str, Any],
                 asker: Asker, lang: str = "lt", edit: bool = False):
        self.questionnaire = questionnaire
        self.path = path
        self.answers = answers
        self.asker = asker
        self.lang = lang
        self.edit = edit
        self._section: str | None = None
        self.comments: dict[str, str] = {}
        for _, question in questionnaire.questions():
            if question.help:
                self.comments[question.field] = question.help(lang)
            for sub in question.questions:
                if sub.help:
                    self.comments[f"{question.field}.{sub.field}"] = sub.help(lang)

    # -- reading the state ---------------------------------------------------------------------

    def msg(self, key: str, **values: Any) -> str:
        return self.questionnaire.message(key, self.lang, **values)

    def get(self, path: str) -> Any:
        return paths.get(self.answers, path)

    def applies(self, question: Question) -> bool:
        return question.when.holds(self.get)

    def active(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s, q in self.questionnaire.questions() if self.applies(q)]

    def missing(self, question: Question) -> bool:
        if not paths.has(self.answers, question.field):
            return True
        if question.type == "group":
            items = self.get(question.field) or []
            return any(not isinstance(item, dict) or any(sub.field not in item for sub in question.questions)
                       for item in items)
        return False

    def open_group(self) -> str | None:
        """On resume, a group answered just before the first missing question may not be finished."""
        previous = None
        for _, question in self.active():
            if self.missing(question):
                return previous.field if previous is not None and previous.type == "group" else None
            previous = question
        return None

    # -- walking the questionnaire -------------------------------------------------------------

    def walk(self, everything: bool) -> None:
        """Ask the questions that apply: all of them, or only the unanswered ones."""
        opened = None if everything else self.open_group()
        for section, question in self.questionnaire.questions():
            if not self.applies(question):
                self.forget(question)
            elif everything or self.missing(question) or question.field == opened:
                self.ask(section, question)

    def ask(self, section: Section, question: Question) -> None:
        self.announce(section, question)
        if question.type == "group":
            self.ask_group(question)
        else:
            self.ask_field(question, question.field)

    def announce(self, section: Section, question: Question) -> None:
        if section.id != self._section:
            self._section = section.id
            self.asker.say("")
            self.asker.say(self.msg("section", title=section.title(self.lang)), "progress")
        active = [q for _, q in self.active()]
        k = active.index(question) + 1 if question in active else len(active)
        self.asker.say(self.msg("progress", section=section.title(self.lang), k=k, n=len(active)), "progress")
        if question.help:
            self.asker.say(f"  {question.help(self.lang)}", "help")

    def ask_field(self, question: Question, path: str) -> None:
        """Ask one question until its answer passes the profile's checks, then save."""
        default = self.default_for(question, path)
        hint = {"list": "list_hint", "checkbox": "checkbox_hint"}.get(question.type)
        if hint:
            self.asker.say(f"  {self.msg(hint)}", "help")
        if question.default_from == "preset" and default is not None and not paths.has(self.answers, path):
            self.asker.say(f"  {self.msg('preset_hint', value=default)}", "help")
        while True:
            value = self.convert(question, path, self.prompt(question, default))
            trial = copy.deepcopy(self.answers)
            paths.put(trial, path, value)
            problems = checks.field_problems(trial, path)
            if not problems:
                break
            self.asker.say(self.msg("fix"), "error")
            for problem in problems:
                self.asker.say(f"  {translate(problem, self.lang)}", "error")
        paths.put(self.answers, path, value)
        self.changed()

    def ask_group(self, question: Question) -> None:
        items = self.get(question.field) if paths.has(self.answers, question.field) else None
        if self.edit and items:
            self.group_menu(question)
            return
        if items:
            for i, item in enumerate(items):
                for sub in question.questions:
                    if sub.field not in item:
                        self.ask_field(sub, f"{question.field}.{i}.{sub.field}")
            adding = self.asker.confirm(_prompt(question.another, self.lang), False)
        else:
            adding = self.asker.confirm(_prompt(question.first, self.lang), False)
            if not adding:
                paths.put(self.answers, question.field, [])
                self.changed()
        while adding:
            self.add_item(question)
            adding = self.asker.confirm(_prompt(question.another, self.lang), False)

    def add_item(self, question: Question) -> None:
        if not paths.has(self.answers, question.field) or self.get(question.field) is None:
            paths.put(self.answers, question.field, [])
        items = self.get(question.field)
        items.append({})
        self.asker.say(self.msg("group_item", label=question.prompt(self.lang), n=len(items)), "progress")
        for sub in question.questions:
            self.ask_field(sub, f"{question.field}.{len(items) - 1}.{sub.field}")

    def group_menu(self, question: Question) -> None:
        """Change, remove or add items of a group (``--edit`` and the review screen)."""
        while True:
            items = self.get(question.field) if paths.has(self.answers, question.field) else []
            labels = [self.item_label(question, i) for i in range(len(items or []))]
            options = [Option(("change", i), self.msg("group_change", label=x)) for i, x in enumerate(labels)]
            options += [Option(("remove", i), self.msg("group_remove", label=x)) for i, x in enumerate(labels)]
            options += [Option(("add", 0), self.msg("group_add")), Option(("done", 0), self.msg("group_done"))]
            action, i = self.asker.select(question.prompt(self.lang), options, ("done", 0))
            if action == "change":
                for sub in question.questions:
                    self.ask_field(sub, f"{question.field}.{i}.{sub.field}")
            elif action == "remove":
                del items[i]
                self.changed()
            elif action == "add":
                self.add_item(question)
            else:
                if items is None or not paths.has(self.answers, question.field):
                    paths.put(self.answers, question.field, [])
                    self.changed()
                return

    def item_label(self, question: Question, i: int) -> str:
        item = self.get(question.field)[i]
        name = item.get(question.label) if isinstance(item, dict) else None
        return str(name) if name else self.msg("group_item", label=question.prompt(self.lang), n=i + 1)

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

    def prompt(self, question: Question, default: Any) -> Any:
        message = question.prompt(self.lang)
        if question.type in ("select", "checkbox"):
            options = [Option(c.value, self.choice_label(question, c.value)) for c in question.choices]
            if question.type == "select":
                return self.asker.select(message, options, default)
            return self.asker.checkbox(message, options, list(default or []))
        if question.type == "confirm":
            return self.asker.confirm(message, bool(default))
        if question.type == "list":
            return self.asker.text(message, "; ".join(str(v) for v in default or []))
        return self.asker.text(message, "" if default is None else str(default))

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
        if question.type == "number" and re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if question.type == "date":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text
        return text

    def forget(self, question: Question) -> None:
        if paths.remove(self.answers, question.field):
            self.asker.say(self.msg("removed", field=question.field), "help")

    def changed(self) -> None:
        """Drop the answers of questions that no longer apply, then save."""
        for _, question in self.questionnaire.questions():
            if not self.applies(question):
                self.forget(question)
        self.save()

    def save(self) -> None:
        header = [self.msg("file_header", name=self.path.name)]
        store.save(self.path, store.render(self.answers, self.comments, checks.field_order, header))


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


def _prompt(text: Any, lang: str) -> str:
    """A group's ``first``/``another`` prompt; the loader guarantees groups have both."""
    if text is None:
        raise ValueError("a repeatable group needs 'first' and 'another' prompts")
    return str(text(lang))
