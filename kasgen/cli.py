"""The command line: parses arguments, calls the library, maps errors to messages and exit codes.

This is the only module that prints or exits. Heavy modules (python-docx, docxtpl) are imported
only by the commands that write Word files.

:func:`main` is the one error boundary: a :class:`~kasgen.errors.KasgenError` is a message and its
exit code (2: an input or output you can fix); an unreadable or unwritable file outside kasgen's
own checks is exit 2 too; anything else is a bug, reported in two lines with a request to report
it (exit 1; ``KASGEN_DEBUG=1`` shows the traceback). Ctrl-C is exit 130, SIGTERM 143, a reader
that stops early (``kasgen text | head``) 141, as for any Unix tool. Everything printed passes
through :class:`~kasgen.terminal.SafeStream`, so no escape sequence reaches the terminal raw.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kasgen import __version__
from kasgen.errors import KasgenError, describe_internal_error
from kasgen.terminal import SafeStream, printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BROKEN_PIPE, EXIT_TERMINATED = 141, 143
REPORT_HINT = ("This is a bug in kasgen, not a problem with your files. Please report it with the "
               "command you ran and this message (KASGEN_DEBUG=1 shows the details).")


def _jobs(text: str) -> int:
    """``-j N``: a whole number of parallel builds, 0 for one per core."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or more, not {value}")
    return value


LANG_HELP = "the standard's language (default: the answers' document.language)"
CLAUSES_HELP = "a folder of custom clauses that add to or replace bundled ones (repeatable)"


def _answers_command(sub: Any, name: str, func: Callable[[argparse.Namespace], int],
                     **texts: str) -> argparse.ArgumentParser:
    """A subcommand that reads one answers file, with --lang and --clauses."""
    command = sub.add_parser(name, **texts)
    command.add_argument("answers", type=Path, help="the answers file (YAML)")
    command.add_argument("--lang", choices=["lt", "en"], help=LANG_HELP)
    command.add_argument("--clauses", type=Path, action="append", default=[], metavar="DIR",
                         help=CLAUSES_HELP)
    command.set_defaults(func=func)
    return command


def _document_options(command: argparse.ArgumentParser) -> None:
    """The options of every command that writes the standard: language, content, look, protection."""
    command.add_argument("--lang", choices=["lt", "en"], help="output language (default: from the answers)")
    command.add_argument("--clauses", type=Path, action="append", default=[], metavar="DIR", help=CLAUSES_HELP)
    command.add_argument("--template", type=Path, metavar="DOCX",
                         help="a Word template with your own styles, cover, header and footer")
    command.add_argument("--final", action="store_true",
                         help="leave out the comments that ask the editor to confirm values")
    command.add_argument("--force", action="store_true",
                         help="replace an output edited since kasgen wrote it (kept as a backup)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kasgen",
        description="Writes an organisation's customer service standard as a Word document.",
    )
    parser.add_argument("--version", action="version", version=f"kasgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser(
        "build",
        help="build the standard (.docx) from an answers file, or many in parallel",
        description="Build the standard from one answers file; with several files or a folder, "
        "build them all in parallel into the folder given with -o.",
    )
    build.add_argument("answers", type=Path, nargs="+", help="answers file(s) (YAML) or a folder of them")
    build.add_argument("-o", "--output", type=Path,
                       help="the .docx to write (default: beside the answers); for several, a folder "
                       "(default: each beside its answers). A missing folder is made.")
    _document_options(build)
    build.add_argument("--pdf", action="store_true", help="also write a PDF (needs LibreOffice)")
    build.add_argument("-j", "--jobs", type=_jobs, default=0, help="parallel builds (default: all cores)")
    build.set_defaults(func=_cmd_build)

    pack = sub.add_parser(
        "pack", help="write the whole set: standard, management annex, cards, checklists, survey forms",
        description="Write every file for one organisation into a folder: the standard (for every "
        "employee), the management annex (for managers), the service cards (to print), and the "
        "checklist workbook and survey forms when those monitoring methods are chosen.")
    pack.add_argument("answers", type=Path, help="the answers file (YAML)")
    pack.add_argument("-o", "--output", type=Path, help="the folder to write (default: beside the answers)")
    _document_options(pack)
    pack.set_defaults(func=_cmd_pack)

    validate = sub.add_parser(
        "validate", help="check an answers file and report every problem",
        description="Check an answers file with the same rules as build and list every problem: "
        "the field by its label, where it is in the file (items counted from 1) and what is wrong, "
        "in the file's language. Exit 0 when it is valid, 2 when not.")
    validate.add_argument("answers", type=Path, help="the answers file (YAML)")
    validate.set_defaults(func=_cmd_validate)

    _answers_command(
        sub, "explain", _cmd_explain, help="print the outline with the reason for each clause",
        description="Print the standard's chapters and sections, each section with the answers "
        "that put it there.")
    text = _answers_command(
        sub, "text", _cmd_text, help="print the standard's text (for a quick read in the terminal)",
        description="Print the whole standard as plain text. Phrases to say are marked with » and "
        "notes for the editor with [!], so they stand out from the norms.")
    text.add_argument("--annex", action="store_true", help="print the management annex instead")

    lint = sub.add_parser(
        "lint", help="check the norm registry (bundled, or with a custom folder)",
        description="Check the bundled norm registry, or a custom folder on top of it: references, "
        "conditions, scope words, near-duplicates, and every document of a generated matrix of "
        "organisations in every language.")
    lint.add_argument("folders", type=Path, nargs="*", metavar="DIR", help="custom registry folder(s)")
    lint.set_defaults(func=_cmd_lint)

    interview = sub.add_parser(
        "interview", help="answer questions in the terminal to write an answers file",
        description="The workshop wizard: asks about the organisation in Lithuanian or English and "
        "saves the answers file after every answer. Ctrl-C stops it; run the same command to "
        "continue where it stopped. At the end it offers to build the document.")
    interview.add_argument("answers", type=Path, nargs="?", default=Path("answers.yaml"),
                           help="the answers file to write or resume (default: answers.yaml)")
    interview.add_argument("--lang", choices=["lt", "en"],
                           help="the interview's language (default: the one the file was begun in, "
                           "else lt; the document's language is asked separately)")
    interview.add_argument("--edit", action="store_true", help="ask every question again, answers as defaults")
    interview.set_defaults(func=_cmd_interview)

    checklist = _answers_command(
        sub, "checklist", _cmd_checklist,
        help="write the mystery-shopper checklists as a workbook (.xlsx)",
        description="Write the mystery-shopper checklists as an Excel workbook: a sheet per "
        "scenario, a result column per branch, a summary sheet whose formulas score each one.")
    checklist.add_argument("-o", "--output", type=Path, help="the .xlsx to write (default: beside the answers)")
    checklist.add_argument("--force", action="store_true",
                           help="replace a workbook filled in since kasgen wrote it (kept as a backup)")

    template = sub.add_parser(
        "template", help="use your organisation's own Word document as the template",
        description="Any ordinary company .docx works as build --template: kasgen adds the styles, "
        "list numbering, cover, header and footer it lacks, and keeps its fonts, colours, logo, "
        "header and footer. See docs/templates.md.")
    template_sub = template.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    tcheck = template_sub.add_parser(
        "check", help="say what kasgen adds to a template, and what stops it",
        description="List what kasgen adds to this document when it builds with it, and what it "
        "cannot use (a style with one of kasgen's names but of another kind). Exit 2 only then.")
    tcheck.add_argument("template", type=Path, help="the Word document (.docx)")
    tcheck.set_defaults(func=_cmd_template_check)
    tinit = template_sub.add_parser(
        "init", help="turn a company document into an editable kasgen template",
        description="Write a copy of the document with everything kasgen adds (styles, numbering, "
        "cover and header placeholders), to adjust in Word and use with build --template.")
    tinit.add_argument("template", type=Path, help="the company's Word document (.docx)")
    tinit.add_argument("-o", "--output", type=Path,
                       help="the template to write (default: NAME.kasgen.docx beside it)")
    tinit.add_argument("--force", action="store_true",
                       help="replace an output edited since kasgen wrote it (kept as a backup)")
    tinit.set_defaults(func=_cmd_template_init)

    update = sub.add_parser(
        "update", help="rebuild an edited standard with new answers, keeping the edits made in Word",
        description="Merge new answers (or, without ANSWERS, the answers stored in the file and "
        "the current clause library) into a standard edited in Word. Writes a copy "
        "(NAME.updated.docx unless -o says otherwise) and a change report beside it.")
    update.add_argument("edited", type=Path, help="the edited .docx kasgen built")
    update.add_argument("answers", type=Path, nargs="?", help="the new answers (default: as stored)")
    update.add_argument("-o", "--output", type=Path,
                        help="the .docx to write; naming the edited file updates it (with a backup)")
    update.add_argument("--lang", choices=["lt", "en"], help="output language (default: as built)")
    update.add_argument("--clauses", type=Path, action="append", default=[], metavar="DIR",
                        help="the folder(s) of custom clauses the standard was built with")
    update.add_argument("--template", type=Path, metavar="DOCX", help="the Word template it was built with")
    update.add_argument("--final", action="store_true", help="no comments asking to confirm values")
    update.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    update.set_defaults(func=_cmd_update)

    diff = sub.add_parser(
        "diff", help="the new version with Word tracked changes against the old one",
        description="Write NEW.docx with every difference from OLD.docx as a Word tracked change "
        "(paragraphs and words), for the person who approves a revision.")
    diff.add_argument("old", type=Path, help="the earlier version (.docx)")
    diff.add_argument("new", type=Path, help="the later version (.docx)")
    diff.add_argument("-o", "--output", type=Path, required=True, help="the redline .docx to write")
    diff.set_defaults(func=_cmd_diff)

    audit = sub.add_parser(
        "audit",
        help="evaluate an existing standard against the rubric and show what to add",
        description="Read an organisation's existing standard (.docx, .pdf or .txt; several files "
        "are one standard set), score every rubric item present / partial / absent with the evidence "
        "quoted, list typical defects and kasgen's sections that fill each gap. Writes a Word report "
        "and a workbook.",
    )
    audit.add_argument("files", type=Path, nargs="+", metavar="FILE", help="the standard's files")
    audit.add_argument("--answers", type=Path, metavar="A.yaml",
                       help="the organisation's answers: kasgen's proposed sections are written for it")
    audit.add_argument("--lang", choices=["lt", "en"], help="report language (default: the standard's)")
    audit.add_argument("-o", "--output", type=Path, metavar="REPORT",
                       help="report name: REPORT.docx and REPORT.xlsx (default: FILE.audit.docx/.xlsx)")
    audit.add_argument("--force", action="store_true", help="replace an existing report")
    audit.set_defaults(func=_cmd_audit)

    schema = sub.add_parser(
        "schema", help="print the answers file's JSON Schema (or a registry file's)",
        description="Print the JSON Schema of the answers file, for autocompletion and checks in "
        "an editor (README: \"Editing the answers file in an editor\"); with --registry, a norm-registry "
        "file's.")
    schema.add_argument("--registry", action="store_true",
                        help="the schema of a norm-registry file (custom clause folders) instead")
    schema.set_defaults(func=_cmd_schema)
    return parser


def _build_options(args: argparse.Namespace) -> dict:
    return {
        "lang": args.lang,
        "clause_dirs": args.clauses,
        "template": args.template,
        "comments": not args.final,
        "force": args.force,
        "pdf": args.pdf,
    }


def _cmd_build(args: argparse.Namespace) -> int:
    if len(args.answers) == 1 and not args.answers[0].is_dir():
        from kasgen.build import build_standard

        result = build_standard(args.answers[0], args.output, **_build_options(args))
        if result.backup:
            print(f"Kept the edited file as {result.backup}")
        print(f"Wrote {result.path} ({result.sections} sections, {result.words} words)")
        if result.pdf:
            print(f"Wrote {result.pdf}")
        _say_unconfirmed(result.unconfirmed, args.final, args.answers[0])
        return EXIT_OK
    from kasgen.batch import collect

    files = collect(args.answers)
    if not files:
        from kasgen.errors import UserError

        raise UserError(f"{', '.join(printable(str(a)) for a in args.answers)}: "
                        "no answers files (*.yaml) found")
    return _batch(files, args)


def _say_unconfirmed(paths: list[str], final: bool, answers: Path) -> None:
    """Name the printed values that are kasgen's suggestions, not the organisation's answers: a
    line after a draft (its comments mark them), a warning naming each after ``--final``, whose
    document no longer says so."""
    if not paths:
        return
    how = (f"write them into {printable(str(answers))} or run "
           f"`kasgen interview --edit {printable(str(answers))}`")
    if not final:
        print(f"{len(paths)} value(s) printed are kasgen's suggestions, not confirmed in the answers: "
              f"a comment in the document marks each; to confirm them, {how}.")
        return
    from kasgen.labels import field_label

    names = "; ".join(field_label(p, "en") for p in paths)
    print(f"kasgen: warning: the final standard prints {len(paths)} value(s) that are kasgen's "
          f"suggestions, not confirmed in the answers: {names}. To confirm them, {how}.",
          file=sys.stderr)


def _batch(files: list[Path], args: argparse.Namespace) -> int:
    from kasgen import batch
    from kasgen.errors import UserError

    if not files:
        raise UserError("no answers files (*.yaml) found")
    items = batch.plan(files, args.output)   # without -o: each standard beside its answers
    width = len(str(len(items)))

    def progress(done: int, total: int, item: batch.BatchItem) -> None:
        bar = "#" * (20 * done // total)
        status = "ok" if item.ok else "FAILED"
        print(f"\r[{bar:<20}] {done:>{width}}/{total} {printable(item.answers.name)}: {status}",
              file=sys.stderr, flush=True)

    batch.run(items, _build_options(args), workers=args.jobs or None, progress=progress)
    failed = [i for i in items if not i.ok]
    names = {id(i): printable(i.answers.name) for i in items}
    name_w = max(len(n) for n in names.values())
    print(f"{'answers':<{name_w}}  result")
    for item in items:
        to_confirm = f"; {item.unconfirmed} suggested value(s) to confirm" if item.unconfirmed else ""
        result = (f"ok  {printable(str(item.output))}  ({item.words} words{to_confirm})" if item.ok
                  else "FAILED")
        print(f"{names[id(item)]:<{name_w}}  {result}")
        if not item.ok:
            for line in item.message.splitlines():
                print(f"{'':<{name_w}}    {line}")
    print(f"{len(items) - len(failed)} built, {len(failed)} failed")
    unconfirmed = sum(1 for i in items if i.ok and i.unconfirmed)
    if unconfirmed:
        where = ("build one alone (`kasgen build ANSWERS.yaml --final`) to have them named" if args.final
                 else "a comment in each document marks them")
        print(f"kasgen: {'warning: ' if args.final else ''}{unconfirmed} standard(s) print values that are "
              f"kasgen's suggestions, not confirmed in their answers; {where}.",
              file=sys.stderr if args.final else sys.stdout)
    return EXIT_USAGE if failed else EXIT_OK


def _cmd_pack(args: argparse.Namespace) -> int:
    from kasgen.pack import build_pack

    result = build_pack(args.answers, args.output, args.lang, args.clauses, args.template,
                        comments=not args.final, force=args.force)
    for backup in result.backups:
        print(f"Kept the edited file as {backup}")
    for kind, path in result.files:
        print(f"Wrote {path}")
    _say_unconfirmed(result.unconfirmed, args.final, args.answers)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from kasgen.answers import load_profile

    profile = load_profile(args.answers)
    print(f"{args.answers}: valid ({profile.organisation.name}, {len(profile.channels)} channels, "
          f"{len(profile.branches)} branches)")
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    from kasgen.answers import load_profile
    from kasgen.explain import explain

    print("\n".join(explain(load_profile(args.answers), args.lang, args.clauses)))
    return EXIT_OK


def _cmd_text(args: argparse.Namespace) -> int:
    from kasgen.answers import load_profile
    from kasgen.pipeline import run
    from kasgen.textview import text_view

    result = run(load_profile(args.answers), args.lang, args.clauses)
    doc = result.annex if args.annex else result.standard
    print("\n".join(text_view(doc)))
    return EXIT_OK


def _cmd_lint(args: argparse.Namespace) -> int:
    from kasgen.lint import run_lint
    from kasgen.resources import data_dir

    samples = sorted((data_dir("templates").parent / "samples").glob("*.yaml"))
    problems = run_lint(args.folders, samples)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "no problems", file=sys.stderr)
    return EXIT_USAGE if problems else EXIT_OK


def _cmd_interview(args: argparse.Namespace) -> int:
    if not sys.stdin.isatty():
        print("kasgen: error: `kasgen interview` needs a terminal (standard input is not a TTY).\n"
              "To make the document from an answers file without questions, run: "
              "kasgen build ANSWERS.yaml", file=sys.stderr)
        return EXIT_USAGE
    from kasgen.wizard.interview import InterviewInterrupted, run_interview

    try:
        result = run_interview(args.answers, lang=args.lang, edit=args.edit)
    except InterviewInterrupted as exc:
        print("\n" + exc.hint, file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK if result.complete else EXIT_FAILED


def _cmd_checklist(args: argparse.Namespace) -> int:
    from kasgen.build import build_checklist_workbook

    result = build_checklist_workbook(args.answers, args.output, args.lang, args.clauses, args.force)
    if result.backup:
        print(f"Kept the filled-in workbook as {result.backup}")
    print(f"Wrote {result.path} ({result.sheets} scenario sheets and a summary)")
    return EXIT_OK


def _cmd_template_check(args: argparse.Namespace) -> int:
    from kasgen.template_check import check_template

    report = check_template(args.template)
    if report.additions:
        print(f"{args.template}: kasgen adds when it builds:")
        for line in report.additions:
            print(f"  {line}")
        print(f"To adjust them in Word first: kasgen template init {args.template}")
    if report.problems:
        print(f"{args.template}: {len(report.problems)} problem(s)", file=sys.stderr)
        for line in report.problems:
            print(f"  {line}", file=sys.stderr)
        return EXIT_USAGE
    if not report.additions:
        print(f"{args.template}: has everything kasgen needs")
    return EXIT_OK


def _cmd_template_init(args: argparse.Namespace) -> int:
    from kasgen.template_fill import init_template

    output = args.output or args.template.with_name(f"{args.template.stem}.kasgen.docx")
    path, added = init_template(args.template, output, force=args.force)
    print(f"Wrote {path}" + (f" ({len(added)} styles added)" if added else ""))
    print(f"Adjust the cover, styles, header and footer in Word, then: kasgen build ANSWERS.yaml "
          f"--template {path}")
    return EXIT_OK


def _cmd_update(args: argparse.Namespace) -> int:
    from kasgen.update.command import update_document

    result = update_document(
        args.edited, args.answers, args.output, lang=args.lang, clause_dirs=args.clauses,
        template=args.template, comments=False if args.final else None, dry_run=args.dry_run,
    )
    print("\n".join(result.report.terminal()))
    if result.backup:
        print(f"Kept the previous file as {result.backup}")
    if result.path is None:
        print("Dry run: nothing written")
    else:
        same = " (nothing changed)" if result.unchanged else ""
        print(f"Wrote {result.path}{same} and the change report {result.report_path}")
        _say_unconfirmed(result.unconfirmed, not result.comments, args.answers)
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from kasgen.update.redline import redline

    result = redline(args.old, args.new, args.output)
    print(f"Wrote {result.path}: {result.changed} paragraph(s) changed, {result.inserted} "
          f"inserted, {result.deleted} deleted, as tracked changes")
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    from kasgen.audit import audit_standard
    from kasgen.audit.assessment import labels
    from kasgen.audit.presentation import terminal_summary

    outcome = audit_standard(args.files, args.answers, args.lang, args.output, args.force)
    print("\n".join(terminal_summary(outcome.assessment)))
    wrote = labels(outcome.assessment.report_lang)["terminal_wrote"]
    print("\n" + wrote.format(docx=outcome.docx, xlsx=outcome.xlsx))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from kasgen.profile import Profile

    if getattr(args, "registry", False):
        from kasgen.registry.loader import file_schema

        print(json.dumps(file_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(json.dumps(Profile.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so temporary files are removed on the way out."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextmanager
def _boundary_streams(interactive: bool) -> Iterator[None]:
    """Safe output streams and SIGTERM handling for the length of one command.

    The interview draws its own screen through prompt_toolkit, so its output is left alone.
    """
    saved = sys.stdout, sys.stderr
    handlers = {}
    if not interactive:
        sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)  # type: ignore[assignment]
    try:
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None:
                handlers[signum] = signal.signal(signum, _terminate)
    except ValueError:  # not the main thread (kasgen used as a library): leave signals alone
        pass
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        sys.stdout, sys.stderr = saved


def _silence_stdout() -> None:
    """After a broken pipe or a full disk, point stdout at the null device, so Python's final
    flush at exit does not fail a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _error(message: str) -> None:
    try:
        print(f"kasgen: {message}", file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def program() -> int:
    """The ``kasgen`` command and ``python -m kasgen``: :func:`main`, in a process tuned for one
    command that runs and exits (measured on a café build, docs/performance.md):

    * the collector's first generation is collected every 200,000 new objects instead of every
      700: importing the libraries and building makes some 150,000 objects, nearly all kept until
      the exit, and the collector passed over them some 150 times (about 60 ms of 0.6 s);
    * when the command is done its objects are frozen (``gc.freeze``), so the interpreter's last
      collections at exit skip them: finalising took about 0.12 s, now 0.02 s.

    Long runs (the wizard, a batch worker) still collect, only less often; peak memory stays within
    2 MB of before. Tests call :func:`main` and keep the default collector.
    """
    gc.set_threshold(200_000, 10, 10)
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    stderr = sys.stderr
    sys.stderr = SafeStream(stderr)  # type: ignore[assignment]  # argparse echoes arguments
    try:
        args = parser.parse_args(argv)
    finally:
        sys.stderr = stderr
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_USAGE
    with _boundary_streams(interactive=func is _cmd_interview):
        return _run(func, args)


def _cache_notes() -> None:
    """Say when the template cache was not trusted (builds are then slower, never wrong)."""
    cache = sys.modules.get("kasgen.template_cache")
    for why in dict.fromkeys(getattr(cache, "refusals", [])):
        _error(f"note: compiled templates are not cached in {why}; builds take longer")


def _run(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command and map every way it can end to a message and an exit code."""
    try:
        code = func(args)
        sys.stdout.flush()
        _cache_notes()
        return code
    except KasgenError as exc:
        _error(f"error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except Terminated:
        _error("terminated")
        return EXIT_TERMINATED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
        _silence_stdout()
        _error(f"error: {where}{exc.strerror or exc}")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into a message
        if os.environ.get("KASGEN_DEBUG"):
            import traceback

            traceback.print_exc()
        _error(f"{describe_internal_error(exc)}\n{REPORT_HINT}")
        return EXIT_FAILED
