"""Measure kasgen audit's retrieval on the labelled passages (precision and recall of "present").

    python bench/audit/evaluate.py             # figures per language and split, with the tuned thresholds
    python bench/audit/evaluate.py --tune      # search present and rival on the dev split only
    python bench/audit/evaluate.py --tune --on dev,val   # the final re-tune, once the method is frozen
    python bench/audit/evaluate.py --tune --learned --on dev,val,val3,val4,val5,val6   # the same with learned data
    python bench/audit/evaluate.py --errors    # also list every wrong decision (dev split)
    python bench/audit/evaluate.py --copies    # exemplars that nearly copy a dev passage (other splits: a count)
    python bench/audit/evaluate.py --learn-from dev --score val   # cross-writer: learn on one writer, score the other
    python bench/audit/evaluate.py --folds 5   # cross-validated: each fold scored with data learned from the others
    python bench/audit/evaluate.py --writers   # leave one writer out: thresholds chosen on the others
    (add --base to either for the hand-written rubric alone, measured the same way)

The learned data (``templates/audit/learned_{lang}.yaml``, ``bench/audit/learn.py``) is learned
from these very passages, so the plain figures are in-sample once it ships. The honest figures
come from ``--writers``, ``--learn-from``/``--score`` and ``--folds``: the data is learned from
the learning block only, the thresholds are chosen on the learning block only (by an inner
cross-validation with one fold per writer's block, so that no passage is scored with what was
learned from its own writer; dev, in-sample for the hand-written exemplars and key terms, is
learned from but does not choose), and the scored block is seen once, at the end.

Each labelled passage is audited on its own, as a one-section standard; its "present" items are
compared with the labels over every item judged by retrieval (items with a whole-document check,
such as average sentence length, are not passage-level questions and are left out).

``labelled_{lang}.yaml`` holds six splits. ``dev``: the method and the hand-written data are tuned
on it, and only its errors are listed (``--errors``). ``val``, ``val3`` … ``val6``: blocks written
blind to the method by five other writers, each measured as a held-out split in its round; they are
now used only as aggregate figures after each change, never for reading their errors.
``--writers`` is the decision figure: each of them scored with data learned, and thresholds
chosen, on the other blocks (a change that lifts dev but not the other writers is overfitting).
``heldout_{lang}.yaml`` (split: test), when present, is written by writers blind to the method and
is never used for tuning or for looking at errors; without it the test figures are not printed.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kasgen.audit import scoring as scoring_module  # noqa: E402
from kasgen.audit.reader import standard_from_text  # noqa: E402
from kasgen.audit.retrieval import ExemplarIndex, match_sentences  # noqa: E402
from kasgen.audit.rubric import load_rubric  # noqa: E402
from kasgen.audit.scoring import Thresholds, score_standard, thresholds  # noqa: E402

HERE = Path(__file__).resolve().parent


@dataclass
class Figures:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load(lang: str) -> list[dict]:
    """The labelled passages of a language: dev and val, and the held-out set when it exists."""
    passages = []
    for name in (f"labelled_{lang}.yaml", f"heldout_{lang}.yaml"):
        path = HERE / name
        if path.exists():
            passages += yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]
    return passages


def local_items() -> list[str]:
    return [i.id for i in load_rubric().items if i.check == "retrieval"]


def predict(passage: dict, lang: str, limits: Thresholds | None = None) -> set[str]:
    standard = standard_from_text(f"# {passage['heading']}\n\n{passage['text']}", passage["id"])
    scoring = score_standard(standard, lang, load_rubric(), limits=limits)
    local = set(local_items())
    return {i for i, r in scoring.results.items() if i in local and r.found}


COPY_LIMIT = 0.6  # an exemplar this close to a labelled passage (or one of its sentences) is rewritten


def near_copies(lang: str, limit: float = COPY_LIMIT, split: str | None = "dev") -> list[tuple[float, str, str]]:
    """(cosine, passage id, exemplar) for every exemplar whose TF-IDF cosine to a labelled passage
    of ``split`` (None: every split), or to one of its sentences, exceeds ``limit``: the protocol
    that keeps the exemplars from copying the passages their writers saw (it would measure recall
    of the set, not of the method). The held-out passages were written after the exemplars, blind
    to them; resemblance there is coincidence of two writers and is reported, not rewritten."""
    # the hand-written exemplars only: the learned ones ARE labelled passages (cross-validation,
    # not this check, keeps them honest: see --folds and --learn-from)
    index = ExemplarIndex(load_rubric(), lang)
    out = []
    for p in load(lang):
        if split is not None and p["split"] != split:
            continue
        standard = standard_from_text(f"# {p['heading']}\n\n{p['text']}", p["id"])
        texts = [f"{p['heading']} {p['text']}"] + [s.text for s in standard.sentences]
        best: dict[int, float] = {}
        for text in texts:
            dots: dict[int, float] = {}
            for term, w in index.vector(text).items():
                for ex, ew, _, _ in index.postings.get(term, ()):
                    dots[ex] = dots.get(ex, 0.0) + w * ew
            for ex, dot in dots.items():
                best[ex] = max(best.get(ex, 0.0), dot)
        out += [(c, p["id"], index.exemplars[ex]) for ex, c in best.items() if c > limit]
    return sorted(out, reverse=True)


def evaluate(lang: str, split: str, limits: Thresholds | None = None, errors: bool = False) -> Figures:
    figures = Figures()
    local = set(local_items())
    for p in load(lang):
        if p["split"] != split:
            continue
        truth = set(p["present"]) & local
        guess = predict(p, lang, limits)
        figures.tp += len(truth & guess)
        figures.fp += len(guess - truth)
        figures.fn += len(truth - guess)
        if errors and guess != truth:
            print(f"  {p['id']}: missed {sorted(truth - guess)} extra {sorted(guess - truth)}")
    return figures


SPLITS = ("dev", "val", "val3", "val4", "val5", "val6", "test")  # the order they are printed in
WRITERS = ("val", "val3", "val4", "val5", "val6")  # the blocks written blind by other writers
RIVALS = (0.45, 0.5, 0.55, 0.6, 0.65)


def tune(lang: str, verbose: bool = False, splits: tuple[str, ...] = ("dev",)) -> Thresholds:
    """The ``present`` and ``rival`` thresholds that maximise the smaller of precision and recall
    on the dev split (ties: the higher F1); ``partial`` stays below ``present``. ``splits``: dev
    and val together only for the final re-tune, once the method is frozen (val then stops being
    a check on the thresholds, which the report says)."""
    base = thresholds(lang)
    best: tuple[float, float, Thresholds] | None = None
    for rival in RIVALS:
        for step in range(40, 63):
            present = step / 100
            limits = replace(base, present=present, partial=min(base.partial, present - 0.05), rival=rival)
            f = Figures()
            for split in splits:
                part = evaluate(lang, split, limits)
                f.tp, f.fp, f.fn = f.tp + part.tp, f.fp + part.fp, f.fn + part.fn
            worst = min(f.precision, f.recall)
            f1 = 2 * f.precision * f.recall / (f.precision + f.recall) if f.precision + f.recall else 0
            if best is None or (worst, f1) > best[:2]:
                best = (worst, f1, limits)
            if verbose:
                print(f"{lang} present={present:.2f} rival={rival:.2f}: P={f.precision:.3f} R={f.recall:.3f}")
    assert best is not None
    print(f"{lang} {'+'.join(splits)} best: present={best[2].present:.2f} rival={best[2].rival:.2f} "
          f"min(P,R)={best[0]:.3f} F1={best[1]:.3f}")
    return best[2]


# --- honest figures for learned data: learn on one block, choose thresholds there, score another ---

GRID_PRESENT = tuple(step / 100 for step in range(36, 63, 2))
GRID_RIVAL = (0.5, 0.55, 0.6)
INNER_FOLDS = 5
_matches: dict[tuple[int, str], tuple] = {}


def _prepared(p: dict, lang: str, index: ExemplarIndex) -> tuple:
    """The passage read and matched against ``index`` once (the grid only re-scores)."""
    key = (id(index), p["id"])
    if key not in _matches:
        standard = standard_from_text(f"# {p['heading']}\n\n{p['text']}", p["id"])
        _matches[key] = (index, standard, match_sentences(standard.sentences, lang, index))
    return _matches[key]


def _figures(pairs: list[tuple[dict, ExemplarIndex]], lang: str, limits: Thresholds) -> Figures:
    """Figures for passages each scored with its own index (``score_standard`` is handed the
    prepared matches instead of matching against the shipped index)."""
    local = set(local_items())
    figures = Figures()
    original = scoring_module.match_sentences
    try:
        for p, index in pairs:
            _, standard, matches = _prepared(p, lang, index)
            scoring_module.match_sentences = lambda *_a, m=matches, **_k: m  # type: ignore[assignment]
            result = score_standard(standard, lang, load_rubric(), limits=limits)
            guess = {i for i, r in result.results.items() if i in local and r.found}
            truth = set(p["present"]) & local
            figures.tp += len(truth & guess)
            figures.fp += len(guess - truth)
            figures.fn += len(truth - guess)
    finally:
        scoring_module.match_sentences = original
    return figures


def _choose(pairs: list[tuple[dict, ExemplarIndex]], lang: str) -> Thresholds:
    """``present`` and ``rival`` maximising min(P, R) (ties: F1) over the pairs: the learning side."""
    base = thresholds(lang)
    best: tuple[float, float, Thresholds] | None = None
    for rival in GRID_RIVAL:
        for present in GRID_PRESENT:
            limits = replace(base, present=present, partial=min(base.partial, present - 0.05), rival=rival)
            f = _figures(pairs, lang, limits)
            f1 = 2 * f.precision * f.recall / (f.precision + f.recall) if f.precision + f.recall else 0.0
            if best is None or (min(f.precision, f.recall), f1) > best[:2]:
                best = (min(f.precision, f.recall), f1, limits)
    assert best is not None
    return best[2]


def _index(chosen: list[dict], lang: str, parts: tuple[str, ...]) -> ExemplarIndex:
    """The index with what ``parts`` learn from ``chosen`` (none: the hand-written rubric)."""
    if not parts:
        return _base_index(lang)
    from learn import learn  # bench/audit/learn.py, beside this script

    return ExemplarIndex(load_rubric(), lang, learn(chosen, lang, parts))


_BASE: dict[str, ExemplarIndex] = {}


def _base_index(lang: str) -> ExemplarIndex:
    if lang not in _BASE:
        _BASE[lang] = ExemplarIndex(load_rubric(), lang)
    return _BASE[lang]


def _folds(passages: list[dict], k: int) -> list[list[dict]]:
    return [passages[i::k] for i in range(k)]


def _writer_folds(passages: list[dict]) -> list[list[dict]]:
    """One fold per writer's block (dev counts as one): the inner folds of the threshold choice, so
    that the thresholds are chosen for text by a writer the learned data has not seen (folds that
    mix writers learn each writer's wording from the writer's other passages, and choose
    thresholds that give too little weight to precision on a new writer's text)."""
    blocks: dict[str, list[dict]] = {}
    for p in passages:
        blocks.setdefault(p["split"], []).append(p)
    return list(blocks.values()) if len(blocks) > 1 else _folds(passages, INNER_FOLDS)


def cross_measure(learning: list[dict], scored: list[dict], lang: str,
                  parts: tuple[str, ...]) -> tuple[Figures, Thresholds]:
    """Learn ``parts`` from ``learning`` (none: the hand-written rubric alone), choose the
    thresholds on ``learning`` (with learned data: each inner fold scored with data learned from
    the others), then score ``scored`` once."""
    if parts:
        tuning = []
        for fold in _writer_folds(learning):
            rest = [p for p in learning if p not in fold]
            index = _index(rest, lang, parts)
            tuning += [(p, index) for p in fold]
    else:
        tuning = [(p, _base_index(lang)) for p in learning]
    # the rubric's exemplars and key terms were written looking at dev's errors: dev is in-sample
    # for them, its precision and recall are not a new writer's, so it does not choose thresholds
    # (it is still learned from) when other writers' blocks can
    if any(p["split"] != "dev" for p, _ in tuning):
        tuning = [(p, index) for p, index in tuning if p["split"] != "dev"]
    limits = _choose(tuning, lang)
    index = _index(learning, lang, parts)
    return _figures([(p, index) for p in scored], lang, limits), limits


def cross_validate(pool: list[dict], lang: str, parts: tuple[str, ...], k: int) -> dict[str, Figures]:
    """k-fold over ``pool``: each fold scored by :func:`cross_measure` learning from the others;
    figures summed per split."""
    out: dict[str, Figures] = {}
    for fold in _folds(pool, k):
        rest = [p for p in pool if p not in fold]
        for split in sorted({p["split"] for p in fold}):
            f, _ = cross_measure(rest, [p for p in fold if p["split"] == split], lang, parts)
            total = out.setdefault(split, Figures())
            total.tp, total.fp, total.fn = total.tp + f.tp, total.fp + f.fp, total.fn + f.fn
    return out


def _line(lang: str, name: str, f: Figures, limits: Thresholds | None = None) -> str:
    chosen = (f"  [present {limits.present:.2f} rival {limits.rival:.2f} key_rank {limits.key_rank}]"
              if limits else "")
    return (f"{lang} {name}: precision {f.precision:.3f}  recall {f.recall:.3f}  "
            f"(tp {f.tp}, fp {f.fp}, fn {f.fn}){chosen}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--copies", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="with --tune: every point searched")
    parser.add_argument("--on", default="dev", help="with --tune: the splits tuned on (dev; dev,val at the end)")
    parser.add_argument("--learn-from", help="learn (and choose thresholds) on this split: dev or val")
    parser.add_argument("--score", help="with --learn-from: the split scored")
    parser.add_argument("--folds", type=int, help="k-fold cross-validation over dev and val")
    parser.add_argument("--base", action="store_true", help="with --learn-from or --folds: the hand-written rubric alone")
    parser.add_argument("--parts", default="negatives,positives", help="what is learned: positives, negatives or both")
    parser.add_argument("--writers", action="store_true",
                        help="leave one writer out: each other writer's block scored with thresholds chosen on the rest"
                        " (with --learned: and with --parts learned from the rest)")
    parser.add_argument("--learned", action="store_true",
                        help="with --writers: learn --parts from the rest too; with --tune: choose the thresholds"
                        " by inner cross-validation, each fold scored with data learned from the others")
    parser.add_argument("--lang", default="lt,en")
    args = parser.parse_args()
    langs = tuple(args.lang.split(","))
    if args.writers:
        for lang in langs:
            total = Figures()
            pool = [p for p in load(lang) if p["split"] != "test"]
            for block in WRITERS:
                learning = [p for p in pool if p["split"] != block]
                parts = tuple(args.parts.split(",")) if args.learned else ()
                f, limits = cross_measure(learning, [p for p in pool if p["split"] == block], lang, parts)
                total.tp, total.fp, total.fn = total.tp + f.tp, total.fp + f.fp, total.fn + f.fn
                print(_line(lang, f"{block} (thresholds from the rest)", f, limits))
            print(_line(lang, "other writers together", total))
        return
    if args.learn_from or args.folds:
        parts = () if args.base else tuple(args.parts.split(","))
        method = "+".join(parts) or "hand-written rubric"
        for lang in langs:
            pool = [p for p in load(lang) if p["split"] in ("dev", "val")]
            if args.folds:
                for split, f in cross_validate(pool, lang, parts, args.folds).items():
                    print(_line(lang, f"{split} {args.folds}-fold ({method})", f))
            else:
                if "test" in (args.learn_from, args.score):
                    parser.error("the test split is never learned from nor scored here")
                learning = [p for p in pool if p["split"] == args.learn_from]
                scored = [p for p in pool if p["split"] == args.score]
                f, limits = cross_measure(learning, scored, lang, parts)
                print(_line(lang, f"{args.learn_from}->{args.score} ({method})", f, limits))
        return
    if args.copies:
        for lang in ("lt", "en"):
            for cosine, passage, exemplar in near_copies(lang):
                print(f"{lang} {cosine:.2f} {passage}: {exemplar}")
            for split in WRITERS + ("test",):  # counted, not shown: their text is not for reading
                hits = near_copies(lang, split=split)
                if hits:
                    print(f"{lang} {split}: {len(hits)} exemplars within {COPY_LIMIT} of a passage")
        return
    for lang in langs:
        if args.tune:
            splits = tuple(args.on.split(","))
            if "test" in splits:
                parser.error("the test split is never tuned on")
            if args.learned:  # each inner fold scored with data learned from the others
                pool = [p for p in load(lang) if p["split"] in splits]
                _, chosen = cross_measure(pool, [], lang, tuple(args.parts.split(",")))
            else:
                chosen = tune(lang, verbose=args.verbose, splits=splits)
            print(f"{lang}: best on {args.on}: present {chosen.present:.2f}, rival {chosen.rival:.2f}, "
                  f"key_rank {chosen.key_rank}")
        present = {p["split"] for p in load(lang)}
        for split in [s for s in SPLITS if s in present]:
            f = evaluate(lang, split, errors=args.errors and split == "dev")
            print(f"{lang} {split:4}: precision {f.precision:.3f}  recall {f.recall:.3f}  "
                  f"(tp {f.tp}, fp {f.fp}, fn {f.fn})")


if __name__ == "__main__":
    main()
