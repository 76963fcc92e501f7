"""`kasgen lint` passes on the bundled registry and finds every planted defect in a custom folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kasgen.cli import main
from kasgen.lint import run_lint
from kasgen.lint.matrix import matrix_profiles
from tests.helpers import ROOT, SAMPLES


def plant(tmp_path: Path, text: str, name: str = "planted.yaml") -> Path:
    folder = tmp_path / "custom"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def section(norm: str) -> str:
    """A custom section in part `general` holding one planted norm (YAML, indented for content)."""
    return "part: general\nsections:\n  - id: general.planted\n    order: 99\n" \
           "    title: {lt: Bandymas, en: Trial}\n    content:\n" + textwrap.indent(textwrap.dedent(norm), "      ")


#: A few organisations of the matrix (a municipality, public bodies, a healthcare provider): enough
#: to show each planted defect, much quicker than the whole matrix.
QUICK = matrix_profiles()[:5]


def problems_for(folder: Path) -> list[str]:
    return [str(p) for p in run_lint([folder], profiles=QUICK)]


def test_the_bundled_registry_passes():
    assert [str(p) for p in run_lint(None, SAMPLES)] == []


PLANTED = {
    "duplicate key": (
        section("""\
        - id: planted.dup
          text: {lt: Pirmas., en: First.}
          text: {lt: Antras., en: Second.}
        """), "duplicate key 'text'"),
    "unknown variable": (
        section("""\
        - id: planted.var
          text: {lt: "Atsiliepiame per {{ sl.phone.answer_within_ringz }}.", en: "We answer in {{ sl.phone.answer_within_ringz }}."}
        """), "answer_within_ringz"),
    "unknown condition value": (
        section("""\
        - id: planted.cond
          when: {sector: [cafes]}
          text: {lt: Tekstas., en: Text.}
        """), "unknown value"),
    "ref to an unknown id": (
        section("""\
        - id: planted.ref
          text: {lt: "Žr. {{ ref('no.such.norm') }}.", en: "See {{ ref('no.such.norm') }}."}
        """), "no.such.norm"),
    "Jinja statement": (
        section("""\
        - id: planted.stmt
          text: {lt: "{% if voice %}Taip.{% endif %}", en: "{% if voice %}Yes.{% endif %}"}
        """), "Jinja statement"),
    "inline if": (
        section("""\
        - id: planted.inline
          text: {lt: "{{ 'a' if voice else 'b' }}.", en: "{{ 'a' if voice else 'b' }}."}
        """), "inline `if`"),
    "scope word without its condition": (
        section("""\
        - id: planted.till
          text: {lt: Prie kasos darbuotojas pasisveikina su kiekvienu klientu., en: At the till the employee greets every client.}
        """), "till"),
    "unknown phrase": (
        section("""\
        - id: planted.phrase
          text: {lt: Tekstas., en: Text.}
          say: [no.such.phrase]
        """), "unknown phrase"),
    "unknown scenario": (
        section("""\
        - id: planted.scenario
          text: {lt: Tekstas., en: Text.}
          checks:
            - id: planted.check
              scenario: telepathy
              text: {lt: Patikrinta., en: Checked.}
        """), "unknown scenario"),
    "norm no organisation gets": (
        section("""\
        - id: planted.never
          when: {sector: [banking], kinds: [cafe]}
          text: {lt: Niekada neatsiranda., en: Never appears.}
        """), "never rendered"),
    "near-duplicate sentence": (
        section("""\
        - id: planted.copy
          text:
            lt: Pastebėjęs prieštaravimą, darbuotojas visada taiko teisės aktą ir apie tai praneša atsakingam už standartą asmeniui.
            en: An employee who notices a conflict always follows the law and reports it to the person responsible for the standard.
        """), "near-duplicate"),
    "an answer pasted where Lithuanian needs another case": (
        section("""\
        - id: planted.case
          text: {lt: "Darbuotojas kalba {{ org.short }} vardu ir dirba dėl {{ org.short }}.", en: "The employee speaks for {{ org.short }}."}
        """), "another case"),
    "a word never to use": (
        section("""\
        - id: planted.never
          text: {lt: Naujus darbuotojus apmokome per dvi savaites., en: New staff get speech modules in two weeks.}
        """), "apmokom"),
    "the generic client word in a patient standard": (
        section("""\
        - id: planted.client
          text: {lt: Klientui visada pasakome tikslią datą., en: We always give the client an exact date.}
        """), "have their own name"),
    "number and noun out of agreement": (
        section("""\
        - id: planted.agreement
          text: {lt: Atsakome per 5 darbo dieną., en: We reply within 5 working day.}
        """), "do not agree"),
    "a time in the other language's format": (
        section("""\
        - id: planted.time
          text: {lt: Dirbame nuo 8:00 iki 17.00 valandos., en: We open at 8.00–17.00 on weekdays.}
        """), "time"),
    "a word of the other language": (
        section("""\
        - id: planted.english
          text: {lt: Darbuotojas pasako the atsakymą iš karto., en: Darbuotojas answers at once.}
        """), "word"),
    "an over-long sentence": (
        section("""\
        - id: planted.long
          text:
            lt: Darbuotojas, kuris aptarnauja klientą ir mato, kad šis nesupranta paaiškinimo, paaiškina dar kartą kitais žodžiais, paprašo pakartoti, ką suprato, pasiūlo užrašyti svarbiausius dalykus ant lapelio, pasako, kur rasti daugiau informacijos, ir paklausia, ar liko dar kokių nors neaiškumų ar klausimų, į kuriuos reikėtų atsakyti šiandien.
            en: An employee who serves a client and sees that the client does not understand the explanation explains it again in other words, asks what the client understood, offers to write the main points down, says where to find more information and asks whether any questions are left that need an answer today.
        """), "a sentence of"),
}


@pytest.mark.parametrize("defect", sorted(PLANTED))
def test_lint_finds_a_planted_defect(tmp_path, defect):
    text, expected = PLANTED[defect]
    found = problems_for(plant(tmp_path, text))
    assert any(expected in p for p in found), found


def test_a_card_norm_needs_a_short_form(tmp_path):
    folder = plant(tmp_path, section("""\
    - id: planted.long
      text: {lt: Ilgas normos tekstas be trumpos formos., en: A long norm text without a short form.}
    """))
    (folder / "cards.yaml").write_text(
        "cards:\n  - id: planted_card\n    title: {lt: K, en: C}\n    audience: {lt: visi, en: all}\n"
        "    norms: [planted.long]\n", encoding="utf-8")
    assert any("no `short` form" in p for p in problems_for(folder))


def test_a_phrase_is_printed_in_one_place(tmp_path):
    folder = plant(tmp_path, section("""\
    - id: planted.one
      text: {lt: Pirma norma su fraze., en: First norm with a phrase.}
      say: [planted.hello]
    - id: planted.two
      text: {lt: Antra norma su ta pačia fraze., en: Second norm with the same phrase.}
      say: [planted.hello]
    """) + "phrases:\n  - id: planted.hello\n    label: {lt: Sveikinantis, en: Greeting}\n"
           "    lt: {all: Laba diena.}\n    en: {all: Good morning.}\n")
    assert any("also said by" in p for p in problems_for(folder))


def test_lint_command_exit_codes(tmp_path, capsys):
    text, _ = PLANTED["unknown phrase"]
    assert main(["lint", str(plant(tmp_path, text))]) == 2
    assert "unknown phrase" in capsys.readouterr().out


def test_every_bundled_data_file_reads_strictly():
    """kasgen's own data (registry, domain, language, audit rubric and lexicon, questionnaire) is
    read as strictly as an answers file: no YAML 1.1 booleans hiding in word lists (the audit's
    English stop words once held `on` and `no` as true and false), no duplicate keys."""
    from kasgen import strict_yaml

    files = sorted([*(ROOT / "templates").rglob("*.yaml"), *(ROOT / "questionnaires").rglob("*.yaml")])
    assert len(files) > 30
    problems = {}
    for path in files:
        try:
            strict_yaml.load(path.read_text(encoding="utf-8"))
        except strict_yaml.YamlProblem as exc:
            problems[path.name] = exc.problems
    assert not problems, problems
