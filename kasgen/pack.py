"""``kasgen pack``: the whole set of files for one organisation, written into a folder.

Who each file is for:

* the standard (``…-standartas.docx``) — every employee;
* the management annex (``…-valdymo-priedas.docx``) — managers: monitoring, implementation, risks;
* the service cards (``…-korteles.docx``) — printed, one page per channel and role;
* the checklists workbook (``…-patikrinimai.xlsx``) — mystery shoppers, when that method is chosen;
* the survey forms (``…-apklausos.docx``) — printed or copied into a survey tool, when surveys are
  chosen.

Every file is built from one run of the pipeline, so every norm number they cite is the same. Each
is written like ``kasgen build`` writes the standard: atomically, never over an edited file
without ``force``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kasgen.answers import load_profile
from kasgen.errors import OutputError


@dataclass
class PackResult:
    folder: Path
    files: list[tuple[str, Path]] = field(default_factory=list)  # (kind, path)
    backups: list[Path] = field(default_factory=list)
    #: answers paths of printed values the organisation has not confirmed (presets, default roles)
    unconfirmed: list[str] = field(default_factory=list)


def build_pack(
    answers: str | Path,
    folder: str | Path | None = None,
    lang: str | None = None,
    clause_dirs: list[Path] | None = None,
    template: Path | None = None,
    comments: bool = True,
    force: bool = False,
) -> PackResult:
    """Write the standard, the management annex, the cards, and the workbook and survey forms when
    their monitoring methods are chosen, into ``folder`` (default: beside the answers file)."""
    from kasgen.build import check_template_file, creation_stamp, default_template, shell_of
    from kasgen.checklists import build_scenarios, sites
    from kasgen.context import language_data
    from kasgen.docx_writer import render_docx_parts
    from kasgen.outputs import ProtectedOutput
    from kasgen.pipeline import run
    from kasgen.provenance import stamp_parts
    from kasgen.update.record import build_record
    from kasgen.views.working_files import cards_document, survey_document
    from kasgen.workbook import build_workbook

    answers = Path(answers)
    profile = load_profile(answers)
    target = Path(folder) if folder else answers.parent
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: is a file; name a folder for the set")
    lang = lang or profile.document.language.value
    names = language_data(lang)["labels"]["document"]["files"]
    methods = {m.value for m in profile.monitoring.methods}
    kinds = ["standard", "annex", "cards"]
    kinds += ["survey"] if "satisfaction_survey" in methods else []
    kinds += ["checklists"] if "mystery_shopping" in methods else []
    target.mkdir(parents=True, exist_ok=True)
    # every target is checked before any work starts (ProtectedOutput)
    guarded = {
        kind: ProtectedOutput(target / f"{answers.stem}-{names[kind]}.{'xlsx' if kind == 'checklists' else 'docx'}",
                              force)
        for kind in kinds
    }
    if template is not None:
        check_template_file(template)
    result = run(profile, lang, clause_dirs)
    r = result.rendered
    when = creation_stamp(profile)

    def docx(document: object, with_comments: bool, record: object = None) -> bytes:
        shell = shell_of(template)  # a fresh package for every document
        return stamp_parts(render_docx_parts(document, shell, comments=with_comments, stamp=when,  # type: ignore[arg-type]
                                             record=record))  # type: ignore[arg-type]

    # the standard carries what kasgen update needs, exactly as `kasgen build` writes it
    record = build_record(profile, r.lang, clause_dirs, template or default_template(), comments)
    cards = cards_document(r)
    data: dict[str, bytes] = {
        "standard": docx(result.standard, comments, record),
        "annex": docx(result.annex, comments),
        "cards": docx(cards, False),
    }
    if "survey" in guarded:
        data["survey"] = docx(survey_document(r), False)
    if "checklists" in guarded:
        workbook = build_workbook(build_scenarios(r), sites(r), r.labels["columns"], when)
        data["checklists"] = workbook
    printed = (*result.standard.unconfirmed(), *result.annex.unconfirmed(), *cards.unconfirmed())
    pack = PackResult(target, unconfirmed=list(dict.fromkeys(printed)))
    for kind in kinds:
        backup = guarded[kind].commit(data[kind])
        if backup:
            pack.backups.append(backup)
        pack.files.append((kind, guarded[kind].target))
    return pack
