"""The issue's acceptance run, for every sample: build → (LibreOffice save) → edits of ten kinds
made the way Word makes them → three answers changed → update; then a second update with the
same answers changes nothing.

Edit targets are chosen from what the two builds differ in, never from particular clause ids or
wording, so the test holds as the clause library changes.
"""

from __future__ import annotations

import copy
import difflib
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from lxml import etree
from openxml_audit import OpenXmlValidator

from kasgen.build import build_standard
from kasgen.pdf import find_soffice
from kasgen.pipeline import run
from kasgen.profile import ClientGroup, Profile
from kasgen.update.command import update_document
from kasgen.update.report import messages
from kasgen.wordml.manifest import Manifest, UnitRecord, find_manifest
from tests.helpers import SAMPLES
from tests.word_edits import EDITOR, EditedDocx, W, accept_all, style_of, text_of

SAMPLE_IDS = [s.stem for s in SAMPLES]
NEW_SECONDS = 22  # agrees with every sample's rings (3–5): kasgen.profile.seconds_for_rings
NEW_VERSION = "9.9"


def changed_answers(sample: Path, folder: Path) -> Path:
    """Three answers changed: the version, a phone service level, and the client groups (one
    dropped, one added)."""
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    data["document"]["version"] = NEW_VERSION
    data["service_levels"]["phone"]["answer_within_seconds"] = NEW_SECONDS
    groups = data["client_groups"]
    added = next(g.value for g in ClientGroup if g.value not in groups)
    count = _section_count(data)
    groups.remove(next(g for g in groups if _sections_without(data, g) < count))
    groups.append(added)
    path = folder / f"{sample.stem}-new.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _sections_without(data: dict, group: str) -> int:
    """How many sections the standard has without this client group."""
    fewer = copy.deepcopy(data)
    fewer["client_groups"].remove(group)
    return _section_count(fewer)


def _section_count(data: dict) -> int:
    """How many sections the standard has for these answers."""
    return sum(1 for h in run(Profile.model_validate(data)).standard.headings() if h.level == 2)


def manifest_of(path: Path) -> Manifest:
    with zipfile.ZipFile(path) as z:
        _, data = find_manifest({n: z.read(n) for n in z.namelist()})
    assert data is not None
    return Manifest.from_xml(data)


@pytest.fixture(scope="module")
def saved_by_libreoffice(built, tmp_path_factory) -> dict[str, Path]:
    """Every sample opened and saved as .docx in LibreOffice (one run, a profile of its own)."""
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = (folder / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "docx", "--outdir", str(folder / "out"), *map(str, built.values())],
                   check=True, capture_output=True, timeout=300)
    return {name: folder / "out" / path.name for name, path in built.items()}


def body_paragraphs(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return list(root.find(W + "body").iter(W + "p"))


def part_text(path: Path, prefix: str) -> str:
    with zipfile.ZipFile(path) as z:
        return " ".join(text_of(p) for n in sorted(z.namelist()) if n.startswith(prefix)
                        for p in etree.fromstring(z.read(n)).iter(W + "p"))


@dataclass
class Plan:
    """The edits made and what each must look like after the update."""

    texts: list[str] = field(default_factory=list)  # editor's text that must survive
    deleted_heading: str = ""
    deleted_unit_new: list[str] = field(default_factory=list)
    loose: tuple[str, str, str] = ("", "", "")  # (text, heading before, heading after)
    bold_word: str = ""
    flagged: str = ""
    deleted_tables: bool = False


def unique(texts: list[str], everything: list[str]) -> list[str]:
    return [t for t in texts if len(t) > 30 and "\t" not in t and "\n" not in t
            and sum(t in other for other in everything) == 1]


def make_edits(doc: EditedDocx, old: Manifest, new: Manifest) -> Plan:
    everything = [t for u in old.units for t in u.texts]
    new_units = {u.key: u for u in new.units}
    sections = [u for u in old.units if u.kind in ("section", "front", "card") and u.key in new_units]
    changed = [u for u in sections if new_units[u.key].texts != u.texts]
    same = [u for u in sections if new_units[u.key].texts == u.texts and len(unique(u.texts, everything)) >= 2]
    plan = Plan()

    def conflict_unit(u: UnitRecord) -> str | None:
        gone = unique([t for t in u.texts[1:] if t not in new_units[u.key].texts], everything)
        return gone[0] if gone else None

    c_unit = next(u for u in changed if conflict_unit(u))
    target = conflict_unit(c_unit)
    assert target
    doc.replace_text(target, target[:25] + " [redaguota A]" + target[25:])  # 1: conflict
    plan.texts.append(target[:25] + " [redaguota A]")
    # the norm registry changes few sections per answer: the merge may be in the conflict's own section
    def kept(u: UnitRecord) -> list[str]:
        return [t for t in unique([t for t in u.texts[1:] if t in new_units[u.key].texts], everything)
                if t != target]

    m_unit = next((u for u in changed if u is not c_unit and kept(u)), c_unit)
    m_text = kept(m_unit)[0]
    doc.replace_text(m_text, m_text[:20] + " [redaguota B]" + m_text[20:])  # 2: merge
    plan.texts.append(m_text[:20] + " [redaguota B]")
    d_unit = next(u for u in sorted(changed, key=lambda u: u.kind != "section")
                  if u not in (c_unit, m_unit) and u.kind != "cover")
    plan.deleted_tables = d_unit.kind != "section"  # a card or the index: its rows are a table
    doc.delete_section(d_unit.texts[0])  # 3: a section deleted (changed upstream: a comment)
    plan.deleted_heading = d_unit.texts[0]
    plan.deleted_unit_new = new_units[d_unit.key].texts
    picks = iter(same)
    u = next(picks)
    t = unique(u.texts, everything)[1]
    doc.replace_text(t, "Redaktorės įrašas. " + t)  # 4: plain typing
    plan.texts.append("Redaktorės įrašas. " + t[:15])
    u = next(picks)
    doc.tracked_insert(unique(u.texts, everything)[1], " Pridėta sekant pakeitimus.")  # 5
    plan.texts.append(" Pridėta sekant pakeitimus.")
    u = next(picks)
    doc.tracked_delete(unique(u.texts, everything)[1])  # 6: tracked deletion
    u = next(picks)
    doc.comment(unique(u.texts, everything)[1], "Ar tai dar galioja?")  # 7: the editor's comment
    u = next(picks)
    plan.bold_word = unique(u.texts, everything)[1].split()[1]
    doc.bold(plan.bold_word)  # 8: direct formatting
    u = next(picks)
    doc.add_paragraph_after(unique(u.texts, everything)[-1], "Nauja redaktorės norma.")  # 9
    plan.texts.append("Nauja redaktorės norma.")
    u = next(picks)
    following = old.units[old.units.index(u) + 1]
    doc.add_paragraph_after_section(u.texts[0], "Redaktorės pastaba tarp skirsnių.")  # 10
    plan.loose = ("Redaktorės pastaba tarp skirsnių.", u.texts[0], following.texts[0])
    doc.header_text("Vidaus dokumentas")  # 11: the header
    plan.texts.append("Vidaus dokumentas")
    dropped = next(u for u in old.units if u.kind == "section" and u.key not in new_units)
    flagged = unique(dropped.texts, everything)[1]
    doc.replace_text(flagged, flagged[:15] + " [redaguota C]" + flagged[15:])  # 12: dropped
    plan.flagged = dropped.texts[0]
    plan.texts.append(flagged[:15] + " [redaguota C]")
    return plan


def check(plan: Plan, result, updated: Path, old: Manifest, new_build: Path, lang: str) -> None:
    paragraphs = body_paragraphs(updated)
    toc = [p for p in paragraphs if style_of(p).lower().startswith(("toc", "contents"))]
    texts = [text_of(p) for p in paragraphs if p not in toc]
    joined = "\n".join(texts)
    for text in plan.texts:
        if text != "Vidaus dokumentas":
            assert text in joined, text
    assert "Vidaus dokumentas" in part_text(updated, "word/header")
    assert NEW_VERSION in part_text(updated, "word/footer")  # the footer was not edited
    # every paragraph the new answers bring is in the text, but in the section kept deleted
    old_texts = {t for u in old.units for t in u.texts}
    skip = ("toc", "table") if plan.deleted_tables else ("toc",)  # the deleted card's table rows stay out
    new_only = [text_of(p) for p in body_paragraphs(new_build)
                if not style_of(p).lower().startswith(skip)]
    missing = [t for t in new_only if t and t not in old_texts and t not in texts
               and t not in plan.deleted_unit_new]
    cells = {text_of(p) for p in paragraphs}
    missing = [t for t in missing if t not in cells]
    assert not missing, missing[:5]
    assert plan.deleted_heading not in texts
    assert not any(plan.deleted_heading in text_of(p) for p in toc)
    words = messages(lang)["comments"]
    comments = part_text(updated, "word/comments")
    assert words["conflict"][:40] in comments
    for key, heading in (("deleted_changed", plan.deleted_heading), ("dropped_edited", plan.flagged)):
        before, after = words[key].split("{title}")
        assert f"{before}" in comments and f"{heading}{after[:30]}" in comments, key
    assert "Ar tai dar galioja?" in comments
    with zipfile.ZipFile(updated) as z:
        xml = z.read("word/document.xml").decode()
    assert 'w:author="kasgen"' in xml and "<w:ins " in xml
    assert xml.count(f'w:author="{EDITOR}"') >= 3  # the editor's pending revisions
    strong = [r for p in paragraphs for r in p.iter(W + "r")
              if r.find(f"{W}rPr/{W}b") is not None and plan.bold_word in text_of(r)]
    assert strong, "the bold word lost its formatting"
    loose, before, after = plan.loose
    i = texts.index(loose)
    assert texts.index(before) < i < texts.index(after)
    assert result.report.conflicts >= 1


@pytest.mark.parametrize("via_libreoffice", [False, True], ids=["word-like", "libreoffice"])
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_update_keeps_every_edit_and_shows_every_change(built, sample, via_libreoffice, tmp_path,
                                                       request):
    source = next(s for s in SAMPLES if s.stem == sample)
    new_answers = changed_answers(source, tmp_path)
    new_build = build_standard(new_answers, tmp_path / "fresh.docx").path
    start = (request.getfixturevalue("saved_by_libreoffice")[sample] if via_libreoffice
             else built[sample])
    old, new = manifest_of(built[sample]), manifest_of(new_build)
    doc = EditedDocx(start)
    plan = make_edits(doc, old, new)
    edited = doc.save(tmp_path / "edited.docx")

    result = update_document(edited, new_answers, tmp_path / "updated.docx")
    check(plan, result, result.path, old, new_build, new.lang)
    assert edited.read_bytes() == (tmp_path / "edited.docx").read_bytes()  # the input untouched
    if not via_libreoffice:  # LibreOffice writes values the schema check rejects by itself
        report = OpenXmlValidator().validate(str(result.path))
        assert report.is_valid, [str(e) for e in report.errors[:5]]

    again = update_document(result.path, None, tmp_path / "again.docx")
    assert again.unchanged
    assert (tmp_path / "again.docx").read_bytes() == result.path.read_bytes()


def test_update_of_an_untouched_file_reads_like_a_fresh_build(built, tmp_path):
    from tests.helpers import dump

    source = next(s for s in SAMPLES if s.stem == "cafe-lt")
    new_answers = changed_answers(source, tmp_path)
    fresh = build_standard(new_answers, tmp_path / "fresh.docx").path
    result = update_document(built["cafe-lt"], new_answers, tmp_path / "updated.docx")
    accepted = accept_all(result.path, tmp_path / "accepted.docx")
    diff = list(difflib.unified_diff(dump(fresh).splitlines(), dump(accepted).splitlines(), n=0))
    assert not diff, "\n".join(diff[:20])


def test_what_libreoffice_keeps(saved_by_libreoffice):
    """LibreOffice 7 drops block content controls when it saves, keeps the kasgen bookmarks and
    the manifest part: every unit is found again by its bookmark, with the same text (the
    contents, which it wraps in its own control, aside)."""
    from kasgen.wordml.anchors import bookmark_name
    from kasgen.wordml.reader import read_layout

    saved = saved_by_libreoffice["company-en"]
    with zipfile.ZipFile(saved) as z:
        xml = z.read("word/document.xml")
    assert b'w:val="kasgen:' not in xml  # the tags are gone
    manifest = manifest_of(saved)  # the custom XML part is not
    body = etree.fromstring(xml).find(W + "body")
    layout = read_layout(body, {bookmark_name(u.key): u.key for u in manifest.units}, set())
    assert set(layout.found_by.values()) == {"bookmark"}
    for unit in manifest.units:
        if unit.kind != "contents":
            assert [b.text for b in layout.units[unit.key]] == unit.texts, unit.key
