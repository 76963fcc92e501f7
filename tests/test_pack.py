"""`kasgen pack`: the whole set for one organisation, written like `kasgen build` writes the standard."""

from __future__ import annotations

import docx
import openpyxl

from kasgen.build import build_standard
from kasgen.cli import main
from kasgen.pack import build_pack
from tests.helpers import SAMPLES, paragraphs, write_answers

CAFE = next(s for s in SAMPLES if s.stem == "cafe-lt")


def test_the_set_has_a_file_for_each_reader_and_the_standard_is_the_builds(tmp_path):
    result = build_pack(CAFE, tmp_path / "set")
    names = sorted(p.name for _, p in result.files)
    assert names == ["cafe-lt-apklausos.docx", "cafe-lt-korteles.docx", "cafe-lt-patikrinimai.xlsx",
                     "cafe-lt-standartas.docx", "cafe-lt-valdymo-priedas.docx"]
    built = build_standard(CAFE, tmp_path / "built.docx").path
    assert (tmp_path / "set" / "cafe-lt-standartas.docx").read_bytes() == built.read_bytes()
    cards = [p.text for p in paragraphs(docx.Document(str(tmp_path / "set" / "cafe-lt-korteles.docx")))
             if p.style.name == "Card Heading"]
    assert cards[0] == "Atmintinė" and len(cards) >= 4  # the quick card, then channels and roles
    annex = [p.text for p in paragraphs(docx.Document(str(tmp_path / "set" / "cafe-lt-valdymo-priedas.docx")))
             if p.style.name == "Heading 1"]
    assert annex == ["Standarto laikymosi stebėsena", "Standarto diegimas ir peržiūra"]
    assert openpyxl.load_workbook(tmp_path / "set" / "cafe-lt-patikrinimai.xlsx").sheetnames[0] == "Suvestinė"


def test_without_surveys_or_mystery_shopping_their_files_are_not_written(tmp_path):
    text = CAFE.read_text(encoding="utf-8") + "monitoring: {methods: [hard_indicators, employee_assessment]}\n"
    answers = write_answers(tmp_path, text, "cafe.yaml")
    kinds = [kind for kind, _ in build_pack(answers, tmp_path / "set").files]
    assert kinds == ["standard", "annex", "cards"]


def test_an_edited_file_of_the_set_is_kept_unless_forced(tmp_path, capsys):
    folder = tmp_path / "set"
    assert main(["pack", str(CAFE), "-o", str(folder)]) == 0
    assert main(["pack", str(CAFE), "-o", str(folder)]) == 0  # unchanged files are replaced
    cards = folder / "cafe-lt-korteles.docx"
    d = docx.Document(str(cards))
    d.add_paragraph("Mūsų pastaba")
    d.save(str(cards))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["pack", str(CAFE), "-o", str(folder)]) == 2
    assert "--force" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing of the set changed
    assert main(["pack", str(CAFE), "-o", str(folder), "--force"]) == 0
    assert (folder / "cafe-lt-korteles.edited-1.docx").exists()
