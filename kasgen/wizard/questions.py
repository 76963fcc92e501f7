"""The questionnaire: questions as data, loaded from ``questionnaires/<name>.yaml``.

A questionnaire file holds the interview's messages and its sections of questions::

    messages: {progress: {lt: ..., en: ...}, ...}     # every sentence the wizard says
    sections:
      - id: organisation
        title: {lt: Organizacija, en: Organisation}
        questions:
          - field: organisation.sector               # the profile field it fills
            label: {lt: Veiklos sritis, en: Sector}  # names the field in messages and summaries
            type: select                             # text number date list select checkbox confirm group
            prompt: {lt: ..., en: ...}
            help: {lt: ..., en: ...}                 # shown under the prompt and as the YAML comment
            choices: [{value: municipality, lt: savivaldybė, en: municipality}, ...]
            choices_within: channels                 # offer only the choices answered there
            choices_fit: sector                      # kinds: offer only those of the answered sector
            min_items: 1                             # a list another answer makes necessary
            default: other                           # or default_from: preset | interview_language
            when: {channels: [phone]}                # see Condition
    labels: {organisation: {lt: Organizacija, en: Organisation}, ...}   # parts that are not asked

A ``group`` question fills a list of mappings (branches): it has ``questions`` of its own, whose
fields are relative to one item, plus ``first`` and ``another`` prompts, the ``item`` noun
("Padalinys" → "Padalinys Nr. 2"), the ``item_name`` field that names an item, and optionally a
suggested ``count: {min, max}``.

The loader is strict like the profile (a misspelt key is an error naming it) but uses plain
dataclasses, not pydantic: importing pydantic costs ~0.15 s, and the first question must appear fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kasgen.errors import UserError
from kasgen.resources import data_dir, load_yaml_text
from kasgen.strict_yaml import YamlProblem

LANGS = ("lt", "en")
TYPES = ("text", "number", "date", "list", "select", "checkbox", "confirm", "group")
DEFAULT_SOURCES = ("preset", "interview_language")


class QuestionnaireError(UserError):
    """A questionnaire file is malformed (a content bug, reported with the file and the key)."""


@dataclass(frozen=True)
class Localized:
    lt: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.lt if lang == "lt" else self.en


@dataclass(frozen=True)
class Choice:
    value: Any
    title: Localized


@dataclass(frozen=True)
class Condition:
    """When a question is asked; every path must hold (AND).

    Per path: a list means "the answer is, or contains, any of these"; a scalar means "is, or
    contains, this"; ``{none_of: [...]}`` means "neither is nor contains any of these". An
    unanswered path makes the condition false.
    """

    tests: tuple[tuple[str, str, tuple[Any, ...]], ...] = ()  # (path, "any_of"|"none_of", values)

    def holds(self, get: Any) -> bool:
        """Evaluate with ``get(path)``, which returns the answer or raises KeyError."""
        for path, kind, values in self.tests:
            try:
                answer = get(path)
            except KeyError:
                return False
            given = set(answer) if isinstance(answer, list) else {answer}
            hit = bool(given & set(values))
            if hit != (kind == "any_of"):
                return False
        return True


@dataclass(frozen=True)
class Question:
    field: str
    type: str
    label: Localized
    prompt: Localized
    help: Localized | None = None
    choices: tuple[Choice, ...] = ()
    choices_within: str | None = None
    choices_fit: str | None = None  # "sector": kinds of organisation that fit the answered sector
    default: Any = None
    default_from: str | None = None
    examples: str | None = None
    when: Condition = Condition()
    # group only
    questions: tuple[Question, ...] = ()
    first: Localized | None = None
    another: Localized | None = None
    item: Localized | None = None
    item_name: str | None = None
    count: tuple[int, int] | None = None
    min_items: int = 0        # a list the rules across answers require (social networks)

    def choice_title(self, value: Any, lang: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.title(lang)
        return str(value)


@dataclass(frozen=True)
class Section:
    id: str
    title: Localized
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    sections: tuple[Section, ...]
    messages: dict[str, Localized] = field(default_factory=dict)
    labels: dict[str, Localized] = field(default_factory=dict)

    def questions(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s in self.sections for q in s.questions]

    def message(self, key: str, lang: str, **values: Any) -> str:
        return self.messages[key](lang).format(**values)


@lru_cache(maxsize=4)
def load_questionnaire(name: str = "standard", folder: Path | None = None) -> Questionnaire:
    """Load and check ``questionnaires/<name>.yaml`` (or one in ``folder``)."""
    path = (folder or data_dir("questionnaires")) / f"{name}.yaml"
    try:
        raw = load_yaml_text(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, YamlProblem) as exc:
        raise QuestionnaireError(f"{path}: cannot be read: {exc}") from None
    return _Parser(str(path)).questionnaire(raw)


class _Parser:
    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, problem: str) -> QuestionnaireError:
        return QuestionnaireError(f"{self.source}: {where}: {problem}")

    def mapping(self, raw: Any, where: str, required: set[str], allowed: set[str]) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be a mapping")
        unknown = sorted(set(raw) - required - allowed)
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(map(str, unknown))}")
        missing = sorted(required - set(raw))
        if missing:
            raise self.fail(where, f"missing key(s) {', '.join(missing)}")
        return raw

    def localized(self, raw: Any, where: str) -> Localized:
        data = self.mapping(raw, where, set(LANGS), set())
        for lang in LANGS:
            if not isinstance(data[lang], str) or not data[lang].strip():
                raise self.fail(f"{where}.{lang}", "must be non-empty text")
        return Localized(lt=data["lt"].strip(), en=data["en"].strip())

    def questionnaire(self, raw: Any) -> Questionnaire:
        data = self.mapping(raw, "top level", {"sections", "messages"}, {"labels"})
        messages = {
            str(k): self.localized(v, f"messages.{k}")
            for k, v in self.mapping(data["messages"], "messages", set(), set(data["messages"] or {})).items()
        }
        raw_labels = data.get("labels") or {}
        labels = {
            str(k): self.localized(v, f"labels.{k}")
            for k, v in self.mapping(raw_labels, "labels", set(), set(raw_labels)).items()
        }
        sections = tuple(self.section(s, f"sections[{i}]") for i, s in enumerate(data["sections"]))
        fields = [q.field for s in sections for q in s.questions]
        dupes = sorted({f for f in fields if fields.count(f) > 1})
        if dupes:
            raise self.fail("sections", f"field(s) asked twice: {', '.join(dupes)}")
        return Questionnaire(sections=sections, messages=messages, labels=labels)

    def section(self, raw: Any, where: str) -> Section:
        data = self.mapping(raw, where, {"id", "title", "questions"}, set())
        questions = tuple(
            self.question(q, f"{where}.questions[{i}]") for i, q in enumerate(data["questions"])
        )
        return Section(id=str(data["id"]), title=self.localized(data["title"], f"{where}.title"),
                       questions=questions)

    def question(self, raw: Any, where: str, in_group: bool = False) -> Question:
        optional = {"help", "choices", "choices_within", "choices_fit", "default", "default_from", "examples",
                    "when", "min_items"}
        if not in_group:
            optional |= {"questions", "first", "another", "item", "item_name", "count"}
        data = self.mapping(raw, where, {"field", "type", "label", "prompt"}, optional)
        where = f"{where} ({data['field']})"
        kind = data["type"]
        if kind not in TYPES or (in_group and kind == "group"):
            raise self.fail(where, f"type must be one of {', '.join(TYPES)}, not {kind!r}")
        choices = tuple(
            Choice(value=c["value"], title=Localized(lt=str(c["lt"]), en=str(c["en"])))
            for c in (self.mapping(c, f"{where}.choices", {"value", "lt", "en"}, set())
                      for c in data.get("choices") or [])
        )
        if (kind in ("select", "checkbox")) != bool(choices):
            raise self.fail(where, "select and checkbox questions (only) need choices")
        if data.get("choices_fit") not in (None, "sector"):
            raise self.fail(where, "choices_fit can only be 'sector' (kinds that fit the answered sector)")
        if data.get("default_from") not in (None, *DEFAULT_SOURCES):
            raise self.fail(where, f"default_from must be one of {', '.join(DEFAULT_SOURCES)}")
        group: dict[str, Any] = {}
        if kind == "group":
            for key in ("questions", "first", "another", "item", "item_name"):
                if key not in data:
                    raise self.fail(where, f"a group needs {key!r}")
            group = {
                "questions": tuple(self.question(q, f"{where}.questions[{i}]", in_group=True)
                                   for i, q in enumerate(data["questions"])),
                "first": self.localized(data["first"], f"{where}.first"),
                "another": self.localized(data["another"], f"{where}.another"),
                "item": self.localized(data["item"], f"{where}.item"),
                "item_name": str(data["item_name"]),
                "count": self.count(data.get("count"), f"{where}.count"),
            }
        return Question(
            field=str(data["field"]),
            type=kind,
            label=self.localized(data["label"], f"{where}.label"),
            prompt=self.localized(data["prompt"], f"{where}.prompt"),
            help=self.localized(data["help"], f"{where}.help") if "help" in data else None,
            choices=choices,
            choices_within=data.get("choices_within"),
            choices_fit=data.get("choices_fit"),
            min_items=int(data.get("min_items") or 0),
            default=data.get("default"),
            default_from=data.get("default_from"),
            examples=data.get("examples"),
            when=self.condition(data.get("when"), f"{where}.when"),
            **group,
        )

    def count(self, raw: Any, where: str) -> tuple[int, int] | None:
        if raw is None:
            return None
        data = self.mapping(raw, where, {"min", "max"}, set())
        low, high = data["min"], data["max"]
        if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high):
            raise self.fail(where, "min and max must be whole numbers, min ≤ max")
        return low, high

    def condition(self, raw: Any, where: str) -> Condition:
        if raw is None:
            return Condition()
        tests = []
        for path, test in self.mapping(raw, where, set(), set(raw or {})).items():
            if isinstance(test, dict):
                test = self.mapping(test, f"{where}.{path}", set(), {"any_of", "none_of"})
                if len(test) != 1:
                    raise self.fail(f"{where}.{path}", "give exactly one of any_of, none_of")
                kind, values = next(iter(test.items()))
            else:
                kind, values = "any_of", test
            values = tuple(values) if isinstance(values, list) else (values,)
            tests.append((str(path), kind, values))
        return Condition(tests=tuple(tests))
