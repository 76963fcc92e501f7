"""The compiled-template cache runs only code this user's kasgen compiled (kasgen.template_cache)."""

from __future__ import annotations

import marshal
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, SAMPLES, python_output

if not hasattr(os, "getuid"):
    pytest.skip("the folder checks are POSIX-only", allow_module_level=True)


def _text(cache: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KASGEN_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kasgen", "text", str(SAMPLES[0]), *extra],
                          capture_output=True, text=True, env=env, timeout=120)


def _probe_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a probe process: a fresh cache folder of its own, kasgen from here."""
    return dict(os.environ, KASGEN_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))


def _cache_file(cache: Path) -> Path:
    (found,) = cache.glob("templates-*.bin")
    return found


def _forge(cache_file: Path, marker: Path) -> None:
    """Replace every cached template with code that creates ``marker``, keeping the file's tag."""
    blob = cache_file.read_bytes()
    magic_end = blob.index(b"\n") + 1
    header, payload = blob[:magic_end + 32], blob[magic_end + 32:]
    entries = marshal.loads(payload)
    evil = compile(f"open({str(marker)!r}, 'w').close()", "<template>", "exec")
    forged = {key: marshal.dumps(evil) for key in entries}
    cache_file.write_bytes(header + marshal.dumps(forged))


def test_second_run_uses_the_cache_and_gives_the_same_text(tmp_path):
    cache = tmp_path / "cache"
    first = _text(cache)
    assert first.returncode == 0, first.stderr
    cache_file = _cache_file(cache)
    stamp = cache_file.stat().st_mtime_ns
    second = _text(cache)
    assert second.returncode == 0 and second.stdout == first.stdout
    assert cache_file.stat().st_mtime_ns == stamp, "a warm cache was rewritten"
    assert (cache / "key").stat().st_mode & 0o077 == 0


def test_tampered_cache_is_not_run(tmp_path):
    cache = tmp_path / "cache"
    assert _text(cache).returncode == 0
    marker = tmp_path / "pwned"
    _forge(_cache_file(cache), marker)
    again = _text(cache)
    assert again.returncode == 0, again.stderr
    assert not marker.exists(), "code from a tampered cache file was executed"


def _retag(cache: Path) -> None:
    """Sign the cache file as kasgen would in ``cache`` itself: with its key and key identity."""
    import hashlib
    import hmac

    from kasgen import template_cache
    from kasgen.textrender import environment

    cache_file = _cache_file(cache)
    magic = template_cache._MAGIC
    payload = cache_file.read_bytes()[len(magic) + 32:]
    info = (cache / "key").stat()
    identity = f"{info.st_dev}:{info.st_ino}:{os.getuid()}".encode()
    key = hmac.new((cache / "key").read_bytes(), identity, hashlib.sha256).digest()
    fingerprint = template_cache.environment_fingerprint(environment()).encode()
    tag = hmac.new(key, magic + fingerprint + payload, hashlib.sha256).digest()
    cache_file.write_bytes(magic + tag + payload)


def test_cache_copied_from_elsewhere_is_not_trusted(tmp_path):
    """Someone who owns a cache folder can sign anything for it; a copy of that folder (a shared
    folder, a copied home directory) gets new file identities, so its signatures fail."""
    original = tmp_path / "original"
    assert _text(original).returncode == 0
    marker = tmp_path / "pwned"
    _forge(_cache_file(original), marker)
    _retag(original)
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    again = _text(copy)
    assert again.returncode == 0, again.stderr
    assert not marker.exists(), "code from a copied cache folder was executed"
    # the forgery itself is sound: in its own folder the signature holds and the code would run
    _text(original)
    assert marker.exists()


def test_folder_writable_by_others_is_not_used(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    result = _text(cache)
    assert result.returncode == 0, result.stderr
    assert "can be written by other users" in result.stderr and str(cache) in result.stderr
    assert not list(cache.glob("templates-*.bin")), "wrote a cache into a folder others can change"


def test_cache_key_follows_environment_settings():
    from jinja2.sandbox import SandboxedEnvironment

    from kasgen.template_cache import environment_fingerprint
    from kasgen.textrender import environment

    env = environment()
    base = environment_fingerprint(env)
    assert environment_fingerprint(env.overlay(trim_blocks=not env.trim_blocks)) != base
    assert environment_fingerprint(env.overlay(block_start_string="<%")) != base
    assert environment_fingerprint(SandboxedEnvironment()) != base


def test_parsed_data_is_kept_and_a_forged_entry_is_not_used(tmp_path):
    """The parsed YAML data (norm registry, domain and language files) is cached beside the
    templates: a warm run reads it back unchanged, and entries that fail the file's signature
    are parsed afresh rather than believed."""
    cache = tmp_path / "cache"
    first = _text(cache)
    assert first.returncode == 0, first.stderr
    (data_file,) = cache.glob("data-*.bin")
    stamp = data_file.stat().st_mtime_ns
    second = _text(cache)
    assert second.returncode == 0 and second.stdout == first.stdout
    assert data_file.stat().st_mtime_ns == stamp, "a warm data cache was rewritten"
    blob = data_file.read_bytes()
    magic_end = blob.index(b"\n") + 1
    header, payload = blob[:magic_end + 32], blob[magic_end + 32:]
    entries = marshal.loads(payload)
    assert len(entries) >= 16, "the registry's files were not cached"
    forged = {key: marshal.dumps(({"sections": []},)) for key in entries}
    data_file.write_bytes(header + marshal.dumps(forged))
    third = _text(cache)
    assert third.returncode == 0, third.stderr
    assert third.stdout == first.stdout


def test_cached_data_equals_a_fresh_parse(tmp_path, monkeypatch):
    import yaml

    from kasgen import resources, template_cache

    monkeypatch.setenv("KASGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(template_cache, "_OPEN", {})
    files = sorted((ROOT / "templates" / "registry").rglob("*.yaml"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    for text in texts:
        resources.load_yaml_text(text)
    template_cache.save_caches()
    monkeypatch.setattr(template_cache, "_OPEN", {})  # a new process: read back from disk
    for path, text in zip(files, texts):
        assert resources.load_yaml_text(text) == yaml.safe_load(text), path
    assert all(c.entries for c in template_cache._OPEN.values())


@pytest.mark.parametrize("text", [
    "", "Plain.", "Plain.\n", "Two lines\nand a newline\n\n", "  indented and spaced  ",
    "50 % of calls }} and %} and # are data", "tab\there", "Paskambinkite tel. 8 700 00000.\n",
])
def test_text_without_template_syntax_renders_as_jinja_would(text):
    from kasgen.sandbox import render_limited
    from kasgen.textrender import _compile, render

    assert render(text, {}, "plain") == render_limited(_compile(text), {}, "plain")


def test_text_without_template_syntax_is_still_checked():
    from kasgen.errors import ClauseError
    from kasgen.textrender import render

    with pytest.raises(ClauseError, match="U\\+0001 at character 3"):
        render("ab\x01c", {}, "plain")


def test_second_build_parses_and_compiles_nothing_of_kasgens_own(tmp_path):
    """Everything a build reads or compiles is kept, including what the views need after the
    norms are rendered (the questionnaire's labels for the comments): a second build of the same
    answers parses only the answers file, compiles no template and validates none of kasgen's
    own data (the registry, the domain files)."""
    env = _probe_env(tmp_path)
    probe = (
        "import sys, jinja2\n"
        "from kasgen import strict_yaml\n"
        "from kasgen import domain\n"
        "from kasgen.registry import loader\n"
        "from kasgen.build import build_standard\n"
        "parsed, compiled, validated = [], [], []\n"
        "load, compile_, model = strict_yaml.load, jinja2.Environment.compile, loader._model\n"
        "domain_validated = domain._validated\n"
        "strict_yaml.load = lambda text: parsed.append(text[:40]) or load(text)\n"
        "jinja2.Environment.compile = lambda self, *a, **k: compiled.append(1) or compile_(self, *a, **k)\n"
        "loader._model = lambda *a: validated.append(1) or model(*a)\n"
        "domain._validated = lambda *a: validated.append(1) or domain_validated(*a)\n"
        "build_standard(sys.argv[1], sys.argv[2], force=True)\n"
        "print(len(parsed), len(compiled), len(validated))\n"
    )
    first, second = (tuple(map(int, python_output(probe, str(SAMPLES[0]), str(tmp_path / "s.docx"),
                                                  env=env, timeout=120).split())) for _ in range(2))
    assert first[0] > 1 and first[1] > 0 and first[2] > 100
    assert second == (1, 0, 0)


def test_registry_is_validated_afresh_when_a_custom_file_changes(tmp_path, monkeypatch):
    """The validated registry is reused only for the very same files: an edited custom file is
    read and checked again (an error it now has is reported, a fixed one is taken)."""
    from kasgen.errors import ClauseError
    from kasgen.registry import loader

    monkeypatch.setenv("KASGEN_CACHE_DIR", str(tmp_path / "cache"))
    custom = tmp_path / "custom"
    custom.mkdir()
    entry = ("definitions:\n  - id: def.test_term\n    term: {{lt: Terminas, en: Term}}\n"
             "    meaning: {{lt: {lt}, en: {en}}}\n")
    (custom / "definitions.yaml").write_text(entry.format(lt="Pirmas.", en="First."), encoding="utf-8")
    assert loader.load_registry([custom]).definitions["def.test_term"].meaning.en == "First."
    (custom / "definitions.yaml").write_text(entry.format(lt="Antras.", en="Second."), encoding="utf-8")
    assert loader.load_registry([custom]).definitions["def.test_term"].meaning.en == "Second."
    (custom / "definitions.yaml").write_text(entry.replace("term:", "trem:").format(lt="A.", en="B."),
                                             encoding="utf-8")
    with pytest.raises(ClauseError, match="trem"):
        loader.load_registry([custom])


def test_forged_registry_cache_is_not_unpickled(tmp_path):
    """The validated registry is kept pickled; unpickling runs code, so a registry entry the
    user's kasgen did not write (its tag does not match) is never loaded."""
    cache, marker = tmp_path / "cache", tmp_path / "pwned"
    first = _text(cache)
    assert first.returncode == 0, first.stderr
    (registry_file,) = cache.glob("registry-*.bin")
    blob = registry_file.read_bytes()
    magic_end = blob.index(b"\n") + 1
    header, payload = blob[:magic_end + 32], blob[magic_end + 32:]
    def evil(path: Path) -> bytes:  # a pickle that creates ``path`` when loaded
        return b"cbuiltins\nopen\n(S" + repr(str(path)).encode() + b"\nS'w'\ntR."

    pickle.loads(evil(tmp_path / "probe")).close()
    assert (tmp_path / "probe").exists()  # the forgery would work if it were loaded
    forged = {key: marshal.dumps(evil(marker)) for key in marshal.loads(payload)}
    registry_file.write_bytes(header + marshal.dumps(forged))
    second = _text(cache)
    assert second.returncode == 0, second.stderr
    assert not marker.exists()
    assert second.stdout == first.stdout


def test_second_audit_reads_the_exemplar_index_back_instead_of_building_it(tmp_path):
    """The audit's exemplar index (the rubric's sentences and the learned negatives, stemmed and
    weighed) is built once and then read back from the cache, equal to a fresh build; an edited
    data file of the audit makes it build afresh."""
    env = _probe_env(tmp_path)
    probe = (
        "from kasgen.audit import retrieval\n"
        "from kasgen.audit.learned import load_learned\n"
        "from kasgen.audit.rubric import load_rubric\n"
        "built = []\n"
        "init = retrieval.ExemplarIndex.__init__\n"
        "retrieval.ExemplarIndex.__init__ = lambda self, *a: built.append(1) or init(self, *a)\n"
        "index = retrieval.exemplar_index('lt')\n"
        "fresh = retrieval.ExemplarIndex(load_rubric(), 'lt', load_learned('lt'))\n"
        "print(len(built) - 1, index.postings == fresh.postings and index.exemplars == fresh.exemplars)\n"
    )
    assert python_output(probe, env=env, timeout=120).split() == ["1", "True"]
    assert python_output(probe, env=env, timeout=120).split() == ["0", "True"]
    data = tmp_path / "data"  # kasgen's data with one exemplar more: the index must follow
    shutil.copytree(ROOT / "templates", data / "templates")
    extra = data / "templates" / "audit" / "rubric" / "99_lithuanian_forms.yaml"
    extra.write_text(extra.read_text(encoding="utf-8").replace(
        "  G6/scope:\n    lt:\n", "  G6/scope:\n    lt:\n      - \"Taisyklės galioja ir keltų uosto kasose.\"\n", 1),
        encoding="utf-8")
    elsewhere = ("import sys, pathlib, kasgen.resources\n"
                 "kasgen.resources._PACKAGE = pathlib.Path(sys.argv[1]) / 'kasgen'\n")  # data_dir() -> data/
    assert python_output(elsewhere + probe, str(data), env=env, timeout=120).split() == ["1", "True"]
    assert python_output(elsewhere + probe, str(data), env=env, timeout=120).split() == ["0", "True"]
