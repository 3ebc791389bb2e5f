"""The ``infokit`` command: ``infokit profile data.csv --target y --out report.html``.

``infokit`` alone prints its help; ``infokit tour`` prints the tour of the measures
(`infokit._tour`); ``infokit profile`` profiles a file, a glob of files or the bundled
penguins (``--demo``). Errors print one line on stderr and exit with status 1 (2 for a bad
command line, 130 when interrupted); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import socket
import sys
import tempfile
from collections.abc import Callable, Sequence
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


class MethodName(str, Enum):
    """Entropy estimators of the count tables."""

    auto = "auto"
    plugin = "plugin"
    miller_madow = "miller_madow"
    grassberger = "grassberger"
    chao_shen = "chao_shen"
    chao_wang_jost = "chao_wang_jost"
    james_stein = "james_stein"


class TestName(str, Enum):
    """Tests of independence with the target."""

    auto = "auto"
    g_test = "g_test"
    permutation = "permutation"


class InputFormat(str, Enum):
    """Formats of the input files."""

    csv = "csv"
    parquet = "parquet"
    json = "json"


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


_MAX_PLACES = 4


def _finite(value: float | None) -> bool:
    return value is not None and isinstance(value, int | float) and math.isfinite(value)


def format_with_error(value: float | None, error: float | None, *, digits: int = 3) -> str:
    """Format ``value ± error`` to the decimal place of the error's second significant digit.

    ``0.12345, 0.0042`` gives ``0.1235 ± 0.0042``; ``1.2345, 0.12`` gives ``1.23 ± 0.12``;
    at most 4 decimals (``1.58503, 0.000018`` gives ``1.5850 ± <0.0001``); without a usable
    error (None, NaN, 0) the value gets `digits` decimals.
    """
    if not _finite(value):
        return "–"
    assert value is not None
    if not _finite(error) or error is None or error <= 0:
        return f"{value:.{digits}f}"
    places = min(max(1 - math.floor(math.log10(error)), 0), _MAX_PLACES)
    shown = f"{error:.{places}f}"
    if float(shown) == 0:  # an error bar below the last place shown
        shown = f"<{10.0**-places:.{places}f}"
    return f"{value:.{places}f} ± {shown}"


def _fmt(value: float | None, digits: int = 3) -> str:
    if not _finite(value):
        return "–"
    return f"{value:.{digits}f}"


def _fmt_p(value: float | None, *, floor: float = 0.0) -> str:
    """Format a p-value; at a permutation test's floor ``1/(1 + B)`` say ``≤``."""
    if value is None:
        return "–"
    if value == 0:
        return "<1e-300"
    return f"≤{value:.2g}" if value <= floor * (1 + 1e-12) else f"{value:.2g}"


_CLI_TERMS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    # Python spellings in notes -> the options of `infokit profile`
    (re.compile(r"`columns=` \(`--columns` on the command line\)"), "`--columns`"),
    (re.compile(r"keep_identifiers=True"), "--keep-identifiers"),
    (re.compile(r"`file_format=`"), "`--format-in`"),
    (re.compile(r"""delimiter=('[^']*'|"[^"]*")"""), r"--delimiter \1"),
    (re.compile(r"""test=['"](\w+)['"]"""), r"--test \1"),
    (
        re.compile(
            r"""method=['"](auto|plugin|miller_madow|grassberger|chao_shen|"""
            r"""chao_wang_jost|james_stein)['"]"""
        ),
        r"--method \1",
    ),
    (
        re.compile(r"`?\b(columns|sample|max_pairwise|n_bins|n_permutations|base|delimiter)=`?"),
        lambda m: "--" + m.group(1).replace("_", "-"),
    ),
]
_PYTHON_ONLY = re.compile(r"\b[a-z_]+=['\"\w{(\[]|\b[a-z_]+\(")


def cli_terms(note: str, *, column: str | None = None) -> str | None:
    """Rewrite a note in the options of `infokit profile`; None if it only advises Python.

    ``discrete=False`` becomes ``--continuous NAME`` (and ``discrete=True`` ``--discrete
    NAME``) for the note's `column`; sentences that still suggest a Python call are dropped.
    """
    name = column or "NAME"
    text = re.sub(r"discrete=\{[^}]*: ?False\}|discrete=False", f"--continuous {name}", note)
    text = re.sub(r"discrete=\{[^}]*: ?True\}|discrete=True", f"--discrete {name}", text)
    for pattern, replacement in _CLI_TERMS:
        text = pattern.sub(replacement, text)
    sentences = re.split(r"(?<=[.;])\s+(?=[A-Z(])", text)
    kept = [s for s in sentences if not _PYTHON_ONLY.search(s)]
    return " ".join(kept) if kept else None


def _mi_cell(column: Any) -> tuple[str, bool]:
    """Format the MI cell of a column; say whether a negative estimate became ≈ 0."""
    value, error = column.mutual_information, column.mutual_information_std_error
    if _finite(value) and value < 0:
        return "≈ 0", True
    text = format_with_error(value, error)
    chance = column.expected_mutual_information
    if _finite(value) and _finite(chance) and value > 0 and chance >= 0.5 * value:
        text += "†"
    return text, False


def _short(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def render_table(profile: Any, *, console: Any = None, wide: bool = False) -> None:
    """Print `profile` as a rich table (most informative column first), then its notes.

    By default the table fits 80 columns (rank, column, kind, H(X), I(X; target) with its
    error bar, p-value, U); ``wide=True`` adds the counts, the test, the estimator, the MI
    expected by chance and the MI above chance.
    """
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    if console is None:
        console = Console()
        if not console.is_terminal and wide:  # pipes and logs: do not fold a wide table
            console = Console(width=max(console.width, 160))
    unit = profile.unit
    title = escape(f"information profile: {profile.n_rows} rows, engine {profile.engine}")
    if profile.target is not None:
        baseline = format_with_error(profile.target_entropy, profile.target_entropy_std_error)
        title += escape(f"\nbaseline H({profile.target}) = {baseline} {unit}")
    table = Table(
        title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False
    )
    name_width = 28 if wide else 18
    headers: list[tuple[str, str]] = [("#", "right"), ("column", "left"), ("kind", "left")]
    if wide:
        headers += [("count", "right"), ("missing", "right"), ("distinct", "right")]
    headers.append((f"H(X) {unit}", "right"))
    target = _short(profile.target or "", 10)
    if profile.target is not None:
        headers += [(f"I(X;{target})", "right"), ("p", "right"), ("U", "right")]
        if wide:
            headers += [("test", "left"), ("E[I] chance", "right"), ("above chance", "right")]
    rows: list[list[str]] = []
    near_zero = False
    for column in profile.columns:
        kind = "id" if column.identifier else column.kind[:4]
        row = [
            "" if column.rank is None else str(column.rank),
            escape(_short(column.name, name_width)),
            kind,
        ]
        if wide:
            row += [str(column.count), str(column.missing), str(column.cardinality)]
        row.append(format_with_error(column.entropy, column.entropy_std_error))
        if profile.target is not None:
            cell, clipped = _mi_cell(column)
            near_zero |= clipped
            u = column.uncertainty_coefficient
            floor = 1.0 / (1 + profile.n_permutations) if column.test else 0.0
            if not (column.test or "").startswith("permutation"):
                floor = 0.0
            p_text = _fmt_p(column.p_value, floor=floor)
            row += [cell, p_text, "≈ 0" if _finite(u) and u < 0 else _fmt(u, 2)]
            if wide:
                row += [
                    column.test or "–",
                    _fmt(column.expected_mutual_information, 4),
                    _fmt(column.mutual_information_above_chance, 4),
                ]
        rows.append(row)
    for position, (header, justify) in enumerate(headers):
        width = max([len(header), *(len(row[position]) for row in rows)])
        table.add_column(
            escape(header),
            justify=justify,  # type: ignore[arg-type]
            no_wrap=True,
            overflow="ellipsis",
            min_width=None if position == 1 else width,  # only the names may shrink
        )
    for row in rows:
        table.add_row(*row)
    console.print(table)
    for line in _notes(profile, near_zero=near_zero):
        console.print(f"[dim]{escape(line)}[/dim]", soft_wrap=False)


def _notes(profile: Any, *, near_zero: bool) -> list[str]:
    """Return the lines printed under the table, in the options of `infokit profile`."""
    lines = []
    if near_zero:
        lines.append(
            "≈ 0: the bias-corrected estimate is below zero, i.e. no detectable information."
        )
    if any(_mi_cell(c)[0].endswith("†") for c in profile.columns):
        lines.append(
            "†: mostly chance: an independent column with as many categories scores at "
            "least half of it (--wide shows the MI above chance, which the rank uses)."
        )
    if any(c.kind == "continuous" and not c.identifier for c in profile.columns):
        lines.append("H(X) of continuous columns is a differential entropy (can be negative).")
    if profile.target is not None:
        lines.append(
            f"U = I(X;{profile.target}) / H({profile.target}); p: test of independence; "
            "the rank orders the MI above chance (--wide shows it)."
        )
    flagged = [c for c in profile.columns if c.identifier]
    if flagged and not profile.keep_identifiers:
        lines.append(
            "kind id: identifier-like, kept out of the ranking (--keep-identifiers ranks them):"
        )
    lines += [f"  {c.name}: {c.identifier}" for c in flagged]
    if profile.sample_description:
        how = profile.sample_description.split(". ")[0]
        lines.append(f"continuous columns: estimated on {how}.")
    grouped: dict[str, list[str]] = {}
    for column in profile.columns:
        for note in column.notes:
            text = cli_terms(note, column=column.name)
            if text:
                grouped.setdefault(text, []).append(column.name)
    for note in profile.notes:
        if "keep_identifiers" in note:
            continue  # said per column above
        text = cli_terms(note)
        if text:
            grouped.setdefault(text, [])
    for text, names in grouped.items():
        who = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        lines.append(f"{who}: {text}" if who else text)
    return lines


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


def _csv_text(profile: Any) -> str:
    rows = profile.to_dict()["columns"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["name"])
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return buffer.getvalue()


def _check_output(path: Path | None) -> None:
    """Fail before any computation when `--out` cannot be written."""
    if path is None:
        return
    if path.is_dir():
        example = str(path / "report.html")
        msg = f"`--out` must be a file; {str(path)!r} is a directory (e.g. {example!r})."
        raise InvalidParameterError(msg)
    parent = path.parent
    if not parent.is_dir():
        msg = (
            f"`--out`: the directory {str(parent)!r} does not exist; create it or choose "
            "another path."
        )
        raise InvalidParameterError(msg)
    if not os.access(parent, os.W_OK):
        msg = f"`--out`: cannot write in {str(parent)!r} (permission denied)."
        raise InvalidParameterError(msg)


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it: never a partial file."""
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(partial, 0o666 & ~mask)  # mkstemp makes it private; a report is not
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise


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
    keep_identifiers: Annotated[
        bool,
        _typer().Option(
            "--keep-identifiers", help="Rank identifier-like columns (ids, uuids, timestamps) too."
        ),
    ] = False,
    base: Annotated[str, _typer().Option(help="Unit: bits, nats, or a number.")] = "bits",
    method: Annotated[
        MethodName, _typer().Option(help="Entropy estimator of the count tables.")
    ] = MethodName.auto,
    test: Annotated[
        TestName, _typer().Option(help="Test of independence with the target.")
    ] = TestName.auto,
    max_pairwise: Annotated[int, _typer().Option(help="Columns in the pairwise matrix.")] = 20,
    sample: Annotated[
        int, _typer().Option(help="Rows sampled for continuous columns (all if fewer).")
    ] = 100_000,
    n_bins: Annotated[
        int, _typer().Option(help="Quantile bins of continuous columns (pairwise, G-test).")
    ] = 10,
    n_permutations: Annotated[int, _typer().Option(help="Shuffles of permutation tests.")] = 200,
    seed: Annotated[int, _typer().Option(help="Seed of the sample and permutations.")] = 0,
    engine: Annotated[
        EngineName, _typer().Option(help="Engine that reads files.")
    ] = EngineName.duckdb,
    delimiter: Annotated[
        str | None, _typer().Option(help="Field separator of CSV files (default: detected).")
    ] = None,
    input_format: Annotated[
        InputFormat | None,
        _typer().Option("--format-in", help="Format of the input (default: from the suffix)."),
    ] = None,
    scheduler: Annotated[
        str | None, _typer().Option(help="Dask scheduler address (default: local cluster).")
    ] = None,
    master: Annotated[
        str | None, _typer().Option(help="Spark master URL (default: local[*]).")
    ] = None,
    output_format: Annotated[
        OutputFormat, _typer().Option("--format", help="Terminal output.")
    ] = OutputFormat.table,
    wide: Annotated[bool, _typer().Option(help="Show every column of the table.")] = False,
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
    _check_output(out)
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
        opened = open_table(
            path,
            engine=engine.value,
            file_format=None if input_format is None else input_format.value,
            scheduler=scheduler,
            master=master,
            delimiter=delimiter,
        )
        frame = opened.frame
    try:
        profile = profile_dataframe(
            frame,
            target=target,
            columns=_split(columns),
            discrete=overrides or None,
            base=base,
            method=method.value,
            test=test.value,
            max_pairwise=max_pairwise,
            sample=sample,
            n_bins=n_bins,
            n_permutations=n_permutations,
            rng=seed,
            progress=progress and sys.stderr.isatty(),
            keep_identifiers=keep_identifiers,
        )
    finally:
        if opened is not None:
            opened.close()
    if out is not None:
        from infokit.report import render_html_report

        _write_atomically(out, render_html_report(profile))
    if output_format is OutputFormat.json:
        sys.stdout.write(profile.to_json() + "\n")
    elif output_format is OutputFormat.csv:
        sys.stdout.write(_csv_text(profile))
    else:
        render_table(profile, wide=wide)
    if out is not None:
        print(f"report written to {out}", file=sys.stderr)


def _tour_command() -> None:
    """Print the tour of the measures: worked examples in bits and nats."""
    code = _tour.main()
    if code:
        raise _typer().Exit(code)


def _typer() -> Any:
    typer = import_optional("typer", needed_by="the command line", extra="cli")
    import_optional("rich", needed_by="the command line", extra="cli")  # draws the tables
    return typer


def _version(value: bool) -> None:
    if value:
        from infokit import __version__

        print(f"infokit {__version__}")
        raise _typer().Exit()


def _root(
    version: Annotated[
        bool | None,
        _typer().Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Information theory for machine learning: profile a dataset's columns."""


def _app() -> Any:
    typer = _typer()
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    app.callback()(_root)
    app.command("profile")(_profile_command)
    app.command("tour")(_tour_command)
    return app


def _error_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    line = text[0] if text else type(error).__name__
    if isinstance(error, InfokitError):
        return line
    return f"{type(error).__name__}: {line}"


def _report_error(error: BaseException) -> int:
    """Print `error` as one line on stderr and return the exit status."""
    # typer ships its own copy of click: recognise its exceptions by their interface
    name = type(error).__name__
    exit_code = getattr(error, "exit_code", None)
    if name == "Exit" and isinstance(exit_code, int):
        return exit_code
    interrupted = name in ("Abort", "InterruptException") or "Query interrupted" in str(error)
    if interrupted or isinstance(error, KeyboardInterrupt):  # DuckDB says it its own way
        print("infokit: interrupted", file=sys.stderr)
        return 130
    if callable(getattr(error, "format_message", None)) and isinstance(exit_code, int):
        message = " ".join(str(error.format_message()).split())  # type: ignore[attr-defined]
        command = getattr(getattr(error, "ctx", None), "command_path", "infokit")
        print(f"infokit: error: {message} (see `{command} --help`)", file=sys.stderr)
        return exit_code
    line = _error_line(error)
    print(f"infokit: error: {cli_terms(line) or line}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Without arguments, print the help (``infokit tour`` prints the tour of the measures).
    """
    args = list(sys.argv[1:] if argv is None else argv) or ["--help"]
    if args == ["tour"]:  # the tour of the measures needs neither typer nor rich
        return _tour.main()
    debug = "--debug" in args
    try:
        # typer turns Ctrl-C into Exit(130), which it returns in non-standalone mode
        status = _app()(args=args, prog_name="infokit", standalone_mode=False)
    except (Exception, KeyboardInterrupt) as error:  # one readable line; --debug shows all
        if debug:
            raise
        return _report_error(error)
    if status == 130:
        print("infokit: interrupted", file=sys.stderr)
    return status if isinstance(status, int) and not isinstance(status, bool) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
