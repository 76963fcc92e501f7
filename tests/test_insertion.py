"""Answers printed as given never break Lithuanian agreement (issue 12).

The organisation's name, short name and role holders are printed exactly as typed, so they may only
stand where the nominative is right: not after a preposition ("dėl Kauno vandenys") and not in front
of a noun that needs them in the genitive ("Kauno vandenys darbuotojai"). Every document of the set
is built for names of every grammatical shape and each place a name lands is checked.
"""

from __future__ import annotations

import re

import pytest

from kasgen.answers import validate_answers
from kasgen.pipeline import run
from kasgen.views.working_files import cards_document
from tests.helpers import answers

#: (short name, full name, a role holder): masculine, feminine, plural, multi-word.
SHAPES = {
    "masculine": ("Jonas Petraitis", "Jono Petraičio IĮ", "direktorius Jonas Petraitis"),
    "feminine": ("Ona Petraitienė", "Onos Petraitienės IĮ", "vedėja Ona Petraitienė"),
    "plural": ("Kauno vandenys", "UAB „Kauno vandenys“", "klientų aptarnavimo specialistės"),
    "multi-word": ("Vilniaus miesto savivaldybė", "Vilniaus miesto savivaldybės administracija",
                   "Bendrųjų reikalų skyriaus vedėjas"),
}
PREPOSITIONS = {"dėl", "iš", "į", "apie", "su", "be", "prie", "pas", "nuo", "iki", "per", "po", "už", "prieš",
                "tarp", "pagal", "link", "vietoj", "šalia", "ties", "virš", "greta"}
GOVERNED = re.compile(r"(darbuotoj|vadov|klient|pavadinim|svetain|paskyr|adres|paslaug|skyri|padalin)\w*",
                      re.IGNORECASE)


def _texts(profile) -> list[str]:
    result = run(profile, "lt")
    lines = result.standard.text_lines() + result.annex.text_lines()
    lines += cards_document(result.rendered).text_lines()
    return lines


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_names_of_every_shape_stand_only_where_the_nominative_is_right(shape):
    short, name, holder = SHAPES[shape]
    data = answers(channels=["in_person", "phone", "email", "social_media"], social_networks=["Facebook"])
    data["organisation"].update(name=name, short_name=short)
    data["roles"] = {"standard_owner": holder, "complaints_owner": holder, "spokesperson": holder}
    data["document"]["approved_by"] = holder
    profile = validate_answers(data)
    seen = 0
    for line in _texts(profile):
        for value in (short, holder):
            for m in re.finditer(re.escape(value), line):
                seen += 1
                before = line[:m.start()].split()
                after = line[m.end():].split()
                word_before = before[-1].strip("(„“\"'").lower() if before else ""
                assert word_before not in PREPOSITIONS, f"{value!r} after “{word_before}”: {line[:160]}"
                if after:
                    assert not GOVERNED.fullmatch(after[0].strip(",.;:)“”")), (
                        f"{value!r} before “{after[0]}”: {line[:160]}")
    assert seen >= 3, f"the {shape} names were printed only {seen} times"
