"""``kasgen update`` as a library call: the edited file and the answers in, a merged copy out.

The stages in order: check the input (a kasgen file, not open in Word) → read the manifest (the
base) and the answers → build the new version in memory (theirs) → read the edited file's units
(ours) → plan each unit → carry the plan out in a copy of the edited package → write it with a
fresh manifest, atomically, and the change report beside it. Nothing is written before every
stage has succeeded.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from kasgen.errors import AnswersError, OutputError, UserError
from kasgen.profile import Profile
from kasgen.update import plan as P
from kasgen.update.apply import Outcome
from kasgen.update.report import ChangeReport, build_report, messages
from kasgen.wordml.anchors import BOOKMARK_PREFIX, TAG_PREFIX, bookmark_name
from kasgen.wordml.comments import AUTHOR, Comments
from kasgen.wordml.manifest import Manifest, ManifestError, UnitRecord, read_manifest
from kasgen.wordml.names import W
from kasgen.wordml.package import Package, PackageError
from kasgen.wordml.reader import Layout, read_layout

if TYPE_CHECKING:
    from kasgen.outputs import ProtectedOutput


class UpdateError(UserError):
    """The edited file cannot be updated (not kasgen's, open in Word, manifest gone ...)."""


@dataclass
class UpdateResult:
    path: Path | None  # None on a dry run
    report: ChangeReport
    report_path: Path | None
    backup: Path | None
    unchanged: bool  # the output has the same bytes as the edited file
    #: answers paths of printed values the organisation has not confirmed (presets, default roles)
    unconfirmed: list[str] = field(default_factory=list)
    comments: bool = True  # the new version asks in Word comments to confirm them


def lock_file(path: Path) -> Path | None:
    """Word's owner file (``~$name.docx``; Word drops up to two leading characters of long
    names) or LibreOffice's (``.~lock.name.docx#``) beside ``path``, if one exists."""
    name = path.name
    for candidate in (f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"):
        lock = path.with_name(candidate)
        if lock.exists():
            return lock
    return None


def read_edited(path: Path) -> tuple[Package, Manifest | None, str]:
    """The edited package, its manifest (``None`` when gone) and why it is gone, if it is."""
    if path.suffix.lower() != ".docx":
        raise UpdateError(f"{path}: not a .docx file")
    lock = lock_file(path)
    if lock is not None:
        raise UpdateError(f"{path}: it seems to be open in Word or LibreOffice ({lock.name} exists); "
                          "close it and try again (delete the lock file if no program has it open)")
    from kasgen.inputs import InputProblem
    from kasgen.package import read_package

    try:
        package = Package(read_package(path, "Word document"))
    except (InputProblem, PackageError) as exc:
        raise UpdateError(f"{path}: {exc}") from None
    try:
        return package, read_manifest(package.parts), ""
    except ManifestError as exc:
        return package, None, f"damaged ({exc})"


def _has_anchors(package: Package) -> bool:
    raw = package.parts.get(package.main, b"")
    return (f'"{TAG_PREFIX}'.encode() in raw) or (f'"{BOOKMARK_PREFIX}'.encode() in raw)


def load_answers(answers: Path | None, manifest: Manifest | None, edited: Path) -> Profile:
    from kasgen.answers import load_profile, validate_answers

    if answers is not None:
        return load_profile(answers)
    if manifest is None:
        raise UpdateError(f"{edited}: its kasgen manifest is missing or damaged, so the answers it "
                          "was built from are unknown; name the answers file: "
                          f"kasgen update {edited} ANSWERS.yaml")
    from kasgen import limits

    source = f"answers stored in {edited.name}"
    problems = limits.data_problems(manifest.answers)
    if problems:
        raise AnswersError(source, problems)
    try:
        return validate_answers(manifest.answers, source)
    except AnswersError as exc:
        raise AnswersError(exc.source, [*exc.problems, "(save the answers with "
                                        "`kasgen update … ANSWERS.yaml` after fixing them)"]) from None


def default_output(edited: Path) -> Path:
    return edited.with_name(f"{edited.stem}.updated{edited.suffix}")


def update_document(
    edited: str | Path,
    answers: str | Path | None = None,
    output: str | Path | None = None,
    *,
    lang: str | None = None,
    clause_dirs: list[Path] | None = None,
    template: Path | None = None,
    comments: bool | None = None,
    dry_run: bool = False,
) -> UpdateResult:
    """Rebuild an edited standard with new (or the stored) answers, keeping the editor's edits.

    Writes ``output`` (default ``NAME.updated.docx`` beside the edited file; the edited file
    itself only when ``output`` names it, after keeping a backup) and ``OUTPUT.changes.md``.
    """
    from kasgen.build import default_template, render_standard
    from kasgen.outputs import write_atomically
    from kasgen.update.record import template_version

    edited = Path(edited)
    ours, base, damage = read_edited(edited)
    if base is None and not _has_anchors(ours):
        raise UpdateError(f"{edited}: not a document kasgen built (no kasgen manifest or anchors); "
                          "build the standard with `kasgen build`, or compare two files with "
                          "`kasgen diff OLD.docx NEW.docx -o REDLINE.docx`")
    profile = load_answers(Path(answers) if answers else None, base, edited)
    target = Path(output) if output else default_output(edited)
    protected = _check_target(target, edited, explicit=output is not None)
    lang = lang or (base.lang if base and base.lang in ("lt", "en") else None)
    keep_comments = comments if comments is not None else (base.comments if base else True)
    template = template or default_template()
    theirs_bytes, built = render_standard(profile, lang, clause_dirs, template, keep_comments)
    theirs = Package(theirs_bytes)
    theirs_manifest = read_manifest(theirs.parts)
    assert theirs_manifest is not None  # every build writes one
    lang = theirs_manifest.lang
    words = messages(lang)
    known = [u.key for u in (base.units if base else [])] + [u.key for u in theirs_manifest.units]
    bookmarks = {bookmark_name(k): k for k in known}
    first_texts = {u.key: u.texts[0] for u in (base or theirs_manifest).units if u.texts}
    theirs_layout = read_layout(theirs.xml(theirs.main).find(W("body")), bookmarks, set(),
                                fresh_texts=[t for u in theirs_manifest.units for t in u.texts])
    try:
        ours_layout = read_layout(ours.xml(ours.main).find(W("body")), bookmarks,
                                  Comments(ours).ids_by(AUTHOR), first_texts)
        plans = P.plan_units(base, ours_layout, theirs_layout, theirs_manifest)
        data, outcome = _merge(ours, theirs, ours_layout, theirs_layout, plans, base,
                               theirs_manifest, words["comments"], edited)
    except (etree.XMLSyntaxError, PackageError) as exc:  # a part missing or not XML
        raise UpdateError(f"{edited}: a part of the file is damaged ({exc}); open it in Word and "
                          "save it again, then retry") from None
    report = build_report(
        lang, plans, loose=outcome.loose_blocks, pending=_pending(ours_layout),
        by_bookmark=sum(v == "bookmark" for v in ours_layout.found_by.values()),
        no_manifest=base is None,
        other_template=bool(base and base.template and base.template != template_version(template)),
    )
    if base and base.clauses and not clause_dirs:
        report.notes.insert(0, words["report"]["other_clauses"].replace("{names}", base.clauses))
    if damage:
        report.notes.insert(0, f"manifest {damage}")
    original = edited.read_bytes()
    if dry_run:
        return UpdateResult(None, report, None, None, data == original, built.unconfirmed, keep_comments)
    backup = _keep_backup(target) if protected.state == "unchanged" else None
    backup = protected.commit(data) or backup
    report_path = target.with_name(f"{target.stem}.changes.md")
    write_atomically(report_path, report.markdown().encode("utf-8"))
    return UpdateResult(target, report, report_path, backup, data == original, built.unconfirmed, keep_comments)


def _check_target(target: Path, edited: Path, explicit: bool) -> ProtectedOutput:
    """Checked before any work: a named output is replaced (a backup kept), a default one not."""
    from kasgen.outputs import ProtectedOutput

    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target}: the output must be a .docx file")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; name a .docx file")
    lock = lock_file(target)
    if lock is not None:
        raise OutputError(f"{target}: it seems to be open in Word or LibreOffice ({lock.name} "
                          "exists); close it and try again")
    if target.exists() and not explicit:
        raise OutputError(f"{target}: already exists; name the output with -o (naming {edited.name} "
                          "itself updates it in place and keeps a backup)")
    return ProtectedOutput(target, force=True)


def _keep_backup(target: Path) -> Path | None:
    """A copy of a file kasgen wrote and nobody edited, which ``-o`` names (the in-place case):
    the protected output keeps backups of edited files itself."""
    from kasgen.outputs import backup_path

    if not target.exists():
        return None
    backup = backup_path(target)
    try:
        shutil.copy2(target, backup)
    except OSError as exc:
        raise OutputError(f"{target}: could not keep a backup ({exc.strerror}); nothing changed") from None
    return backup


def _pending(layout: Layout) -> int:
    return len({b.unit for b in layout.blocks if b.revised and b.unit})


def _merge(ours: Package, theirs: Package, ours_layout: Layout, theirs_layout: Layout,
           plans: list[P.UnitPlan], base: Manifest | None, theirs_manifest: Manifest,
           comment_words: dict[str, str], edited: Path) -> tuple[bytes, Outcome]:
    from kasgen.update.apply import Merger, Side
    from kasgen.update.furniture import (
        put_manifest,
        refresh_fields_on_open,
        update_furniture,
        update_properties,
    )

    merger = Merger(Side(ours, ours_layout), Side(theirs, theirs_layout), comment_words,
                    _revision_date(ours, theirs_manifest), track_additions=base is None)
    outcome = merger.run(plans)
    if base is not None:
        update_furniture(ours, theirs, base, theirs_manifest)
        update_properties(ours, base, theirs_manifest)
    if any(p.changes_document for p in plans):
        refresh_fields_on_open(ours)
    put_manifest(ours, _new_manifest(theirs_manifest, plans, base, ours_layout))
    return ours.to_bytes(), outcome


def _new_manifest(theirs: Manifest, plans: list[P.UnitPlan], base: Manifest | None,
                  ours: Layout) -> Manifest:
    """The build's manifest, with what the update learnt: units kept deleted, units dropped."""
    status = {p.key: p.status for p in plans}
    units = [UnitRecord(u.key, u.kind, u.texts, u.title, u.number, status.get(u.key, "built"),
                        u.mandatory) for u in theirs.units]
    known = {u.key for u in units}
    for plan in plans:
        if plan.key in known or plan.status != "dropped":
            continue
        old = base.unit(plan.key) if base else None
        texts = old.texts if old else [b.text for b in ours.units.get(plan.key, [])]
        units.append(UnitRecord(plan.key, plan.kind, texts, plan.title, plan.number, "dropped"))
    return dataclasses.replace(theirs, units=units)


_DATE = re.compile(rb"<dcterms:modified[^>]*>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")


def _revision_date(ours: Package, theirs: Manifest) -> str:
    """The edited file's own last-saved time: the same file always gives the same marks."""
    found = _DATE.search(ours.parts.get("docProps/core.xml", b""))
    if found:
        return found.group(1).decode() + "Z"
    effective = str(theirs.answers.get("document", {}).get("effective_date", "2000-01-01"))
    return f"{effective[:10]}T00:00:00Z"
