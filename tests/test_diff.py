"""`kasgen diff`: a redline whose changes, accepted, give the new text and, rejected, the old."""

from __future__ import annotations

import pytest
from openxml_audit import OpenXmlValidator

from kasgen.build import build_standard
from kasgen.cli import main
from kasgen.errors import OutputError
from kasgen.update.redline import redline
from tests.helpers import answers, dump, write_answers
from tests.word_edits import EditedDocx, W, accept_all, reject_all, text_of


def body_dump(path) -> list[str]:
    """The dump without header, footer and properties (the redline is the new file's)."""
    return [line for line in dump(path).splitlines() if not line.startswith(("[header]", "[footer]", "[core]"))]


@pytest.fixture()
def versions(tmp_path):
    old = build_standard(write_answers(tmp_path, answers(), "old.yaml"), tmp_path / "old.docx").path
    changed = answers(channels=["in_person", "phone", "web_chat"],
                      **{"service_levels": {"phone": {"answer_within_rings": 3,
                                                      "answer_within_seconds": 23}}})
    new = build_standard(write_answers(tmp_path, changed, "new.yaml"), tmp_path / "new.docx").path
    return old, new


def test_accepting_gives_the_new_text_and_rejecting_the_old(versions, tmp_path):
    old, new = versions
    result = redline(old, new, tmp_path / "redline.docx")
    assert result.changed and result.inserted and result.deleted
    assert body_dump(accept_all(result.path, tmp_path / "a.docx")) == body_dump(new)
    assert body_dump(reject_all(result.path, tmp_path / "r.docx")) == body_dump(old)
    report = OpenXmlValidator().validate(str(result.path))
    assert report.is_valid, [str(e) for e in report.errors[:5]]


def test_a_changed_number_is_shown_word_by_word(versions, tmp_path):
    old, new = versions
    result = redline(old, new, tmp_path / "redline.docx")
    doc = EditedDocx(result.path)
    marked = [p for p in doc.body.iter(W + "p")
              if any("23" in text_of(i) for i in p.iter(W + "ins"))
              and p.find(f"{W}pPr/{W}rPr/{W}ins") is None]  # changed, not a new paragraph
    assert marked, "no paragraph shows the new number as a change in its words"
    for p in marked:
        deleted = "".join(t.text for t in p.iter(W + "delText"))
        assert deleted and len(deleted) < len(text_of(p)) / 2  # only the changed words


def test_works_on_edited_files_and_refuses_to_overwrite_its_inputs(versions, tmp_path, capsys):
    old, new = versions
    edited = EditedDocx(new)
    first = next(p for p in edited.paragraphs() if len(text_of(p)) > 40)
    edited.tracked_insert(text_of(first), " Papildyta.")
    edited.save(tmp_path / "edited.docx")
    assert main(["diff", str(old), str(tmp_path / "edited.docx"), "-o", str(tmp_path / "red.docx")]) == 0
    assert "red.docx" in capsys.readouterr().out
    accepted = accept_all(tmp_path / "red.docx", tmp_path / "a.docx")
    assert any(line.endswith(" Papildyta.") for line in body_dump(accepted))
    with pytest.raises(OutputError, match="not one of the two"):
        redline(old, new, new)
