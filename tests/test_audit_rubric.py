"""The rubric is data: every item of domain-reference §3 is there with both languages, and the
kasgen sections it names exist in the current clause library."""

from __future__ import annotations

import re

from kasgen.audit.analysis import lexicon
from kasgen.audit.library import known_section_ids, section_titles
from kasgen.audit.rubric import load_rubric

# domain-reference §3: 14 global gates, parts 1-6, appendices 1-4, monitoring, implementation
EXPECTED = (
    [f"G{i}" for i in range(1, 15)]
    + [f"P1.{i}" for i in range(1, 9)] + [f"P2.{i}" for i in range(1, 8)] + [f"P3.{i}" for i in range(1, 9)]
    + [f"P4.{i}" for i in range(1, 8)] + [f"P5.{i}" for i in range(1, 7)] + [f"P6.{i}" for i in range(1, 5)]
    + [f"A1.{i}" for i in range(1, 10)] + [f"A2.{i}" for i in range(1, 7)] + [f"A3.{i}" for i in range(1, 7)]
    + [f"A4.{i}" for i in range(1, 6)] + [f"M{i}" for i in range(1, 12)] + [f"I{i}" for i in range(1, 7)]
)


def test_every_rubric_item_is_there_in_order():
    assert [i.id for i in load_rubric().items] == EXPECTED


def test_every_filled_by_section_exists_in_the_library():
    """A renamed or removed kasgen section must be remapped in templates/audit/rubric/."""
    known = known_section_ids()
    missing = {(i.id, s) for i in load_rubric().items for s in i.filled_by if s not in known}
    assert not missing, f"filled_by names sections the library does not have: {sorted(missing)}"


def test_unknown_section_ids_are_skipped():
    titles = section_titles(["remote.phone", "no.such.section"], "en")
    assert [s.id for s in titles] == ["remote.phone"]
    assert titles[0].title and "{" not in titles[0].title


def test_items_have_both_languages_and_real_exemplars():
    for item in load_rubric().items:
        assert item.title.lt and item.title.en and item.title.lt != item.title.en, item.id
        if item.check == "retrieval":
            assert item.all_facets, item.id
        for facet in item.all_facets:
            for lang in ("lt", "en"):
                for text in facet.exemplars(lang):
                    assert len(text.split()) >= 3, (item.id, facet.id, text)
        if item.check not in ("retrieval",) and item.check != "phrases":
            assert item.advice is not None, f"{item.id}: a whole-document check needs advice text"


def test_lithuanian_exemplars_are_lithuanian():
    lt_letters = re.compile("[ąčęėįšųūž]")
    for item in load_rubric().items:
        for facet in item.all_facets:
            lithuanian = " ".join(facet.lt)
            assert lt_letters.search(lithuanian), (item.id, facet.id)
            assert not lt_letters.search(" ".join(facet.en)), (item.id, facet.id)


def test_flags_match_the_rubric():
    flags = {i.id: i.flag for i in load_rubric().items}
    critical = {k for k, v in flags.items() if v == "C"}
    assert {"G1", "G2", "G3", "G4", "G5", "P1.1", "P3.4", "P4.1", "P6.2", "A1.1", "M1", "M5"} <= critical
    assert flags["G13"] == flags["P1.7"] == flags["I6"] == "G"


def test_lexicon_has_both_languages():
    for key, value in lexicon().items():
        if isinstance(value, dict) and set(value) == {"lt", "en"}:
            assert value["lt"] and value["en"] or key in ("action_endings",), key


def test_no_two_exemplars_of_a_facet_say_the_same():
    """An exemplar that repeats another of its facet adds no wording: each must widen the facet."""
    from kasgen.audit.retrieval import exemplar_index

    for lang in ("lt", "en"):
        index = exemplar_index(lang)
        vectors = [index.vector(text) for text in index.exemplars[:index.handwritten]]
        by_owner: dict[int, list[int]] = {}
        for ex, owner in enumerate(index.owner[:index.handwritten]):  # learned ones are passages
            by_owner.setdefault(owner, []).append(ex)
        for members in by_owner.values():
            for k, a in enumerate(members):
                for b in members[k + 1:]:
                    cosine = sum(w * vectors[b].get(t, 0.0) for t, w in vectors[a].items())
                    assert cosine <= 0.8, (lang, index.exemplars[a], index.exemplars[b])


def test_rubric_files_name_each_item_once():
    """YAML keeps the last of two equal keys: a second "P4.1/hold:" in one file would silently
    drop the first one's exemplars."""
    import yaml

    from kasgen.resources import data_dir

    def duplicates(node: yaml.Node) -> list[str]:
        found: list[str] = []
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value]
            found += sorted({k for k in keys if keys.count(k) > 1})
            for _, value in node.value:
                found += duplicates(value)
        elif isinstance(node, yaml.SequenceNode):
            for value in node.value:
                found += duplicates(value)
        return found

    for path in sorted((data_dir("templates") / "audit" / "rubric").glob("*.yaml")):
        assert duplicates(yaml.compose(path.read_text(encoding="utf-8"))) == [], path.name
