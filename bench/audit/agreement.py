"""How far two labellers of the third writer's block agree on "present" (a ceiling for the audit).

    python bench/audit/agreement.py

The ``val3`` passages of ``labelled_{lang}.yaml`` (the third blind split, ids 401-460) carry the
first labeller's labels (the writer of the passages); ``val3_{lang}_second.yaml`` a second
labeller's, made without seeing the first's. The figures
treat the first as the reference: precision and recall of the second labeller's "present"
decisions over passage x item pairs, and the passages labelled identically.
"""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def agreement(lang: str) -> tuple[float, float, int, int]:
    """Precision and recall of the second labeller against the first, identical passages, passages."""
    passages = yaml.safe_load((HERE / f"labelled_{lang}.yaml").read_text(encoding="utf-8"))["passages"]
    first = {p["id"]: set(p["present"]) for p in passages if p["split"] == "val3"}
    second = yaml.safe_load((HERE / f"val3_{lang}_second.yaml").read_text(encoding="utf-8"))
    if set(second) != set(first):
        raise SystemExit(f"val3_{lang}_second.yaml does not label the same passages as the val3 block")
    tp = fp = fn = same = 0
    for pid, reference in first.items():
        labels = set(second[pid] or [])
        tp += len(reference & labels)
        fp += len(labels - reference)
        fn += len(reference - labels)
        same += reference == labels
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1), same, len(first)


def main() -> None:
    print("| language | precision | recall | passages labelled identically |")
    print("|---|---|---|---|")
    for lang in ("lt", "en"):
        p, r, same, n = agreement(lang)
        print(f"| {lang} | {p:.3f} | {r:.3f} | {same} of {n} |")


if __name__ == "__main__":
    main()
