"""The audit's measured accuracy on the labelled passages does not regress (bench/audit/).

The floors sit a little below the figures in docs/audit.md; an edit of the rubric data, the
lexicon or the thresholds that loses accuracy fails here. The val split (ids 301-360, written blind
to the method) was measured once as a held-out split, after the method was frozen: precision 0.73
(lt) and 0.72 (en) missed the issue's 0.85 (see docs/audit.md); it is now a validation block. The val3
split (ids 401-460), written blind by a third writer and labelled again by a second labeller who
saw neither the first labels nor the method, was the test split: measured with the methods of the
generalisation round and of the fourth round frozen (errors never listed), then folded in as a
third writer's validation block. The val4
block (ids 501-560), written blind by a fourth writer, was measured once as the test split with
the fifth round's first method frozen (lt 0.859 / 0.871, en 0.843 / 0.868), then folded in. The
test split (heldout_{lang}.yaml, ids 601-660 and 701-760), written blind by a fifth and a sixth
writer and labelled again by a second labeller, was measured once per writer with the fifth
round's final method frozen. Since the
learned negatives ship (learned from dev and the val blocks), those blocks' figures are in-sample:
their floors only guard against regressions; the test split's are the out-of-sample ones.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def evaluate():
    spec = importlib.util.spec_from_file_location("audit_evaluate", ROOT / "bench" / "audit" / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang, split, precision, recall", [
    ("lt", "dev", 0.86, 0.85),
    ("en", "dev", 0.88, 0.88),
    # the validation block: the blind held-out split of 2026-12-01, measured once as such
    ("lt", "val", 0.70, 0.80),
    ("en", "val", 0.70, 0.85),
    # the third writer's block, the blind test split until the fifth round (lt 0.771 / 0.794, en 0.645 / 0.721)
    ("lt", "val3", 0.74, 0.77),
    ("en", "val3", 0.62, 0.70),
    # the fourth writer's block, the blind test split of the fifth round (lt 0.859 / 0.871, en 0.843 / 0.868)
    ("lt", "val4", 0.84, 0.85),
    ("en", "val4", 0.82, 0.85),
    # the fifth and sixth writers' blind test split, each measured once (pooled lt 0.815 / 0.928,
    # en 0.791 / 0.854)
    ("lt", "test", 0.79, 0.90),
    ("en", "test", 0.76, 0.83),
])
def test_precision_and_recall_of_present(evaluate, lang, split, precision, recall):
    figures = evaluate.evaluate(lang, split)
    assert figures.precision >= precision and figures.recall >= recall, figures


def test_the_sets_are_large_enough_and_ids_unique(evaluate):
    for lang in ("lt", "en"):
        passages = evaluate.load(lang)
        assert sum(p["split"] == "dev" for p in passages) >= 160
        assert sum(p["split"] == "val" for p in passages) >= 60
        assert sum(p["split"] == "val3" for p in passages) >= 60
        assert sum(p["split"] == "val4" for p in passages) >= 60
        assert sum(p["split"] == "test" for p in passages) >= 60
        ids = [p["id"] for p in passages]
        assert len(ids) == len(set(ids))


@pytest.mark.parametrize("block", ["val3", "val4", "test"])
def test_a_second_labeller_labelled_the_blind_blocks_with_rubric_items(evaluate, block):
    spec = importlib.util.spec_from_file_location("audit_agreement", ROOT / "bench" / "audit" / "agreement.py")
    assert spec and spec.loader
    agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(agreement)
    known = {item.id for item in evaluate.load_rubric().items}
    for lang in ("lt", "en"):
        precision, recall, same, passages = agreement.agreement(lang, block)  # refuses a different id set
        assert passages >= 60 and precision >= 0.95 and recall >= 0.95
        second_file = agreement.BLOCKS[block][2].format(lang=lang)
        second = agreement.yaml.safe_load((agreement.HERE / second_file).read_text("utf-8"))
        assert {item for items in second.values() for item in items or []} <= known


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_no_exemplar_copies_a_labelled_passage(evaluate, lang):
    """The written protocol: an exemplar whose cosine to a dev passage (which the exemplars'
    writers saw) or one of its sentences exceeds 0.6 is rewritten, or the figures would measure
    memory, not the method."""
    assert evaluate.near_copies(lang) == []


def test_the_copy_check_finds_a_copied_sentence(evaluate, monkeypatch):
    exemplar = evaluate.ExemplarIndex(evaluate.load_rubric(), "en").exemplars[0]
    passage = {"id": "x1", "split": "dev", "heading": "Parking", "present": []}
    unrelated = {**passage, "text": "Six bicycle racks stand beside the car park."}
    monkeypatch.setattr(evaluate, "load", lambda lang: [unrelated])
    assert evaluate.near_copies("en") == []
    copied = {**passage, "text": f"Six bicycle racks stand beside the car park. {exemplar}"}
    monkeypatch.setattr(evaluate, "load", lambda lang: [copied])
    hits = evaluate.near_copies("en")
    assert [(h[1], h[2]) for h in hits] == [("x1", exemplar)] and hits[0][0] > 0.99


def test_thresholds_are_chosen_on_writers_the_learned_data_has_not_seen(evaluate, monkeypatch):
    """The cross-writer protocol (--writers --learned): every passage that helps choose the
    thresholds is scored with data learned from the other writers' blocks only, and the block
    measured is seen by nothing but the final scoring."""
    passages = [{"id": f"{split}{n}", "split": split, "heading": "H", "text": "T.", "present": []}
                for split in ("dev", "val", "val3") for n in range(3)]
    learned_from: dict[int, set[str]] = {}
    scored_with: dict[str, int] = {}

    def fake_index(chosen, lang, parts):
        learned_from[len(learned_from)] = {p["id"] for p in chosen}
        return len(learned_from) - 1

    def fake_choose(pairs, lang):
        scored_with.update({p["id"]: index for p, index in pairs})
        return evaluate.thresholds(lang)

    monkeypatch.setattr(evaluate, "_index", fake_index)
    monkeypatch.setattr(evaluate, "_choose", fake_choose)
    monkeypatch.setattr(evaluate, "_figures", lambda pairs, lang, limits: evaluate.Figures())
    measured = [{"id": "val4x", "split": "val4", "heading": "H", "text": "T.", "present": []}]
    evaluate.cross_measure(passages, measured, "en", ("negatives",))
    # dev, in-sample for the rubric's exemplars and key terms, is learned from but chooses nothing
    assert set(scored_with) == {p["id"] for p in passages if p["split"] != "dev"}
    for p in passages[3:]:
        own_block = {q["id"] for q in passages if q["split"] == p["split"]}
        assert learned_from[scored_with[p["id"]]] == {q["id"] for q in passages} - own_block
    assert learned_from[max(learned_from)] == {p["id"] for p in passages}  # the final data: all of learning
    assert all("val4x" not in ids for ids in learned_from.values())
