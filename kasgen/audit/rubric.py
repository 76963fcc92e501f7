"""The review rubric as data: parts, items, facets and exemplars (``templates/audit/rubric/``).

Each item of domain-reference §3 has its flag ([C] critical, [R] required, [G] good practice),
its part, a short title in Lithuanian and English, and either exemplar sentences in both
languages (retrieval finds passages like them) or a named whole-document ``check``. An item with
several facets (the six principles, the steps of a contact) is present when ``need`` of them are
found. ``shown_by`` names the items (or facets) whose evidence shows this one too: one statement is
often evidence for two items (a hold script is the phone norm of Part 4 and Appendix 1's script).
``filled_by`` names the kasgen sections that fill the item; they are resolved against the clause
library at run time (see :mod:`kasgen.audit.library`).
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from kasgen.domain import Localized, StrictData
from kasgen.errors import KasgenError
from kasgen.profile import Channel, ClientGroup, Profile
from kasgen.registry.conditions import Size, size_at_least
from kasgen.resources import data_dir, load_yaml

LANGS = ("lt", "en")
Flag = Literal["C", "R", "G"]
Check = Literal[
    "retrieval", "tailoring", "behaviour", "numbers", "phrases", "monitoring_link", "usability",
    "sentence_length", "proportion", "principles_detail",
]


class Words(StrictData):
    lt: list[str]
    en: list[str]


class KeyTerms(StrictData):
    """Groups of key terms per language: a sentence with a term from every group is evidence."""

    lt: list[list[str]] = Field(min_length=1)
    en: list[list[str]] = Field(min_length=1)

    def groups(self, lang: str) -> list[list[str]]:
        return self.lt if lang == "lt" else self.en


class Facet(StrictData):
    """One thing an item asks for, with sentences that show it in each language."""

    id: str
    number: bool = False  # the evidence must state a number (a time, a count)
    about: list[str] = []  # channel groups the evidence must mention
    groups: list[ClientGroup] = []  # needed only if one is declared
    lt: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)
    keys: KeyTerms | None = None
    shown_by: list[str] = []  # ITEM or ITEM/FACET whose evidence counts here

    def exemplars(self, lang: str) -> list[str]:
        return self.lt if lang == "lt" else self.en


class Applies(StrictData):
    """When an item applies to an organisation (judged only when its answers file is given).

    ``channels``: any of them is used; ``min_size``: the organisation is at least this size
    (micro, small, medium, large as :attr:`Profile.size` reads it: machinery such as a risk
    register or a switchboard transfer script is not asked of a café with six staff); the rest
    must equal the profile's value.
    """

    channels: list[Channel] | None = None
    min_size: Size | None = None
    public: bool | None = None
    multi_branch: bool | None = None
    pay_link: bool | None = None

    def holds(self, profile: Profile) -> bool:
        if self.channels is not None and not set(self.channels) & set(profile.channels):
            return False
        if self.min_size is not None and not size_at_least(profile.size, self.min_size):
            return False
        if self.public is not None and profile.organisation.is_public != self.public:
            return False
        if self.multi_branch is not None and (len(profile.branches) >= 2) != self.multi_branch:
            return False
        return self.pay_link is None or profile.monitoring.pay_link == self.pay_link


class Item(StrictData):
    id: str
    flag: Flag
    part: str
    title: Localized
    applies: Applies = Field(default_factory=Applies)
    about: list[str] = []  # channel groups the evidence must mention
    strict: bool = False  # evidence must hold the key terms; resemblance alone is not enough
    # other parts where standards commonly state this item (published promises beside the
    # standard's communication plan): evidence there is not off-part
    also_in: list[str] = []
    check: Check = "retrieval"
    need: int | None = None
    facets: list[Facet] = []
    lt: list[str] = []
    en: list[str] = []
    keys: KeyTerms | None = None
    shown_by: list[str] = []  # for an item with plain exemplars
    advice: Localized | None = None
    filled_by: list[str] = []

    @model_validator(mode="after")
    def _shape(self) -> Item:
        if self.facets and (self.lt or self.en):
            raise ValueError("give either facets or lt/en exemplars, not both")
        if self.check == "retrieval" and not self.facets and not (self.lt and self.en):
            raise ValueError("a retrieval item needs exemplars in lt and en (or facets)")
        if self.need is not None and self.facets and not 1 <= self.need <= len(self.facets):
            raise ValueError(f"need must be between 1 and {len(self.facets)}")
        return self

    @cached_property
    def all_facets(self) -> list[Facet]:
        """The item's facets; an item with plain exemplars is one facet named after it (built once:
        the scoring asks for them for every sentence)."""
        if self.facets:
            return self.facets
        if self.lt and self.en:
            return [Facet(id="main", lt=self.lt, en=self.en, keys=self.keys, shown_by=self.shown_by)]
        return []

    @property
    def needed(self) -> int:
        return self.need or (1 if len(self.all_facets) <= 1 else (len(self.all_facets) + 1) // 2)

    def needed_for(self, profile: Profile | None) -> int:
        """Facets needed for "present"; with the answers, a facet for a client group the
        organisation did not declare is not required (§4: groups not served need no detail)."""
        if profile is None or not any(f.groups for f in self.all_facets):
            return self.needed
        required = [f for f in self.all_facets if not f.groups or set(f.groups) & set(profile.client_groups)]
        return max(1, min(self.needed, len(required)))

    @property
    def max_score(self) -> int:
        return 3


class Part(StrictData):
    id: str
    title: Localized
    headings: Words
    appendix: bool = False
    # parts that elaborate each other (Part 4 and the phone appendix): evidence for an item of
    # one found in a chapter of the other is in its place, not off-part
    related: list[str] = []


class Rubric(StrictData):
    parts: list[Part]
    items: list[Item]

    def part(self, part_id: str) -> Part:
        return next(p for p in self.parts if p.id == part_id)

    def items_of(self, part_id: str) -> list[Item]:
        return [i for i in self.items if i.part == part_id]

    def facets_named(self, ref: str) -> list[tuple[Item, Facet]]:
        """The facets an ``ITEM`` (all its facets) or ``ITEM/FACET`` reference names."""
        item_id, _, facet_id = ref.partition("/")
        item = next((i for i in self.items if i.id == item_id), None)
        if item is None:
            return []
        return [(item, f) for f in item.all_facets if not facet_id or f.id == facet_id]

    def partners(self, item_id: str) -> set[str]:
        """Items whose evidence shows this item or is shown by it (``shown_by`` either way)."""
        return set(self.partner_map.get(item_id, ()))

    @cached_property
    def partner_map(self) -> dict[str, frozenset[str]]:
        """Every item's partners (:meth:`partners`), worked out once."""
        out: dict[str, set[str]] = {}
        for item in self.items:
            for facet in item.all_facets:
                for source in {ref.partition("/")[0] for ref in facet.shown_by}:
                    out.setdefault(item.id, set()).add(source)
                    out.setdefault(source, set()).add(item.id)
        return {item_id: frozenset(found) for item_id, found in out.items()}

    def home_parts(self, part_id: str) -> set[str]:
        """The part and the parts related to it either way (``related`` in ``00_parts.yaml``)."""
        out = {part_id}
        for p in self.parts:
            if p.id == part_id:
                out.update(p.related)
            elif part_id in p.related:
                out.add(p.id)
        return out


def _target(items: list[dict], key: str, what: str) -> dict:
    """The item (``ITEM``) or facet (``ITEM/FACET``) a key of an extra data file names."""
    item_id, _, facet_id = key.partition("/")
    item = next((i for i in items if i.get("id") == item_id), None)
    target = item
    if item is not None and facet_id:
        target = next((f for f in item.get("facets", []) if f.get("id") == facet_id), None)
    if target is None or (not facet_id and item is not None and item.get("facets")):
        raise RubricError(f"rubric {what}: {key} names no item or facet")
    return target


def _add_exemplars(items: list[dict], more: dict[str, dict]) -> None:
    """Append the exemplars of an ``exemplars:`` file to the items and facets they name."""
    for key, extra in more.items():
        target = _target(items, key, "exemplars")
        for lang in LANGS:
            target[lang] = list(target.get(lang, [])) + list(extra.get(lang, []))


def _add_keys(items: list[dict], keys: dict[str, dict]) -> None:
    """Attach the key terms of a ``keys:`` file to the items and facets they name."""
    for key, terms in keys.items():
        _target(items, key, "key terms")["keys"] = terms


def _add_shown_by(items: list[dict], shown_by: dict[str, list[str]]) -> None:
    """Attach the references of a ``shown_by:`` file (target -> the items or facets whose
    evidence shows it), checking that every name exists."""
    for key, sources in shown_by.items():
        for source in sources:
            item_id, _, facet_id = source.partition("/")
            item = next((i for i in items if i.get("id") == item_id), None)
            if item is None or (facet_id and not any(f.get("id") == facet_id for f in item.get("facets", []))):
                raise RubricError(f"rubric shown_by: {source} names no item or facet")
        target = _target(items, key, "shown_by")
        target["shown_by"] = list(target.get("shown_by", [])) + list(sources)


class RubricError(KasgenError):
    """kasgen's own rubric data is malformed (a packaging or editing mistake, not user input)."""


@lru_cache(maxsize=4)
def load_rubric(folder: Path | None = None) -> Rubric:
    """Read every ``*.yaml`` of the rubric folder: ``parts`` from one, ``items`` from all."""
    folder = folder or data_dir("templates") / "audit" / "rubric"
    parts: list[dict] = []
    items: list[dict] = []
    more: dict[str, dict] = {}
    keys: dict[str, dict] = {}
    shown_by: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml(path) or {}
        unknown = set(data) - {"parts", "items", "exemplars", "keys", "shown_by"}
        if unknown:
            raise RubricError(f"{path.name}: unknown key(s) {', '.join(sorted(unknown))}")
        parts += data.get("parts", [])
        items += data.get("items", [])
        for key, extra in (data.get("exemplars") or {}).items():  # several files may widen one item
            merged = more.setdefault(key, {})
            for lang in LANGS:
                merged[lang] = merged.get(lang, []) + list(extra.get(lang, []))
        keys.update(data.get("keys", {}))
        shown_by.update(data.get("shown_by", {}))
    _add_exemplars(items, more)
    _add_keys(items, keys)
    _add_shown_by(items, shown_by)
    try:
        rubric = Rubric.model_validate({"parts": parts, "items": items})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise RubricError(f"rubric data in {folder}: {where}: {first['msg']}") from None
    ids = [i.id for i in rubric.items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RubricError(f"rubric data: duplicate item id(s) {', '.join(duplicates)}")
    part_ids = {p.id for p in rubric.parts}
    named = {i.part for i in rubric.items} | {r for p in rubric.parts for r in p.related}
    stray = sorted((named | {a for i in rubric.items for a in i.also_in}) - part_ids)
    if stray:
        raise RubricError(f"rubric data: items name unknown part(s) {', '.join(stray)}")
    return rubric
