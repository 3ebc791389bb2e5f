"""``python -m infokit``: the command line, `infokit.cli.main` (``tour``: the measures)."""

from infokit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
