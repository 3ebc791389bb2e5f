"""The ``infokit`` command: ``infokit profile data.csv --target y --out report.html``.

``infokit`` alone prints the tour of the measures (`infokit._tour`); ``infokit profile``
profiles a file, a glob of files or the bundled penguins (``--demo``). Errors print one line
on stderr and exit with status 1 (2 for a bad command line); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import csv
import io
import math
import socket
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

from infokit import _tour
from infokit._optional import import_optional
from infokit.errors import InfokitError, InvalidParameterError

__all__ = ["main", "render_table"]


class OutputFormat(str, Enum):
    """Formats of the terminal output."""

    table = "table"
    json = "json"
    csv = "csv"


class EngineName(str, Enum):
    """Engines that read files."""

    duckdb = "duckdb"
    dask = "dask"
    spark = "spark"
    pandas = "pandas"
    polars = "polars"


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{value:.{digits}f}"


def _fmt_p(value: float | None) -> str:
    if value is None:
        return "–"
    return "<1e-300" if value == 0 else f"{value:.2g}"


def _check_reachable(address: str, *, what: str, default_port: int) -> None:
    """Fail fast, with one line, when a scheduler or master does not accept connections."""
    parsed = urlparse(address if "://" in address else f"tcp://{address}")
    host, port = parsed.hostname, parsed.port or default_port
    if host is None:
        msg = f"`{what}` must look like tcp://host:port; got {address!r}."
        raise InvalidParameterError(msg)
    try:
        with socket.create_connection((host, port), timeout=5):
            pass
    except OSError as error:
        msg = f"cannot reach the {what} at {address!r}: {error.strerror or error}."
        raise InvalidParameterError(msg) from error


def render_table(profile: Any, *, console: Any = None) -> None:
    """Print `profile` as a rich table, most informative column first."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    if console is None:
        console = Console()
        if not console.is_terminal:  # pipes and logs: do not fold the table at 80 columns
            console = Console(width=max(console.width, 140))
    unit = profile.unit
    title = escape(f"information profile: {profile.n_rows} rows, engine {profile.engine}")
    if profile.target is not None:
        title += escape(
            f"\nbaseline H({profile.target}) = {_fmt(profile.target_entropy)} ± "
            f"{_fmt(profile.target_entropy_std_error)} {unit}"
        )
    table = Table(title=title, title_justify="left", title_style="bold")
    for header, justify in [
        ("rank", "right"),
        ("column", "left"),
        ("kind", "left"),
        ("count", "right"),
        ("missing", "right"),
        ("distinct", "right"),
        (f"H(X) [{unit}]", "right"),
    ]:
        table.add_column(escape(header), justify=justify, no_wrap=True)  # type: ignore[arg-type]
    if profile.target is not None:
        header = escape(f"I(X;{profile.target}) [{unit}]")
        table.add_column(header, justify="right", no_wrap=True)
        table.add_column("p-value", justify="right", no_wrap=True)
        table.add_column(escape(f"U({profile.target}|X)"), justify="right", no_wrap=True)
    for column in profile.columns:
        row = [
            "" if column.rank is None else str(column.rank),
            escape(column.name),
            column.kind,
            str(column.count),
            str(column.missing),
            str(column.cardinality),
            f"{_fmt(column.entropy)} ± {_fmt(column.entropy_std_error)}",
        ]
        if profile.target is not None:
            row += [
                f"{_fmt(column.mutual_information)} ± {_fmt(column.mutual_information_std_error)}",
                _fmt_p(column.p_value),
                _fmt(column.uncertainty_coefficient, 2),
            ]
        table.add_row(*row)
    console.print(table)
    if profile.sample_description:
        console.print(f"[dim]sample: {escape(profile.sample_description)}[/dim]")
    if any(c.kind == "continuous" for c in profile.columns):
        console.print(
            "[dim]H(X) of continuous columns is a differential entropy (can be negative).[/dim]"
        )


def _csv_text(profile: Any) -> str:
    rows = profile.to_dict()["columns"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["name"])
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return buffer.getvalue()


def _profile_command(
    path: Annotated[
        str | None, _typer().Argument(help="CSV, Parquet or JSON-lines file, or a glob.")
    ] = None,
    target: Annotated[
        str | None, _typer().Option("--target", "-t", help="Column to explain.")
    ] = None,
    demo: Annotated[
        bool, _typer().Option(help="Profile the bundled Palmer penguins (target: species).")
    ] = False,
    columns: Annotated[
        str | None, _typer().Option(help="Comma-separated columns to profile.")
    ] = None,
    discrete: Annotated[
        str | None, _typer().Option(help="Comma-separated columns to treat as labels.")
    ] = None,
    continuous: Annotated[
        str | None, _typer().Option(help="Comma-separated columns to treat as measurements.")
    ] = None,
    base: Annotated[str, _typer().Option(help="Unit: bits, nats, or a number.")] = "bits",
    method: Annotated[str, _typer().Option(help="Entropy estimator of the counts.")] = "auto",
    test: Annotated[str, _typer().Option(help="auto, g_test or permutation.")] = "auto",
    max_pairwise: Annotated[int, _typer().Option(help="Columns in the pairwise matrix.")] = 20,
    sample: Annotated[int, _typer().Option(help="Rows sampled for continuous columns.")] = 10_000,
    seed: Annotated[int, _typer().Option(help="Seed of the sample and permutations.")] = 0,
    engine: Annotated[
        EngineName, _typer().Option(help="Engine that reads files.")
    ] = EngineName.duckdb,
    scheduler: Annotated[
        str | None, _typer().Option(help="Dask scheduler address (default: local cluster).")
    ] = None,
    master: Annotated[
        str | None, _typer().Option(help="Spark master URL (default: local[*]).")
    ] = None,
    output_format: Annotated[
        OutputFormat, _typer().Option("--format", help="Terminal output.")
    ] = OutputFormat.table,
    out: Annotated[
        Path | None, _typer().Option(help="Write a self-contained HTML report here.")
    ] = None,
    progress: Annotated[bool, _typer().Option(help="Show a progress bar on long scans.")] = True,
    debug: Annotated[bool, _typer().Option(help="Show tracebacks.")] = False,
) -> None:
    """Profile the entropy of each column and its mutual information with a target."""
    from infokit.profiling import open_table, profile_dataframe

    del debug  # read by `main` before the command runs
    if demo == (path is not None):
        msg = "give a file to profile, or `--demo` for the bundled penguins (not both)."
        raise InvalidParameterError(msg)
    overrides: dict[str, bool] = {}
    for name in _split(discrete) or []:
        overrides[name] = True
    for name in _split(continuous) or []:
        overrides[name] = False
    if scheduler is not None and engine is EngineName.dask:
        _check_reachable(scheduler, what="Dask scheduler", default_port=8786)
    if master is not None and engine is EngineName.spark and master.startswith("spark://"):
        _check_reachable(master, what="Spark master", default_port=7077)
    opened = None
    if demo:
        from infokit.data import load_penguins

        frame: Any = load_penguins()
        target = target or "species"
    else:
        assert path is not None
        opened = open_table(path, engine=engine.value, scheduler=scheduler, master=master)
        frame = opened.frame
    try:
        profile = profile_dataframe(
            frame,
            target=target,
            columns=_split(columns),
            discrete=overrides or None,
            base=base,
            method=method,  # type: ignore[arg-type]
            test=test,  # type: ignore[arg-type]
            max_pairwise=max_pairwise,
            sample=sample,
            rng=seed,
            progress=progress and sys.stderr.isatty(),
        )
    finally:
        if opened is not None:
            opened.close()
    if out is not None:
        from infokit.report import render_html_report

        out.write_text(render_html_report(profile), encoding="utf-8")
    if output_format is OutputFormat.json:
        sys.stdout.write(profile.to_json() + "\n")
    elif output_format is OutputFormat.csv:
        sys.stdout.write(_csv_text(profile))
    else:
        render_table(profile)
    if out is not None:
        print(f"report written to {out}", file=sys.stderr)


def _typer() -> Any:
    typer = import_optional("typer", needed_by="the command line", extra="cli")
    import_optional("rich", needed_by="the command line", extra="cli")  # draws the tables
    return typer


def _root() -> None:
    """Information theory for machine learning: profile a dataset's columns."""


def _app() -> Any:
    typer = _typer()
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    app.callback()(_root)
    app.command("profile")(_profile_command)
    return app


def _error_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    line = text[0] if text else type(error).__name__
    if isinstance(error, InfokitError):
        return line
    return f"{type(error).__name__}: {line}"


def _report_error(error: Exception) -> int:
    """Print `error` as one line on stderr and return the exit status."""
    # typer ships its own copy of click: recognise its exceptions by their interface
    name = type(error).__name__
    exit_code = getattr(error, "exit_code", None)
    if name == "Exit" and isinstance(exit_code, int):
        return exit_code
    if name == "Abort":
        print("infokit: aborted", file=sys.stderr)
        return 130
    if callable(getattr(error, "show", None)) and isinstance(exit_code, int):
        error.show(file=sys.stderr)  # type: ignore[attr-defined]
        return exit_code
    print(f"infokit: error: {_error_line(error)}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Without arguments, print the tour of the measures (``python -m infokit``).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        return _tour.main()
    debug = "--debug" in args
    try:
        _app()(args=args, prog_name="infokit", standalone_mode=False)
    except Exception as error:  # one readable line, as the issue asks; --debug shows all
        if debug:
            raise
        return _report_error(error)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
