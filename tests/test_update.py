"""`kasgen update`: the merge rules one by one, and bad input refused with nothing written."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from kasgen.build import build_standard
from kasgen.cli import main
from kasgen.errors import AnswersError, OutputError
from kasgen.update.command import UpdateError, update_document
from kasgen.update.merge3 import merge2, merge3
from kasgen.update.plan import plan_units
from kasgen.update.report import messages
from kasgen.wordml.manifest import Manifest, UnitRecord
from kasgen.wordml.reader import read_layout
from tests.helpers import answers, write_answers
from tests.word_edits import EditedDocx, W, text_of


def kinds(chunks) -> list[str]:
    return [c.kind for c in chunks]


@pytest.mark.parametrize(("base", "ours", "theirs", "expected", "merged"), [
    ("abc", "abc", "abc", ["same"], "abc"),
    ("abc", "abc", "aXc", ["same", "theirs", "same"], "aXc"),
    ("abc", "aYc", "abc", ["same", "ours", "same"], "aYc"),
    ("abcd", "aYcd", "abXd", ["same", "ours", "theirs", "same"], "aYXd"),  # neighbours
    ("abc", "aYc", "aXc", ["same", "conflict", "same"], None),
    ("abc", "aXc", "aXc", ["same", "both", "same"], "aXc"),
    ("abc", "abcZ", "Xbc", ["theirs", "same", "ours"], "XbcZ"),
    ("abc", "ac", "aXc", ["same", "conflict", "same"], None),  # deleted by one, changed by other
    ("abc", "ac", "abc", ["same", "ours", "same"], "ac"),
])
def test_three_way_merge(base, ours, theirs, expected, merged):
    chunks = merge3(list(base), list(ours), list(theirs))
    assert kinds(chunks) == expected
    if merged is not None:  # taking the changed side of every chunk gives the merged sequence
        taken = []
        for c in chunks:
            side, span = (theirs, c.theirs) if c.kind == "theirs" else (ours, c.ours)
            taken += side[span[0]:span[1]]
        assert "".join(taken) == merged


def test_without_a_base_every_difference_is_a_conflict():
    assert kinds(merge2(list("abc"), list("aXc"))) == ["same", "conflict", "same"]


@pytest.fixture()
def small(tmp_path) -> tuple[Path, Path]:
    """A small standard (three channels) and its answers file."""
    path = write_answers(tmp_path, answers())
    return path, build_standard(path, tmp_path / "standard.docx").path


def test_same_answers_change_nothing(small, tmp_path):
    answers_file, built = small
    for given in (answers_file, None):  # the file, or the answers stored in the document
        result = update_document(built, given, tmp_path / f"out-{given is None}.docx")
        assert result.unchanged and result.path.read_bytes() == built.read_bytes()
        assert result.report.changed == 0


def test_an_untouched_section_the_answers_drop_becomes_a_tracked_deletion(small, tmp_path):
    _, built = small
    fewer = write_answers(tmp_path, answers(channels=["in_person", "phone"]), "fewer.yaml")
    result = update_document(built, fewer, tmp_path / "out.docx")
    removed = [line for line in result.report.lines
               if line[1] == messages("lt")["actions"]["removed"]]
    assert removed
    doc = EditedDocx(result.path)
    heading = removed[0][0].split(" ", 1)[1]
    deleted = [p for p in doc.body.iter(W + "p") if heading in "".join(
        t.text or "" for t in p.iter(W + "delText"))]
    assert deleted, "the dropped section is not shown as deleted text"
    p = deleted[0]
    assert p.find(f"{W}pPr/{W}rPr/{W}del").get(W + "author") == "kasgen"
    assert heading not in [text_of(q) for q in doc.paragraphs()]  # gone in the accepted view
    control = next(a for a in p.iterancestors() if a.tag == W + "sdt")
    assert control.find(f"{W}sdtPr/{W}lock") is None  # the editor can remove it for good


def test_a_required_section_the_editor_deleted_gets_a_comment():
    body = etree.fromstring(
        f'<w:body xmlns:w="{W[1:-1]}"><w:p><w:r><w:t>Other</w:t></w:r></w:p></w:body>')
    empty = read_layout(body, {}, set())
    theirs = etree.fromstring(
        f'<w:body xmlns:w="{W[1:-1]}"><w:sdt><w:sdtPr><w:tag w:val="kasgen:a.b"/></w:sdtPr>'
        '<w:sdtContent><w:p><w:r><w:t>Title</w:t></w:r></w:p></w:sdtContent></w:sdt></w:body>')
    record = UnitRecord("a.b", "section", ["Title"], "Title", "1.1.", mandatory=True)
    base = Manifest("0", "lib", "lt", True, {}, units=[record])
    plans = plan_units(base, empty, read_layout(theirs, {}, set()), base)
    assert (plans[0].action, plans[0].comment, plans[0].status) == (
        "deleted", "deleted_mandatory", "deleted")
    noted = Manifest("0", "lib", "lt", True, {}, units=[
        UnitRecord("a.b", "section", ["Title"], "Title", "1.1.", "deleted", True)])
    again = plan_units(noted, empty, read_layout(theirs, {}, set()), base)
    assert again[0].comment == ""  # said once, not at every update


def without_manifest(built: Path, target: Path, damage: bytes | None = None) -> Path:
    """The file after Word's Document Inspector removed custom XML (or with it damaged)."""
    with zipfile.ZipFile(built) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    if damage is None:
        parts = {n: d for n, d in parts.items() if not n.startswith("customXml/")}
        rels = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = re.sub(
            r'<Relationship [^>]*customXml"[^>]*/>', "", rels).encode()
    else:
        parts["customXml/item1.xml"] = damage
    with zipfile.ZipFile(target, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return target


@pytest.mark.parametrize("damage", [None, b"<manifest xmlns='urn:kasgen:manifest:1'><unit"])
def test_without_the_manifest_differences_become_suggestions(small, tmp_path, damage):
    answers_file, built = small
    edited = EditedDocx(without_manifest(built, tmp_path / "inspected.docx", damage))
    first = next(p for p in edited.paragraphs() if len(text_of(p)) > 40 and edited.find(text_of(p)) is p)
    mine = "Redaktorė pakeitė šią normą."
    edited.replace_text(text_of(first), mine)
    edited.save(tmp_path / "inspected.docx")
    with pytest.raises(UpdateError, match="name the answers file"):
        update_document(tmp_path / "inspected.docx", None, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()
    changed = write_answers(tmp_path, answers(**{"document.version": "7.0"}), "new.yaml")
    result = update_document(tmp_path / "inspected.docx", changed, tmp_path / "out.docx")
    words = messages("lt")
    assert words["report"]["no_manifest"] in result.report.notes
    out = EditedDocx(result.path)
    texts = [text_of(p) for p in out.paragraphs()]
    assert mine in texts and text_of(first) in texts  # both versions, the new one suggested
    xml = etree.tostring(out.body).decode()
    assert 'w:author="kasgen"' in xml
    comments = zipfile.ZipFile(result.path).read("word/comments.xml").decode()
    assert words["comments"]["compared"][:40] in comments


def test_refuses_a_docx_kasgen_did_not_write(tmp_path):
    d = docx.Document()
    d.add_paragraph("Our own standard")
    d.save(str(tmp_path / "own.docx"))
    with pytest.raises(UpdateError, match="not a document kasgen built"):
        update_document(tmp_path / "own.docx", None)
    (tmp_path / "zip.docx").write_bytes(b"PK not really")
    with pytest.raises(UpdateError, match="not a Word document"):
        update_document(tmp_path / "zip.docx", None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["own.docx", "zip.docx"]


@pytest.mark.parametrize("lock", ["~$standard.docx", "~$andard.docx", ".~lock.standard.docx#"])
def test_refuses_a_file_open_in_word_or_libreoffice(small, tmp_path, lock):
    _, built = small
    (tmp_path / lock).write_text("owner")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(UpdateError, match="open in Word"):
        update_document(built, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_answers_that_no_longer_validate_are_refused(small, tmp_path):
    _, built = small
    with zipfile.ZipFile(built) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    manifest = Manifest.from_xml(parts["customXml/item1.xml"])
    manifest.answers["channels"] = ["carrier_pigeon"]
    parts["customXml/item1.xml"] = manifest.to_xml()
    stale = tmp_path / "stale.docx"
    with zipfile.ZipFile(stale, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(AnswersError, match=r"\(channels\[1\]\)"):   # the first channel, counted from 1
        update_document(stale, None, tmp_path / "out.docx")
    bad = write_answers(tmp_path, answers(channels=["carrier_pigeon"]), "bad.yaml")
    with pytest.raises(AnswersError):
        update_document(built, bad, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_in_place_only_when_named_and_then_with_a_backup(small, tmp_path):
    answers_file, built = small
    original = built.read_bytes()
    changed = write_answers(tmp_path, answers(**{"document.version": "2.0"}), "new.yaml")
    result = update_document(built, changed, built)
    assert result.backup is not None and result.backup.read_bytes() == original
    assert built.read_bytes() != original
    default = update_document(built, changed)  # NAME.updated.docx beside it
    assert default.path == built.with_name("standard.updated.docx")
    with pytest.raises(OutputError, match="already exists"):
        update_document(built, changed)


def test_cli_update_prints_the_summary_and_maps_errors(small, tmp_path, capsys):
    answers_file, built = small
    changed = write_answers(tmp_path, answers(channels=["in_person", "phone"]), "new.yaml")
    assert main(["update", str(built), str(changed), "-o", str(tmp_path / "o.docx")]) == 0
    out = capsys.readouterr().out
    assert "o.docx" in out and "o.changes.md" in out
    assert messages("lt")["actions"]["removed"] in out
    report = (tmp_path / "o.changes.md").read_text(encoding="utf-8")
    assert "| " + messages("lt")["report"]["column_part"] in report
    assert main(["update", str(tmp_path / "missing.docx")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main(["update", str(built), "--dry-run"]) == 0
    assert not built.with_name("standard.updated.docx").exists()


def test_a_section_the_library_now_calls_by_another_id_is_the_same_section(small, tmp_path):
    """A document built before the clause library renamed a section's id (its tag, bookmark and
    manifest entry carry the old id) is matched by its heading, not duplicated."""
    from kasgen.wordml.anchors import bookmark_name

    answers_file, built = small
    with zipfile.ZipFile(built) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    manifest = Manifest.from_xml(parts["customXml/item1.xml"])
    unit = next(u for u in manifest.units if u.kind == "section" and len(u.texts) > 3)
    key, old_key = unit.key, "legacy." + unit.key.replace(".", "_")
    body = parts["word/document.xml"].decode()
    body = body.replace(f'"kasgen:{unit.key}"', f'"kasgen:{old_key}"').replace(
        bookmark_name(unit.key), bookmark_name(old_key))
    parts["word/document.xml"] = body.encode()
    unit.key = old_key
    parts["customXml/item1.xml"] = manifest.to_xml()
    older = tmp_path / "older.docx"
    with zipfile.ZipFile(older, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    edited = EditedDocx(older)
    edited.replace_text(unit.texts[2], "Redaktorė: " + unit.texts[2])
    edited.save(older)
    result = update_document(older, answers_file, tmp_path / "out.docx")
    actions = {line[0]: line[1] for line in result.report.lines}
    words = messages("lt")["actions"]
    assert actions[f"{unit.number} {unit.title}"] == words["kept"]
    assert words["added"] not in actions.values() and words["flagged"] not in actions.values()
    texts = [text_of(p) for p in EditedDocx(result.path).paragraphs()]
    assert texts.count(unit.title) == 1 and "Redaktorė: " + unit.texts[2] in texts
    xml = zipfile.ZipFile(result.path).read("word/document.xml")
    assert f'"kasgen:{key}"'.encode() in xml and f'"kasgen:{old_key}"'.encode() not in xml


@pytest.mark.parametrize("part", ["word/styles.xml", "word/comments.xml", "word/document.xml"])
def test_a_damaged_part_is_refused_with_a_message(small, tmp_path, part):
    _, built = small
    with zipfile.ZipFile(built) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = b"<w:styles><unclosed>"
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(UpdateError, match="damaged|not a Word document"):
        update_document(broken, None, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()
    assert main(["diff", str(built), str(broken), "-o", str(tmp_path / "red.docx")]) == 2
    assert not (tmp_path / "red.docx").exists()


def test_a_custom_clause_folder_left_out_is_reported(tmp_path):
    folder = tmp_path / "our-clauses"
    folder.mkdir()
    (folder / "extra.yaml").write_text(
        "part: general\nsections:\n  - id: general.our_extra\n    order: 999\n"
        "    title: {lt: Mūsų papildoma taisyklė, en: Our extra rule}\n"
        "    content:\n      - id: general.our_extra_norm\n"
        "        text: {lt: Darbuotojas visada šypsosi., en: Staff always smile.}\n", encoding="utf-8")
    path = write_answers(tmp_path, answers())
    built = build_standard(path, tmp_path / "s.docx", clause_dirs=[folder]).path
    without = update_document(built, path, tmp_path / "a.docx")
    note = messages("lt")["report"]["other_clauses"].replace("{names}", "our-clauses")
    assert note in without.report.notes
    with_it = update_document(built, path, tmp_path / "b.docx", clause_dirs=[folder])
    assert with_it.unchanged
