"""The numbers the model computes are the numbers Word's list numbering shows.

Citations (``ref()``), the contents, cards, the indicator table and the checklists all use the
model's numbers; Word prints its own from the styles. They must agree paragraph by paragraph.
"""

from __future__ import annotations

import pytest

from kasgen.answers import validate_answers
from kasgen.build import render_standard
from kasgen.document import Heading, Para
from kasgen.lint.matrix import matrix_profiles
from kasgen.pipeline import run
from tests.helpers import SAMPLES, load_sample
from tests.word_numbering import word_numbers

PROFILES = [(p.stem, load_sample(p)) for p in SAMPLES] + [
    (name, validate_answers(a, name)) for name, a in matrix_profiles()[:6]
]


def model_numbers(doc) -> list[str]:
    out = []
    for b in doc.blocks:
        if isinstance(b, Heading) and b.kind in ("chapter", "appendix", "section"):
            out.append(b.number)
        elif isinstance(b, Para) and b.role in ("clause", "subclause"):
            out.append(b.number)
    return out


@pytest.mark.parametrize("name,profile", PROFILES, ids=[n for n, _ in PROFILES])
def test_word_shows_the_numbers_the_model_cites(name, profile):
    data, _ = render_standard(profile)
    shown = [number for _, number, _ in word_numbers(data)]
    assert shown == model_numbers(run(profile).standard)


def test_a_norm_cited_in_text_has_the_number_word_shows():
    profile = load_sample(SAMPLES[0])
    result = run(profile)
    data, _ = render_standard(profile)
    by_text = {text: number for style, number, text in word_numbers(data)
               if style in ("Clause", "Appendix Clause")}
    cited = result.rendered.numbers.norm
    for para in result.standard.blocks:
        if isinstance(para, Para) and para.norm_id:
            assert by_text[para.text] == cited[para.norm_id]
