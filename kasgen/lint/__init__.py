"""``kasgen lint``: checks a registry (the bundled one, or a custom folder on top of it).

It reads every file strictly (a duplicate key is an error), checks references and conditions as
written, then renders the documents for a generated matrix of organisations and the samples, in
every language, and checks what a reader would see. Returns the problems; an empty list is a pass.
"""

from __future__ import annotations

from pathlib import Path

from kasgen import strict_yaml
from kasgen.answers import validate_answers
from kasgen.errors import KasgenError
from kasgen.lint.checks import Problem, leaks, near_duplicates, static_problems
from kasgen.lint.matrix import matrix_profiles
from kasgen.lint.style import style_problems
from kasgen.registry.loader import Registry, bundled_dir, load_registry, registry_files


def run_lint(
    extra_dirs: list[Path] | None = None,
    samples: list[Path] | None = None,
    profiles: list[tuple[str, dict]] | None = None,
) -> list[Problem]:
    """Every problem of the registry; ``profiles`` replaces the generated matrix (for quick checks)."""
    problems = _yaml_problems([bundled_dir(), *(extra_dirs or [])])
    if problems:
        return problems
    try:
        registry = load_registry(extra_dirs)
    except KasgenError as exc:
        return [Problem("registry", str(exc))]
    problems += static_problems(registry)
    problems += rendered_problems(registry, extra_dirs, samples or [], profiles)
    return problems


def rendered_problems(
    registry: Registry,
    extra_dirs: list[Path] | None,
    samples: list[Path],
    chosen: list[tuple[str, dict]] | None = None,
) -> list[Problem]:
    from kasgen.answers import load_profile
    from kasgen.pipeline import run

    profiles = [(name, validate_answers(answers, name)) for name, answers in (chosen or matrix_profiles())]
    profiles += [(p.stem, load_profile(p)) for p in samples]
    problems: list[Problem] = []
    rendered_norms: set[str] = set()
    for name, profile in profiles:
        for lang in ("lt", "en"):
            label = f"{name} ({lang})"
            try:
                result = run(profile, lang, extra_dirs)
            except KasgenError as exc:
                problems.append(Problem(label, str(exc)))
                continue
            rendered_norms.update(result.rendered.norms)
            facts = result.rendered.selection.facts
            client = str(result.rendered.context.variables["t"].client)
            own = _strings(profile.model_dump(mode="json"))
            for doc in (result.standard, result.annex):
                problems += leaks(doc, facts, label)
                problems += near_duplicates(doc, label)
                problems += style_problems(doc, lang, client, own, label, list(profile.brand.words_to_avoid))
            for ident in sorted(set(result.rendered.missing_refs)):
                problems.append(Problem(label, f"a text cites {ident}, which is not in the documents"))
    for nid in sorted(set(registry.norm_index()) - rendered_norms):
        problems.append(Problem(f"norm {nid}", "never rendered for any organisation of the matrix"))
    return problems


def _strings(data: object) -> list[str]:
    """Every string in the answers: the organisation's own words, which the style lint skips."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def _yaml_problems(folders: list[Path]) -> list[Problem]:
    """Every file's YAML problems (duplicate keys, YAML 1.1 coercions), all of them at once."""
    problems = []
    for folder in folders:
        for path in registry_files(folder):
            try:
                strict_yaml.load(path.read_text(encoding="utf-8"))
            except strict_yaml.YamlProblem as exc:
                problems += [Problem(str(path), problem) for problem in exc.problems]
    return problems
