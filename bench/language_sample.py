"""Draw a random sample of sentences for a language review (issue 12).

Eighty sentences per language, drawn with a fixed seed from the standards of three organisations —
one public (the municipality sample), one private (the retailer sample) and one small (the café
sample) — rendered in both languages. The reviewer marks each sentence OK or names its defect; the
figure (defects per 100 sentences, by class) goes into docs/language-review.md.

    python bench/language_sample.py [--seed 2027] [--per-language 80] [--out review.md]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kasgen.answers import load_profile  # noqa: E402
from kasgen.document import Para  # noqa: E402
from kasgen.pipeline import run  # noqa: E402

SAMPLES = ["municipality-lt", "company-en", "cafe-lt"]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĄČĘĖĮŠŲŪŽ„“\"])")


def sentences(sample: str, lang: str) -> list[tuple[str, str]]:
    """(where, sentence) for every sentence the registry wrote in the standard and the annex."""
    result = run(load_profile(ROOT / "samples" / f"{sample}.yaml"), lang)
    out = []
    for doc_name, doc in (("standard", result.standard), ("annex", result.annex)):
        for block in doc.blocks:
            if not isinstance(block, Para) or len(block.text.split()) < 4:
                continue
            where = f"{sample} {lang} {doc_name} {block.number or block.role}"
            for sentence in _SENTENCE.split(block.text):
                if len(sentence.split()) >= 4 and not block.norm_id.startswith("own."):
                    out.append((where, sentence.strip()))
    return out


def draw(seed: int, per_language: int) -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(seed)
    drawn = {}
    for lang in ("lt", "en"):
        pool = [s for sample in SAMPLES for s in sentences(sample, lang)]
        unique = list(dict.fromkeys(pool))
        drawn[lang] = rng.sample(unique, min(per_language, len(unique)))
    return drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--per-language", type=int, default=80)
    parser.add_argument("--out", type=Path, default=Path("language-sample.md"))
    args = parser.parse_args()
    drawn = draw(args.seed, args.per_language)
    lines = [f"# Language review sample (seed {args.seed})", "",
             "Mark each sentence `OK` or name the defect class: grammar, agreement, calque, term, "
             "register, format, other.", ""]
    for lang, items in drawn.items():
        lines += [f"## {lang}", "", "| # | where | sentence | verdict |", "|---|---|---|---|"]
        for i, (where, sentence) in enumerate(items, start=1):
            lines.append(f"| {i} | {where} | {sentence.replace('|', '/')} | |")
        lines.append("")
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}: {sum(len(v) for v in drawn.values())} sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
