"""kasgen's own sections that fill a gap: the one place the audit meets the clause library.

The rubric's ``filled_by`` (``templates/audit/rubric/``) names section ids. The library is being
rewritten (clauses become a norm registry, ids change), so ids are resolved here at run time:
an id the library no longer has is skipped, and a test checks that every ``filled_by`` id
exists, so a rename fails that test instead of silently emptying the suggestions.

With an answers file, the sections are rendered for the organisation through the public
:func:`kasgen.pipeline.run` and cut from the standard's and the annex's document models under the
heading whose ``clause_id`` matches, so a consultant can paste them or build from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kasgen.document import Block, Figure, Heading, Para
from kasgen.profile import Profile

_STATEMENT = re.compile(r"\{%.*?%\}", re.S)
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)


@dataclass
class Section:
    """One kasgen section proposed for an item: its id, title, number in kasgen's standard for
    this organisation, and its rendered blocks (empty without an answers file)."""

    id: str
    title: str
    number: str = ""
    blocks: list[Block] = field(default_factory=list)


@lru_cache(maxsize=1)
def _library_titles() -> dict[str, tuple[str, str]]:
    """section id -> (Lithuanian title, English title), from the norm registry."""
    from kasgen.registry import load_registry

    return {sid: (c.title.lt, c.title.en) for sid, c in load_registry().sections.items()}


def known_section_ids() -> set[str]:
    """Every section id the current library defines."""
    return set(_library_titles())


def section_titles(ids: list[str], lang: str) -> list[Section]:
    """The known sections among ``ids`` with their titles (template parts of a title left out)."""
    titles = _library_titles()
    out = []
    for sid in ids:
        if sid not in titles:
            continue  # renamed or removed from the library: nothing to propose
        title = titles[sid][0 if lang == "lt" else 1]
        if "{%" in title:  # a title that depends on the answers: its first variant
            title = _STATEMENT.split(title)[1] if len(_STATEMENT.split(title)) > 1 else title
        title = " ".join(_EXPRESSION.sub("…", _STATEMENT.sub(" ", title)).split()) or sid
        out.append(Section(sid, title))
    return out


def rendered_sections(profile: Profile, lang: str, ids: set[str]) -> dict[str, Section]:
    """The sections among ``ids`` that kasgen writes for this organisation, rendered.

    A section the organisation's answers do not select (a channel it does not use) is absent.
    """
    from kasgen.pipeline import run

    result = run(profile, lang)
    found: dict[str, Section] = {}
    current: Section | None = None
    for block in [*result.standard.blocks, *result.annex.blocks]:
        if isinstance(block, Heading) and block.level <= 2:
            current = None
            if block.level == 2 and block.clause_id in ids:
                current = Section(block.clause_id, block.text, block.number)
                found[block.clause_id] = current
            continue
        if current is None or isinstance(block, Figure):
            continue
        if isinstance(block, Para) and block.comments:
            block = Para(block.role, block.runs, block.number, block.in_appendix, block.norm_id)
            # editor's comments belong to kasgen's own document
        current.blocks.append(block)
    return found
