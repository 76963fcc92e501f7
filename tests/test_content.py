"""Lint the shipped content like code: ids, parity, placeholders, readability, numbers."""

from __future__ import annotations

import re

import pytest
from jinja2 import meta

from kasgen.answers import load_profile
from kasgen.assemble import assemble
from kasgen.clauses import load_library
from kasgen.document import Heading, Para, Table
from kasgen.shell_builder import REQUIRED_STYLES
from kasgen.textrender import environment
from tests.helpers import SAMPLES, strings_in

LIBRARY = load_library()
SAMPLE_PROFILES = {s.stem: load_profile(s) for s in SAMPLES}


# Grammar may legitimately differ: Lithuanian declines the organisation's kind noun (t.org.gen)
# where English names it (org.short_name). Facts and numbers must not differ.
_GRAMMAR = {"t", "org", "lang", "address_form", "voice"}


def names(source: str) -> set[str]:
    return meta.find_undeclared_variables(environment().parse(source)) - _GRAMMAR


def attr_paths(source: str) -> set[str]:
    return set(re.findall(r"\b(?:sl|roles|doc|say|brand|monitoring)\.[a-z_.]+", source))


@pytest.mark.parametrize("cid", sorted(LIBRARY))
def test_lt_and_en_use_the_same_placeholders(cid):
    clause = LIBRARY[cid]
    for field in ("title", "text"):
        lt, en = getattr(clause, field).lt, getattr(clause, field).en
        assert names(lt) == names(en), f"{cid}.{field}"
        assert attr_paths(lt) == attr_paths(en), f"{cid}.{field}"


def test_indicators_point_at_existing_clauses():
    for clause in LIBRARY.values():
        for ind in clause.indicators:
            assert (ind.norm or clause.id) in LIBRARY, f"{clause.id}: indicator {ind.id} -> {ind.norm}"


def test_indicator_and_check_ids_are_unique():
    ids = [i.id for c in LIBRARY.values() for i in c.indicators]
    assert len(ids) == len(set(ids))
    checks = [k.id for c in LIBRARY.values() for k in c.checks]
    assert len(checks) == len(set(checks))


def test_shell_has_every_required_style():
    import docx

    from kasgen.build import default_template

    names_in_shell = {s.name for s in docx.Document(str(default_template())).styles}
    assert not set(REQUIRED_STYLES) - names_in_shell


def sections(document):
    """(heading, blocks) per Heading 2 section."""
    out, current = [], None
    for block in document.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            current = (block, []) if block.level == 2 else None
            if current:
                out.append(current)
        elif current is not None:
            current[1].append(block)
    return out


@pytest.mark.parametrize("sample", sorted(SAMPLE_PROFILES))
def test_lt_and_en_have_the_same_numbered_structure(sample):
    profile = SAMPLE_PROFILES[sample]
    lt = assemble(profile, "lt").document
    en = assemble(profile, "en").document
    shape = lambda d: [  # noqa: E731
        (h.clause_id, sum(1 for b in blocks if isinstance(b, Para) and b.role == "clause"),
         sum(1 for b in blocks if isinstance(b, Table)))
        for h, blocks in sections(d)
    ]
    assert shape(lt) == shape(en)


@pytest.mark.parametrize("sample", sorted(SAMPLE_PROFILES))
def test_every_section_states_observable_norms(sample):
    document = assemble(SAMPLE_PROFILES[sample]).document
    thin = []
    for heading, blocks in sections(document):
        norms = sum(1 for b in blocks if isinstance(b, Para) and b.role == "clause")
        tables = sum(1 for b in blocks if isinstance(b, Table))
        if norms < 3 and not (tables and norms >= 1):
            thin.append(f"{heading.number} {heading.text} ({heading.clause_id}): {norms} norms")
    assert not thin, "\n".join(thin)


def body_sentences(document) -> list[str]:
    text = " ".join(b.text for b in document.blocks if isinstance(b, Para) and b.role != "phrase")
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 1]


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_average_sentence_is_at_most_20_words(lang):
    for sample, profile in SAMPLE_PROFILES.items():
        sentences = body_sentences(assemble(profile, lang).document)
        average = sum(len(s.split()) for s in sentences) / len(sentences)
        assert average <= 20, f"{sample} ({lang}): {average:.1f} words per sentence"


ENGLISH_WORDS = re.compile(r"\b(the|and|with|please|customer|employee|should|which)\b", re.I)
LT_LETTERS = re.compile(r"\w*[ąčęėįšųūž]\w*", re.I)


def profile_strings(profile) -> list[str]:
    return strings_in(profile.model_dump(mode="json"))


@pytest.mark.parametrize("sample", sorted(SAMPLE_PROFILES))
def test_no_words_of_the_other_language(sample):
    profile = SAMPLE_PROFILES[sample]
    for lang in ("lt", "en"):
        text = "\n".join(assemble(profile, lang).document.text_lines())
        for s in profile_strings(profile):
            text = text.replace(s, " ")
        if lang == "lt":
            found = sorted(set(ENGLISH_WORDS.findall(text)))
        else:
            found = sorted(set(LT_LETTERS.findall(text)))
        assert not found, f"{sample} ({lang}): {found[:20]}"
