"""Rubric data learned from the labelled passages (``templates/audit/learned_{lang}.yaml``).

The labelled passages of ``bench/audit/`` (written for the project by several writers, each labelled
with the rubric items it is evidence for) are the widest record of how standards word each item.
``bench/audit/learn.py`` turns them into data the retrieval reads beside the hand-written rubric:

- **positives**: each sentence of a passage as an exemplar of the facet of its labelled item that
  it resembles most, so a standard that words an item as one of those writers did is found;
- **negatives**: sentences of passages *not* labelled with an item that still resemble it or hold
  its key terms (a neighbouring item's wording). A sentence that resembles an item's negatives at
  least 1.5 times as closely as the item is not evidence for it; its key terms already do not
  count when it resembles them as closely as the item (see :mod:`retrieval` and :mod:`scoring`).

The file is generated (``python bench/audit/learn.py --write``), never edited by hand, from every
labelled block but the test split. The negatives ship since issue 14's fifth round, the positives
since its sixth: with each writer's block left out in turn, learned from the others, they raised
the figures on the block left out (docs/audit.md). A missing file means nothing learned (the rubric
alone); ``bench/audit/evaluate.py`` builds learned indexes in memory for its cross-writer figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kasgen.resources import data_dir, load_yaml


@dataclass(frozen=True)
class Learned:
    """``positives``: (item, facet, sentence); ``negatives``: (item, sentence)."""

    positives: tuple[tuple[str, str, str], ...] = ()
    negatives: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_data(cls, data: dict) -> Learned:
        positives = tuple((ref.partition("/")[0], ref.partition("/")[2] or "main", text)
                          for ref, texts in (data.get("positives") or {}).items() for text in texts)
        negatives = tuple((item, text) for item, texts in (data.get("negatives") or {}).items() for text in texts)
        return cls(positives, negatives)


@lru_cache(maxsize=2)
def load_learned(lang: str) -> Learned:
    path = data_dir("templates") / "audit" / f"learned_{lang}.yaml"
    if not path.exists():
        return Learned()
    return Learned.from_data(load_yaml(path) or {})
