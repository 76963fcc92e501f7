"""The command line: parses arguments, calls the library, maps errors to messages and exit codes.

This is the only module that prints or exits. Heavy modules (python-docx, docxtpl) are imported
only by the commands that write Word files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kasgen import __version__
from kasgen.errors import KasgenError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kasgen",
        description="Writes an organisation's customer service standard as a Word document.",
    )
    parser.add_argument("--version", action="version", version=f"kasgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build", help="build the standard (.docx) from an answers file")
    build.add_argument("answers", type=Path, help="the answers file (YAML)")
    build.add_argument("-o", "--output", type=Path, help="the .docx to write (default: beside the answers)")
    build.add_argument("--lang", choices=["lt", "en"], help="output language (default: from the answers)")
    build.add_argument("--clauses", type=Path, action="append", default=[], metavar="DIR",
                       help="a folder of custom clauses that add to or replace bundled ones")
    build.set_defaults(func=_cmd_build)

    validate = sub.add_parser("validate", help="check an answers file and report every problem")
    validate.add_argument("answers", type=Path)
    validate.set_defaults(func=_cmd_validate)

    explain = sub.add_parser("explain", help="print the outline with the reason for each clause")
    explain.add_argument("answers", type=Path)
    explain.add_argument("--lang", choices=["lt", "en"])
    explain.add_argument("--clauses", type=Path, action="append", default=[], metavar="DIR")
    explain.set_defaults(func=_cmd_explain)

    text = sub.add_parser("text", help="print the standard's text (for a quick read in the terminal)")
    text.add_argument("answers", type=Path)
    text.add_argument("--lang", choices=["lt", "en"])
    text.add_argument("--clauses", type=Path, action="append", default=[], metavar="DIR")
    text.set_defaults(func=_cmd_text)

    schema = sub.add_parser("schema", help="print the answers file's JSON Schema")
    schema.set_defaults(func=_cmd_schema)
    return parser


def _cmd_build(args: argparse.Namespace) -> int:
    from kasgen.build import build_standard

    result = build_standard(args.answers, args.output, lang=args.lang, clause_dirs=args.clauses)
    print(f"Wrote {result.path} ({result.sections} sections, {result.words} words)")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from kasgen.answers import load_profile

    profile = load_profile(args.answers)
    print(f"{args.answers}: valid ({profile.organisation.name}, {len(profile.channels)} channels, "
          f"{len(profile.branches)} branches)")
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    from kasgen.answers import load_profile
    from kasgen.assemble import assemble

    result = assemble(load_profile(args.answers), args.lang, args.clauses)
    reasons = {s.clause.id: s.reasons for s in result.selected}
    for block in result.document.headings():
        if block.level == 1:
            print(block.numbered_text)
        elif block.level == 2:
            why = "; ".join(reasons.get(block.clause_id, []))
            print(f"  {block.numbered_text}  [{block.clause_id}: {why}]")
    return EXIT_OK


def _cmd_text(args: argparse.Namespace) -> int:
    from kasgen.answers import load_profile
    from kasgen.assemble import assemble

    result = assemble(load_profile(args.answers), args.lang, args.clauses)
    print("\n".join(result.document.text_lines()))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from kasgen.profile import Profile

    print(json.dumps(Profile.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return func(args)
    except KasgenError as exc:
        print(f"kasgen: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kasgen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
