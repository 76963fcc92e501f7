"""How far two labellers of a blind split agree on "present" (a ceiling for the audit).

    python bench/audit/agreement.py

The blind blocks have a second labeller: the third to sixth writers' (``val3`` to ``val6`` in
``labelled_{lang}.yaml``, ids 401-460 to 701-760, second labels in ``val3_{lang}_second.yaml`` …
``val6_{lang}_second.yaml``) and the seventh and eighth writers' test split (``heldout_{lang}.yaml``,
ids 801-860 and 901-960, second labels in ``heldout_{lang}_second.yaml``). The first
labels are the writer's own; the second labeller saw the passages, not the first labels, nor
anything of the method. The figures treat the first as the reference: precision and recall of the
second labeller's "present" decisions over passage x item pairs, and the passages labelled
identically.
"""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
BLOCKS = {  # block -> (file of the first labels, split in it, file of the second labels)
    "val3": ("labelled_{lang}.yaml", "val3", "val3_{lang}_second.yaml"),
    "val4": ("labelled_{lang}.yaml", "val4", "val4_{lang}_second.yaml"),
    "val5": ("labelled_{lang}.yaml", "val5", "val5_{lang}_second.yaml"),
    "val6": ("labelled_{lang}.yaml", "val6", "val6_{lang}_second.yaml"),
    "test": ("heldout_{lang}.yaml", "test", "heldout_{lang}_second.yaml"),
}


def agreement(lang: str, block: str = "val3") -> tuple[float, float, int, int]:
    """Precision and recall of the second labeller against the first, identical passages, passages."""
    first_file, split, second_file = (name.format(lang=lang) for name in BLOCKS[block])
    passages = yaml.safe_load((HERE / first_file).read_text(encoding="utf-8"))["passages"]
    first = {p["id"]: set(p["present"]) for p in passages if p["split"] == split}
    second = yaml.safe_load((HERE / second_file).read_text(encoding="utf-8"))
    if set(second) != set(first):
        raise SystemExit(f"{second_file} does not label the same passages as the {block} block")
    tp = fp = fn = same = 0
    for pid, reference in first.items():
        labels = set(second[pid] or [])
        tp += len(reference & labels)
        fp += len(labels - reference)
        fn += len(reference - labels)
        same += reference == labels
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1), same, len(first)


def main() -> None:
    print("| block | language | precision | recall | passages labelled identically |")
    print("|---|---|---|---|---|")
    for block, (_, _, second_file) in BLOCKS.items():
        for lang in ("lt", "en"):
            if (HERE / second_file.format(lang=lang)).exists():
                p, r, same, n = agreement(lang, block)
                print(f"| {block} | {lang} | {p:.3f} | {r:.3f} | {same} of {n} |")


if __name__ == "__main__":
    main()
