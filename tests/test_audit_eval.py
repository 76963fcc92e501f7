"""The audit's measured accuracy on the labelled passages does not regress (bench/audit/).

The floors sit a little below the figures in docs/audit.md; an edit of the rubric data, the
lexicon, the learned data or the thresholds that loses accuracy fails here. dev is the tuning
split; val, val3, val4, val5 and val6 are five other writers' blind blocks (ids 301-360, 401-460,
501-560, 601-660, 701-760), each measured once or more as the test split of its round and then
folded in. The learned data (negatives and exemplars) is learned from dev and those blocks, so
their figures are in-sample: their floors only guard against regressions. The test split
(heldout_{lang}.yaml, ids 801-860 and 901-960), written blind by a seventh and an eighth writer
and labelled again by a second labeller, was measured once with issue 14's sixth-round method
frozen: its figures are the out-of-sample ones.
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
    # in-sample for the learned data (docs/audit.md: lt 0.97-1.00 / 0.94-1.00, en 0.96-0.98 / 0.96-0.99)
    *[(lang, split, 0.94, 0.92) for lang in ("lt", "en") for split in ("dev", "val", "val3", "val4", "val5", "val6")],
    # the seventh and eighth writers' blind test split, measured once (lt 0.906 / 0.920, en 0.855 / 0.935)
    ("lt", "test", 0.89, 0.90),
    ("en", "test", 0.84, 0.92),
])
def test_precision_and_recall_of_present(evaluate, lang, split, precision, recall):
    figures = evaluate.evaluate(lang, split)
    assert figures.precision >= precision and figures.recall >= recall, figures


def test_the_sets_are_large_enough_and_ids_unique(evaluate):
    for lang in ("lt", "en"):
        passages = evaluate.load(lang)
        assert sum(p["split"] == "dev" for p in passages) >= 160
        for block in ("val", "val3", "val4", "val5", "val6"):
            assert sum(p["split"] == block for p in passages) >= 60, block
        assert sum(p["split"] == "test" for p in passages) >= 120
        ids = [p["id"] for p in passages]
        assert len(ids) == len(set(ids))


@pytest.mark.parametrize("block", ["val3", "val4", "val5", "val6", "test"])
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
