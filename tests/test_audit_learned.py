"""Learning from the labelled passages (bench/audit/learn.py, kasgen/audit/learned.py).

The negatives and the positives ship (templates/audit/learned_{lang}.yaml, learned from dev and
the five other writers' blocks; docs/audit.md). These tests keep
the mechanism honest: negatives take away a neighbouring item's match, positives add the labelled
wording, the near-copy check leaves learned exemplars out on purpose, the same passages always
give the same data, and the shipped files are what the labelled passages give today.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from kasgen.audit import retrieval
from kasgen.audit.learned import Learned
from kasgen.audit.retrieval import ExemplarIndex
from kasgen.audit.rubric import load_rubric
from kasgen.audit.scoring import thresholds

ROOT = Path(__file__).resolve().parent.parent


def _module(name: str):
    sys.path.insert(0, str(ROOT / "bench" / "audit"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "audit" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluate():
    return _module("evaluate")


@pytest.fixture(scope="module")
def learn(evaluate):
    return _module("learn")


def _verdicts(evaluate, passages, lang, index):
    limits = thresholds(lang)
    out = []
    for p in passages:
        f = evaluate._figures([(p, index)], lang, limits)
        out.append((f.tp, f.fp, f.fn))
    return out


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_negatives_take_away_the_neighbouring_items_a_passage_was_confused_with(evaluate, learn, lang):
    dev = [p for p in evaluate.load(lang) if p["split"] == "dev"]
    base = ExemplarIndex(load_rubric(), lang)
    confused = [p for p, (_, fp, _) in zip(dev, _verdicts(evaluate, dev, lang, base)) if fp][:5]
    assert confused, "the hand-written rubric makes no false positive on dev"
    index = ExemplarIndex(load_rubric(), lang, learn.learn(confused, lang, ("negatives",)))
    before = _verdicts(evaluate, confused, lang, base)
    after = _verdicts(evaluate, confused, lang, index)
    assert sum(fp for _, fp, _ in after) < sum(fp for _, fp, _ in before)
    # the labelled items stay found (a neighbour vetoed can leave the labelled item the one its
    # sentence resembles most, so its key terms count: more may be found)
    assert all(a[0] >= b[0] for a, b in zip(after, before)), (before, after)


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_positives_find_the_labelled_wording(evaluate, learn, lang):
    dev = [p for p in evaluate.load(lang) if p["split"] == "dev"]
    base = ExemplarIndex(load_rubric(), lang)
    missed = [p for p, (_, _, fn) in zip(dev, _verdicts(evaluate, dev, lang, base)) if fn][:5]
    index = ExemplarIndex(load_rubric(), lang, learn.learn(missed, lang, ("positives",)))
    before = _verdicts(evaluate, missed, lang, base)
    after = _verdicts(evaluate, missed, lang, index)
    assert sum(fn for _, _, fn in after) < sum(fn for _, _, fn in before)


def test_learning_is_deterministic_and_files_nothing_under_a_label_as_its_negative(learn):
    chosen = learn.passages("en")[:40]
    data = learn.learn_data(chosen, "en", ("positives", "negatives"))
    assert data == learn.learn_data(list(reversed(chosen)), "en", ("positives", "negatives"))
    sentences_of = {p["id"]: p for p in chosen}
    assert data["passages"] == sorted(sentences_of)
    for item, texts in data["negatives"].items():
        for text in texts:
            owners = [p for p in chosen if text in " ".join(p["text"].split())]
            assert owners and all(item not in p["present"] for p in owners), (item, text)


def test_the_copy_check_leaves_learned_exemplars_out(evaluate, monkeypatch):
    """Learned exemplars ARE labelled passages: the copy check would flag every one. They are
    kept honest by measuring with data learned from other passages only (--folds, --learn-from)."""
    passage = next(p for p in evaluate.load("en") if p["split"] == "dev")
    item = next(i for i in load_rubric().items if i.check == "retrieval")
    copied = Learned(positives=((item.id, item.all_facets[0].id, " ".join(passage["text"].split())),))
    index = ExemplarIndex(load_rubric(), "en", copied)  # what the audit would search with that data
    assert " ".join(passage["text"].split()) in index.exemplars
    monkeypatch.setattr(retrieval, "exemplar_index", lambda lang: index)
    assert evaluate.near_copies("en") == []


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_the_shipped_learned_data_is_what_the_labelled_passages_give(learn, lang):
    """An edit of the labelled passages, the rubric's exemplars or the thresholds changes what is
    learned: the shipped file must then be regenerated (`python bench/audit/learn.py --write`)."""
    shipped = (ROOT / "templates" / "audit" / f"learned_{lang}.yaml").read_text(encoding="utf-8")
    assert shipped == learn.render(lang), "regenerate with: python bench/audit/learn.py --write"


def test_the_audit_uses_the_shipped_learned_data():
    retrieval.exemplar_index.cache_clear()
    try:
        index = retrieval.exemplar_index("en")
        learned = len(index.exemplars) - index.handwritten
        negatives = sum(1 for owner in index.owner if owner >= len(index.facets))
        assert index.negative_items and 0 < negatives < learned  # negatives and positives
    finally:
        retrieval.exemplar_index.cache_clear()
