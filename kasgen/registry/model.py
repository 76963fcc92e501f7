"""The norm registry's data model: every norm, phrase and view stated once, as data.

A *part* (chapter or appendix of a document) holds *sections*; a section holds, in order, *norms*
(numbered, one observable behaviour each, with their phrases, checks and indicators), *blocks*
(unnumbered text in kasgen's line markup) and *generated* views (the branch table, a call script,
the situation index…). Phrases, situations, mystery-shopping scenarios, survey questions, letter
templates and cards live in their own files and point at norms by id; nothing restates a norm.
"""

from __future__ import annotations

from typing import Any, Literal, Union

from pydantic import ConfigDict, Field, model_validator

from kasgen.domain import Localized, StrictData
from kasgen.registry.conditions import Condition, Size

ID = r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"
Voice = Literal["formal", "neutral", "warm", "friendly"]
#: Keys a phrase's texts may have: a voice, a pair of voices, or every voice.
PhraseKey = Literal["all", "plain", "lively", "formal", "neutral", "warm", "friendly"]
VOICE_FALLBACK: dict[str, tuple[str, ...]] = {
    "formal": ("formal", "plain", "all"),
    "neutral": ("neutral", "plain", "all"),
    "warm": ("warm", "lively", "all"),
    "friendly": ("friendly", "lively", "all"),
}


class RegistryData(StrictData):
    """Base of the registry's models. Their validators are built when first needed: a build
    takes the validated registry from the cache (:mod:`kasgen.registry.loader`) and never
    validates, so building them at import only cost time."""

    model_config = ConfigDict(defer_build=True)


class LocalizedList(RegistryData):
    lt: list[str]
    en: list[str]

    @model_validator(mode="after")
    def _same_length(self) -> LocalizedList:
        if len(self.lt) != len(self.en):
            raise ValueError(f"lt has {len(self.lt)} items and en {len(self.en)}; give both the same")
        return self

    def get(self, lang: str) -> list[str]:
        return list(getattr(self, lang))


class Scoped(RegistryData):
    """Anything that may apply only to some organisations."""

    when: Condition = Field(default_factory=Condition)
    min_size: Size = "micro"


class Check(Scoped):
    """A mystery-shopper check item for a norm: observable in one visit, call or message."""

    id: str = Field(pattern=ID)
    scenario: str = Field(pattern=ID, description="Id of the scenario (scenarios.yaml) that observes it.")
    text: Localized
    weight: int = Field(default=1, ge=1, le=3)
    knockout: bool = Field(default=False, description="Failing it fails the whole visit.")
    key: Localized | None = Field(default=None, description="Answer key: what counts as met.")
    measure: Localized | None = Field(default=None, description="A value to record (unit), not yes/no.")


class Indicator(Scoped):
    """A row of the monitoring plan (management annex), owned by the norm it measures."""

    id: str = Field(pattern=ID)
    name: Localized
    formula: Localized
    target: Localized
    source: Localized
    frequency: Localized
    owner: Localized
    action: Localized = Field(description="What happens when the target is missed.")


class DontSay(RegistryData):
    dont: Localized
    instead: Localized


class Norm(Scoped):
    """One observable behaviour, stated once."""

    id: str = Field(pattern=ID)
    text: Localized
    items: LocalizedList | None = None
    say: list[str] = Field(default=[], description="Phrase ids printed under the norm.")
    dont: list[DontSay] = []
    short: Localized | None = Field(default=None, description="A few words for cards and the index.")
    note: Localized | None = Field(default=None, description="A note for the editor (Word comment).")
    checks: list[Check] = []
    indicators: list[Indicator] = []
    rubric: list[str] = []


class Block(Scoped):
    """Unnumbered content in kasgen's line markup (body text, bullets, tables, sub-headings)."""

    body: Localized
    rubric: list[str] = []


class Generated(Scoped):
    """A view generated from the registry or the answers (``@branches``, ``script`` …)."""

    generated: str = Field(pattern=ID)
    args: dict[str, Any] = {}
    rubric: list[str] = []


Content = Union[Norm, Block, Generated]


class Section(Scoped):
    id: str = Field(pattern=ID)
    part: str = ""
    order: int
    title: Localized
    content: list[Content] = []
    source: str = ""

    @model_validator(mode="before")
    @classmethod
    def _content_kinds(cls, data: Any) -> Any:
        """Tell norms, blocks and generated views apart by their keys."""
        if isinstance(data, dict) and isinstance(data.get("content"), list):
            typed = []
            for item in data["content"]:
                if isinstance(item, dict):
                    if "generated" in item:
                        item = Generated.model_validate(item)
                    elif "body" in item:
                        item = Block.model_validate(item)
                    else:
                        item = Norm.model_validate(item)
                typed.append(item)
            data = {**data, "content": typed}
        return data

    def norms(self) -> list[Norm]:
        return [c for c in self.content if isinstance(c, Norm)]


class PartSpec(Scoped):
    """A chapter or appendix of one of the documents kasgen writes."""

    id: str = Field(pattern=ID)
    document: Literal["standard", "annex"]
    kind: Literal["front", "chapter", "appendix"]
    title: Localized


class Phrase(Scoped):
    """What to say in one situation, per voice. Serious phrases change warmth, never gravity."""

    id: str = Field(pattern=ID)
    label: Localized = Field(description="The moment it is said, for script tables.")
    tone: Literal["everyday", "serious"] = "everyday"
    serves: str | None = Field(default=None, description="The norm (or section) a script table cites for it.")
    lt: dict[PhraseKey, str]
    en: dict[PhraseKey, str]

    @model_validator(mode="after")
    def _every_voice(self) -> Phrase:
        for lang in ("lt", "en"):
            texts = getattr(self, lang)
            for voice, chain in VOICE_FALLBACK.items():
                if not any(k in texts for k in chain):
                    raise ValueError(f"{lang}: no text for the {voice} voice")
            if self.tone == "serious" and set(texts) - {"all", "plain", "lively"}:
                raise ValueError(f"{lang}: a serious phrase has at most a plain and a lively text")
        return self

    def text(self, lang: str, voice: str) -> str:
        texts = getattr(self, lang)
        for key in VOICE_FALLBACK[voice]:
            if key in texts:
                return str(texts[key])
        raise KeyError(voice)


class SituationEntry(Scoped):
    """An entry of the "What to do if…" index: a situation and the norms that answer it."""

    id: str = Field(pattern=ID)
    title: Localized
    norms: list[str] = Field(min_length=1)


class ScenarioSpec(Scoped):
    """A mystery-shopping scenario: one visit, call or message that observes its check items."""

    id: str = Field(pattern=ID)
    method: Literal["visit", "call", "email", "letter", "form", "chat", "social"]
    title: Localized
    brief: Localized = Field(description="What the shopper does and asks.")
    per_year: dict[Size, int] = Field(description="Checks a year by the organisation's size.")
    per_site: bool = Field(default=False, description="The number is for each site (visits).")


class SurveyQuestion(Scoped):
    id: str = Field(pattern=ID)
    area: Literal["reliability", "responsiveness", "assurance", "empathy", "tangibles", "effort",
                  "overall", "recommend", "open"]
    scale: Literal["csat5", "ces7", "nps11", "open"]
    text: Localized
    norms: list[str] = []


class Letter(Scoped):
    """A written template (appendix of written communication)."""

    id: str = Field(pattern=ID)
    title: Localized
    subject: Localized | None = None
    body: Localized
    frame: Literal["full", "short", "none"] = Field(
        default="full",
        description="full: greeting, closing and signature block; short: greeting and the "
        "employee's name (chat, social media, auto-replies); none: the body only.")
    note: Localized | None = Field(default=None, description="A note for the editor (Word comment).")
    tone: Literal["everyday", "serious"] = Field(
        default="everyday", description="serious: a refusal, bad news or an apology; the frame keeps "
        "its gravity in every voice (greeting and closing of the formal or neutral voice).")
    norms: list[str] = []


class Definition(Scoped):
    """A defined term; the definitions table shows those that apply, in registry order."""

    id: str = Field(pattern=ID)
    term: Localized
    meaning: Localized


class Card(Scoped):
    """A one-page card for a channel or a role: norm numbers with their short form, and phrases."""

    id: str = Field(pattern=ID)
    title: Localized
    audience: Localized
    norms: list[str] = []
    phrases: list[str] = []
