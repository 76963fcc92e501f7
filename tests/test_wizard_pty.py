"""End to end in a real pseudo-terminal: the installed command as a consultant uses it.

A whole Lithuanian interview with answers typed ahead (as people do when they know the next
question), a line typed for the wrong question, a rejected value, Ctrl-C inside a branch, a resume
that continues in Lithuanian by itself, the review, then ``kasgen validate`` and ``build``.
Everything the terminal showed is kept: no English may appear, and every answer must be in its
own field.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
ENTER, DOWN, UP, CLEAR = "\r", "\x1b[B", "\x1b[A", "\x15"
ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][A-Za-z0-9]|[=>78])")
#: Words of English prompt text (questionary's, prompt_toolkit's or ours) that must not appear in a
#: Lithuanian interview.
ENGLISH = re.compile(r"\b(Use arrow|arrow keys|selections?|done|Yes|No|y/N|Y/n|Please|question|Answers?|"
                     r"saved|Interrupted|Resuming|continue|Branch|Change|Fix|Review|Back|typed|choose)\b")


def kasgen_command() -> list[str]:
    found = shutil.which("kasgen")
    return [found] if found else [sys.executable, "-m", "kasgen"]


def spawn(*args: str, cwd: Path):
    command = kasgen_command()
    # pexpect's terminal does not answer cursor-position requests; without this prompt_toolkit
    # would warn about it (in English) after a timeout.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "NO_COLOR": "1",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(command[0], [*command[1:], *args], cwd=str(cwd), env=env, encoding="utf-8",
                         dimensions=(40, 120), timeout=30)


class Session:
    """A spawned interview that keeps everything the terminal showed."""

    def __init__(self, *args: str, cwd: Path):
        self.child = spawn(*args, cwd=cwd)
        self.seen: list[str] = []

    def answer(self, prompt: str, keys: str) -> None:
        self.wait(prompt)
        self.child.send(keys)

    def wait(self, text: str) -> None:
        self.child.expect_exact(text)
        self.seen.append(self.child.before + text)

    def end(self) -> int:
        self.child.expect(pexpect.EOF)
        self.seen.append(self.child.before or "")
        self.child.close()
        return self.child.exitstatus

    def text(self) -> str:
        return ANSI.sub("", "".join(self.seen))


BRANCH_1 = ["Centrinė biblioteka", "Respublikos g. 14, Panevėžys", "I–V 9.00–19.00",
            "pandusas; liftas", "direktorė, tel. +370 45 46 40 42", "+370 45 46 40 42",
            "info@panbiblioteka.lt"]


def test_lithuanian_interview_typed_ahead_interrupted_resumed_and_built(tmp_path: Path) -> None:
    s = Session("interview", "biblioteka.yaml", "--lang", "lt", cwd=tmp_path)
    s.wait("Atsakymai bus įrašomi į biblioteka.yaml")
    # Typed ahead: the language, the name and the short name in one go.
    s.answer("Kuria kalba rašyti standartą?",
             ENTER + "Panevėžio apskrities viešoji biblioteka" + ENTER + "Panevėžio biblioteka" + ENTER)
    s.answer("Veiklos sritis", "kita" + ENTER)                         # typed: jumps to "kita"
    # A line meant for the address, typed while the yes/no question is on screen: refused.
    s.answer("Ar organizacijai taikomos viešojo sektoriaus taisyklės?", "Ozo g. 25, LT-07150 Vilnius" + ENTER)
    s.wait("ne šio klausimo atsakymas")
    s.child.send("t" + ENTER)
    s.answer("Kokia tai organizacija?", "valst" + ENTER)     # only the kinds of the "other" sector
    s.answer("Buveinės adresas", "Ozo g. 25, LT-07150 Vilnius" + ENTER)
    s.answer("Kada buveinėje aptarnaujami klientai?", "I–V 9.00–19.00" + ENTER)
    s.answer("Kas buveinėje padeda žmonėms su negalia?", "įėjimas be laiptų" + ENTER)
    s.answer("Interneto svetainė", "www.panbiblioteka.lt" + ENTER)
    s.answer("Bendrasis telefono numeris", "skambinkite bet kada" + ENTER)        # a bad value ...
    s.wait("turi būti telefono numeris")
    s.answer("Bendrasis telefono numeris", CLEAR + "+370 45 46 40 42" + ENTER)    # ... offered again
    s.answer("Bendrasis el. pašto adresas", "info@panbiblioteka.lt" + ENTER + "knygų išdavimas; renginiai"
             + ENTER + "85" + ENTER + "120 000" + ENTER)
    s.answer("Kokiais kanalais", " " + DOWN + " " + ENTER)                          # in person, phone
    s.answer("Gyvai: per kiek sekundžių", ENTER * 3 + CLEAR + "2" + ENTER + CLEAR + "120" + ENTER)
    s.wait("daug ilgiau, nei trunka 2 signalai")                                   # rings vs seconds
    s.answer("Telefonu: atsiliepti per kiek sekundžių?", CLEAR + "10" + ENTER + ENTER * 4)
    s.answer("Ar turite padalinių", "t" + ENTER + ENTER.join(BRANCH_1) + ENTER)
    s.answer("Pridėti dar vieną padalinį?", "taip" + ENTER + "Klaipėdos filialas" + ENTER)
    s.wait("Padaliniai · Padalinys Nr. 2 · klausimas 2 iš 7")
    s.child.sendcontrol("c")                                       # the workshop breaks off
    s.wait("Nutraukta ties klausimu „Padalinys Nr. 2 → adresas“")
    assert s.end() == 130

    s2 = Session("interview", "biblioteka.yaml", cwd=tmp_path)   # no --lang: the file remembers
    s2.wait("Toliau: Padalinys Nr. 2 → adresas.")
    s2.answer("Adresas", "Klaipėdos g. 143, Panevėžys" + ENTER + "II–VI 10–18" + ENTER + ENTER
              + "vedėja" + ENTER + ENTER + ENTER + ENTER)                          # then "another?": no
    s2.answer("Kurioms klientų grupėms", ENTER + ENTER)                            # none; no own group
    s2.answer("Kaip darbuotojai kalba su klientais?", ENTER + "pagarba; atvirumas" + ENTER + ENTER * 3)
    s2.answer("Ar įrašysite tipines situacijas", "t" + ENTER)
    s2.answer("Situacija keliais žodžiais", "Skaitytojas vėluoja grąžinti knygą" + ENTER + ENTER
              + "primename el. paštu; pasiūlome pratęsti" + ENTER + ENTER + ENTER)
    s2.answer("Kuriame kanale tai nutinka?", ENTER)                                # any channel
    s2.answer("Pridėti dar vieną situaciją? (įrašyta: 1; siūloma 3–10)", "n" + ENTER)
    s2.answer("Kas atsakingas už standartą?", ENTER * 5 + ENTER * 4)               # roles, monitoring
    s2.answer("Dokumento pavadinimas", ENTER + CLEAR + "0.9" + ENTER + ENTER + "2027-13-01" + ENTER)
    s2.wait("mėnuo turi būti nuo 1 iki 12")
    s2.answer("Įsigaliojimo data", CLEAR + "2027.03.01" + ENTER + "direktorė" + ENTER + ENTER)
    s2.answer("Viskas teisinga?", ENTER)
    s2.answer("Sukurti Word dokumentą dabar?", "n" + ENTER)
    s2.wait("kasgen build biblioteka.yaml")
    assert s2.end() == 0

    shown = s.text() + s2.text()
    assert not ENGLISH.search(shown), ENGLISH.search(shown)
    assert "Traceback" not in shown

    data = yaml.safe_load((tmp_path / "biblioteka.yaml").read_text(encoding="utf-8"))
    organisation = data["organisation"]
    assert organisation["name"] == "Panevėžio apskrities viešoji biblioteka"
    assert organisation["short_name"] == "Panevėžio biblioteka"
    assert organisation["sector"] == "other" and organisation["public_body"] is True
    assert organisation["address"] == "Ozo g. 25, LT-07150 Vilnius"
    assert organisation["website"] == "www.panbiblioteka.lt"
    assert organisation["phone"] == "+370 45 46 40 42"
    assert organisation["email"] == "info@panbiblioteka.lt"
    assert organisation["key_services"] == ["knygų išdavimas", "renginiai"]
    assert organisation["staff"] == 85 and organisation["contacts_per_year"] == 120000
    assert data["channels"] == ["in_person", "phone"]
    assert data["service_levels"]["phone"]["answer_within_rings"] == 2
    assert data["service_levels"]["phone"]["answer_within_seconds"] == 10
    first, second = data["branches"]
    assert list(first.values()) == [BRANCH_1[0], BRANCH_1[1], BRANCH_1[2], ["pandusas", "liftas"],
                                    *BRANCH_1[4:]]
    assert second["name"] == "Klaipėdos filialas" and second["address"] == "Klaipėdos g. 143, Panevėžys"
    assert second["escalation_contact"] == "vedėja" and second["phone"] is None
    assert data["situations"] == [{"title": "Skaitytojas vėluoja grąžinti knygą", "what_happens": None,
                                   "what_to_do": ["primename el. paštu", "pasiūlome pratęsti"],
                                   "say": None, "never_say": None, "channel": None}]
    assert data["document"]["version"] == "0.9" and data["document"]["status"] == "draft"
    assert str(data["document"]["effective_date"]) == "2027-03-01"
    assert data["interview"] == {"language": "lt"}

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["validate", "biblioteka.yaml"], ["build", "biblioteka.yaml"]):
        done = subprocess.run([*kasgen_command(), *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "biblioteka.docx").stat().st_size > 10_000


def test_ctrl_c_at_the_first_question_says_nothing_was_saved(tmp_path: Path) -> None:
    s = Session("interview", "new.yaml", "--lang", "en", cwd=tmp_path)
    s.wait("In which language should the standard be written?")
    s.child.sendcontrol("c")
    s.wait("No question was answered yet, so new.yaml was not created.")
    assert s.end() == 130
    assert not (tmp_path / "new.yaml").exists()


def test_an_english_interview_resumes_in_english(tmp_path: Path) -> None:
    s = Session("interview", "call-centre.yaml", "--lang", "en", cwd=tmp_path)
    s.answer("In which language should the standard be written?", ENTER + "Baltic Energy UAB" + ENTER)
    s.wait("Short name for running text")
    s.child.sendcontrol("c")
    s.wait("Interrupted at “Short name”. Your answers are saved in call-centre.yaml")
    assert s.end() == 130

    s2 = Session("interview", "call-centre.yaml", cwd=tmp_path)
    s2.wait("Resuming call-centre.yaml")
    s2.wait("Next: Short name.")
    s2.answer("Short name for running text", "Baltic Energy" + ENTER)
    s2.answer("Sector", "util" + ENTER)
    s2.answer("Do public-sector rules apply to the organisation?", "y")
    s2.wait("(y – yes, n – no, then Enter)")
    assert "Registered address" not in s2.child.before            # one key does not answer
    s2.child.send(ENTER)
    s2.wait("Registered address")
    s2.child.sendcontrol("c")
    s2.wait("Interrupted at “Registered address”")
    assert s2.end() == 130
    data = yaml.safe_load((tmp_path / "call-centre.yaml").read_text(encoding="utf-8"))
    assert data["organisation"]["public_body"] is True and data["document"]["language"] == "en"
    assert data["interview"] == {"language": "en"}
