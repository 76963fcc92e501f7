"""Learn rubric data from the labelled passages (``templates/audit/learned_{lang}.yaml``).

    python bench/audit/learn.py                 # what would be learned from dev and val* (counts)
    python bench/audit/learn.py --write         # write the files: the audit then uses them
    python bench/audit/learn.py --parts negatives --write   # one part only (measured, not shipped)

Shipped: the negatives since issue 14's fifth round, the positives since its sixth, learned from
every labelled block but the test split. Measured with each other writer's block left out
(``evaluate.py --writers --learned``: learned, and thresholds chosen, without that block), they
raised the figures of the block left out (docs/audit.md). ``tests/test_audit_learned.py`` fails
when the files differ from what this script renders from the labelled passages.

For every labelled passage (``labelled_{lang}.yaml``), audited on its own with the hand-written
rubric only:

- **positives**: each sentence becomes an exemplar of the labelled item(s) it resembles most
  (resemblance, key terms counting ``KEY_BONUS`` extra; every label within ``SHARE`` of the best),
  filed under that item's closest facet. A sentence that resembles none of its labels is kept only
  when the passage has one label with a single facet (the passage's words are then the item's).
- **negatives**: each sentence that resembles an item it is *not* labelled with (nor a ``shown_by``
  partner of a label) at least at the ``partial`` threshold, or holds its key terms at the
  ``keyed`` one, becomes a negative of that item: a neighbouring item's wording that the
  hand-written rubric confuses with it. Neither threshold is tuned.

``learn()`` is what ``evaluate.py`` calls with a subset of the passages (cross-writer and
cross-validated figures: a passage is never scored with data learned from itself or its fold).
Deterministic: the same passages give the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kasgen.audit.learned import Learned  # noqa: E402
from kasgen.audit.reader import standard_from_text  # noqa: E402
from kasgen.audit.retrieval import ExemplarIndex, Match, match_sentences  # noqa: E402
from kasgen.audit.rubric import load_rubric  # noqa: E402
from kasgen.audit.scoring import thresholds  # noqa: E402

HERE = Path(__file__).resolve().parent
TARGET = ROOT / "templates" / "audit"
SHARE = 0.7  # a sentence is filed under every label at least this share as close as the best one
KEY_BONUS = 0.1  # key terms of a label count as this much extra resemblance when choosing
PARTS = ("negatives", "positives")  # both ship since issue 14's sixth round (docs/audit.md)


def passages(lang: str, splits: tuple[str, ...] = ("dev", "val", "val3", "val4", "val5", "val6")) -> list[dict]:
    data = yaml.safe_load((HERE / f"labelled_{lang}.yaml").read_text(encoding="utf-8"))
    return [p for p in data["passages"] if p["split"] in splits]


def learn_data(chosen: list[dict], lang: str, parts: tuple[str, ...] = PARTS) -> dict:
    """The learned file's content for these passages (sorted, without duplicates)."""
    rubric = load_rubric()
    local = {i.id for i in rubric.items if i.check == "retrieval"}
    single = {i.id: i.all_facets[0].id for i in rubric.items if len(i.all_facets) == 1}
    index = ExemplarIndex(rubric, lang)
    limits = thresholds(lang)
    positives: dict[str, set[str]] = {}
    negatives: dict[str, set[str]] = {}
    for p in chosen:
        standard = standard_from_text(f"# {p['heading']}\n\n{p['text']}", p["id"])
        labels = set(p["present"]) & local
        allowed = labels | {q for item in labels for q in rubric.partners(item)}
        best: dict[int, dict[str, tuple[float, str]]] = {}  # sentence -> item -> (strength, facet)
        for ref, ms in match_sentences(standard.sentences, lang, index).items():
            for m in ms:
                row = best.setdefault(m.sentence, {})
                if _strength(m) > row.get(ref.item, (0.0, ""))[0]:
                    row[ref.item] = (_strength(m), ref.facet)
                if ref.item in local and ref.item not in allowed and (
                        m.score >= limits.partial or (m.keys and m.score >= limits.keyed)):
                    negatives.setdefault(ref.item, set()).add(standard.sentences[m.sentence].text)
        for s in standard.sentences:
            row = best.get(s.index, {})
            own = {item: row[item] for item in labels if item in row}
            if own:
                top = max(strength for strength, _ in own.values())
                for item, (strength, facet) in own.items():
                    if strength >= SHARE * top:
                        positives.setdefault(f"{item}/{facet}", set()).add(s.text)
            elif len(labels) == 1 and next(iter(labels)) in single:
                item = next(iter(labels))
                positives.setdefault(f"{item}/{single[item]}", set()).add(s.text)
    return {
        "language": lang,
        "passages": sorted(p["id"] for p in chosen),
        "positives": {k: sorted(v) for k, v in sorted(positives.items())} if "positives" in parts else {},
        "negatives": {k: sorted(v) for k, v in sorted(negatives.items())} if "negatives" in parts else {},
    }


def _strength(m: Match) -> float:
    return m.score + (KEY_BONUS if m.keys else 0.0)


def learn(chosen: list[dict], lang: str, parts: tuple[str, ...] = PARTS) -> Learned:
    return Learned.from_data(learn_data(chosen, lang, parts))


HEADER = ("# Generated by bench/audit/learn.py from bench/audit/labelled_{lang}.yaml (dev, val*):\n"
          "# do not edit; regenerate with `python bench/audit/learn.py --write`. positives: ITEM/FACET ->\n"
          "# labelled sentences filed under that facet; negatives: ITEM -> sentences of passages not\n"
          "# labelled with it that resemble it (kasgen/audit/learned.py, docs/audit.md).\n")


def render(lang: str, parts: tuple[str, ...] = PARTS) -> str:
    data = learn_data(passages(lang), lang, parts)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return HEADER.format(lang=lang) + body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write templates/audit/learned_{lt,en}.yaml")
    parser.add_argument("--parts", default=",".join(PARTS), help="positives, negatives or both")
    args = parser.parse_args()
    parts = tuple(args.parts.split(","))
    for lang in ("lt", "en"):
        if args.write:
            path = TARGET / f"learned_{lang}.yaml"
            path.write_text(render(lang, parts), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
        else:
            data = learn_data(passages(lang), lang, parts)
            print(f"{lang}: {sum(map(len, data['positives'].values()))} positives over "
                  f"{len(data['positives'])} facets, {sum(map(len, data['negatives'].values()))} negatives "
                  f"over {len(data['negatives'])} items, from {len(data['passages'])} passages")


if __name__ == "__main__":
    main()
