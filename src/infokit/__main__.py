"""``python -m infokit``: the command line, `infokit.cli.main` (alone, the tour of the measures)."""

from infokit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
