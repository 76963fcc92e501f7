from kasgen.cli import program

raise SystemExit(program())
