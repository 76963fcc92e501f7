"""End to end in a real pseudo-terminal: the installed command, Ctrl-C, resume, review, build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
ENTER, DOWN, CLEAR = "\r", "\x1b[B", "\x15"


def kasgen_command() -> list[str]:
    found = shutil.which("kasgen")
    return [found] if found else [sys.executable, "-m", "kasgen"]


def spawn(*args: str, cwd: Path):
    command = kasgen_command()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "NO_COLOR": "1"}
    return pexpect.spawn(command[0], [*command[1:], *args], cwd=str(cwd), env=env, encoding="utf-8",
                         dimensions=(40, 140), timeout=30)


def answer(child, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    child.send(keys)


def test_lithuanian_interview_interrupted_resumed_changed_and_built(tmp_path: Path) -> None:
    child = spawn("interview", "kavine.yaml", "--lang", "lt", cwd=tmp_path)
    answer(child, "Kuria kalba rašyti standartą?", ENTER)
    answer(child, "Visas oficialus organizacijos pavadinimas", "UAB „Kavos namai“" + ENTER)
    answer(child, "Trumpas pavadinimas tekstui", "Kavos namai" + ENTER)
    answer(child, "Veiklos sritis", DOWN * 11 + ENTER)                     # hospitality
    answer(child, "Buveinės adresas", "Laisvės al. 52, Kaunas" + ENTER)
    answer(child, "Interneto svetainė", ENTER)
    answer(child, "Bendrasis telefono numeris", "+370 612 34567" + ENTER)
    answer(child, "Bendrasis el. pašto adresas", ENTER)
    answer(child, "Pagrindinės paslaugos", "kava; užkandžiai" + ENTER)
    answer(child, "Kokiais kanalais", " " + DOWN + " " + ENTER)            # in person, phone
    answer(child, "Gyvai: per kiek sekundžių", ENTER)
    child.expect_exact("Gyvai: ilgiausias laukimas")
    child.sendcontrol("c")                                                  # the workshop breaks off
    child.expect_exact("Tęsti: kasgen interview kavine.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")
    assert "greet_within_seconds: 10" in (tmp_path / "kavine.yaml").read_text(encoding="utf-8")

    child = spawn("interview", "kavine.yaml", "--lang", "lt", cwd=tmp_path)
    child.expect_exact("Tęsiame kavine.yaml")
    answer(child, "Gyvai: ilgiausias laukimas", CLEAR + "5" + ENTER)
    answer(child, "Gyvai: laukimas iš anksto", ENTER)
    for prompt in ("atsiliepti per kiek signalų", "atsiliepti per kiek sekundžių", "ilgiausias palaukimas",
                   "perskambinti per kiek", "Skundai: patvirtinti", "Skundai: išnagrinėti"):
        answer(child, prompt, ENTER)
    answer(child, "Ar turite padalinių", "n")
    answer(child, "Kurioms klientų grupėms", ENTER)
    answer(child, "Ar yra klientų grupė", "n")
    child.expect_exact("Sveiki! Kuo galiu padėti?")                         # the friendly voice's greeting
    answer(child, "Kaip darbuotojai kalba su klientais?", DOWN * 2 + ENTER)  # friendly
    for prompt in ("Vertybės", "Išskirtinis elgesys", "Žodžiai ir frazės, kuriuos vartojame",
                   "Žodžiai, kurių vengiame",
                   "Kas atsakingas už standartą?", "Kas nagrinėja skundus?", "Kas kalba žiniasklaidai?",
                   "Kas atsakingas už asmens duomenų apsaugą?", "Kas organizuoja darbuotojų mokymus?",
                   "Kaip tikrinsite", "Ar matuosite NPS", "Ar rezultatai siejami", "Ar raštai registruojami",
                   "Dokumento pavadinimas", "Versija"):
        answer(child, prompt, ENTER)
    answer(child, "Įsigaliojimo data", "2027-03-01" + ENTER)
    answer(child, "Kas tvirtina?", "direktorė Rūta Jonaitienė" + ENTER)
    answer(child, "Atsakingas padalinys", ENTER)
    # review: change the short name (section "Organizacija", its second question)
    answer(child, "Viskas teisinga?", DOWN * 2 + ENTER)
    answer(child, "Kurį atsakymą keisti?", DOWN + ENTER)
    answer(child, "Trumpas pavadinimas tekstui", CLEAR + "Kavinukas" + ENTER)
    answer(child, "Viskas teisinga?", ENTER)
    answer(child, "Sukurti Word dokumentą dabar?", "n")
    child.expect_exact("kasgen build kavine.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    text = (tmp_path / "kavine.yaml").read_text(encoding="utf-8")
    assert "short_name: Kavinukas" in text and "voice: friendly" in text and "max_wait_minutes: 5" in text
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["validate", "kavine.yaml"], ["build", "kavine.yaml", "-o", "kavine.docx"]):
        done = subprocess.run([*kasgen_command(), *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "kavine.docx").stat().st_size > 10_000
