"""Open CSV, Parquet and JSON-lines files (or globs of them) as lazy dataframes of an engine."""

from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from infokit._optional import import_optional
from infokit._validation import check_choice
from infokit.errors import InfokitError, InvalidParameterError

__all__ = [
    "Engine",
    "EngineError",
    "FileFormat",
    "OpenedTable",
    "csv_problem",
    "detect_format",
    "open_table",
]

Engine = Literal["duckdb", "dask", "spark", "pandas", "polars"]
FileFormat = Literal["csv", "parquet", "json"]
ENGINES = ("duckdb", "dask", "spark", "pandas", "polars")
_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}
DUCKDB_MEMORY_LIMIT = "384MB"  # DuckDB spills to its temporary directory beyond this
_EXTRAS = {"dask": "dask", "distributed": "dask", "pyspark": "spark"}  # the rest: "dataframe"


class EngineError(InfokitError, RuntimeError):
    """An engine could not read the data or could not be reached."""


@dataclass
class OpenedTable:
    """A lazily read table and the resources to release when done."""

    frame: Any
    engine: str
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Release the engine's resources (connections, clusters, sessions) in reverse order."""
        while self.closers:
            self.closers.pop()()


def _require(module: str) -> Any:
    extra = _EXTRAS.get(module.partition(".")[0], "dataframe")
    return import_optional(module, needed_by="this engine", extra=extra)


def detect_format(path: str) -> FileFormat:
    """Tell the format of `path` from its suffix (``.csv``, ``.parquet``, ``.jsonl``, ...)."""
    stem = path.rstrip("/")
    if os.path.isdir(stem):
        return "parquet"
    suffix = os.path.splitext(stem)[1].lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]  # type: ignore[return-value]
    msg = f"`path` must end in .csv, .parquet or .jsonl (or `file_format=` must say); got {path!r}."
    raise InvalidParameterError(msg)


def _files(path: str) -> list[str]:
    matches = sorted(glob.glob(path)) if glob.has_magic(path) else [path]
    found = [m for m in matches if os.path.exists(m)]
    if not found:
        what = "no file matches" if glob.has_magic(path) else "no such file"
        msg = f"`path`: {what} {path!r}."
        raise InvalidParameterError(msg)
    return found


def _engine_message(error: BaseException) -> str:
    text = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    first = text[0] if text else type(error).__name__
    for line in text:  # Java errors through py4j: the exception's own message
        if re.match(r"^:?\s*[\w.]+(Exception|Error):", line):
            first = line.lstrip(": ")
            break
    for line in text:  # prefer the line that says where the file is broken
        if re.search(r"\bline\b|\brow\b", line, re.IGNORECASE):
            first = line.strip() if len(line) < 300 else first
            break
    return first


def csv_problem(files: list[str], *, delimiter: str = ",") -> str | None:
    """Find the first line of the CSV `files` whose number of fields differs from the header's.

    Only called once an engine has failed, to say where; it streams the file.
    """
    import csv

    for name in files:
        try:
            with open(name, newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle, delimiter=delimiter)
                header = next(reader, None)
                if header is None:
                    return f"{name!r} is empty"
                for row in reader:
                    if row and len(row) != len(header):
                        return (
                            f"{name!r} line {reader.line_num} has {len(row)} fields; "
                            f"the header has {len(header)}"
                        )
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            return f"{name!r} is not readable text CSV ({error})"
    return None


def _delimiter(name: str) -> str:
    return "\t" if name.lower().endswith(".tsv") else ","


def sniff_delimiter(name: str) -> str:
    """Guess the field separator of a CSV file from its first 64 KiB (``,`` if unsure)."""
    import csv

    try:
        with open(name, newline="", encoding="utf-8", errors="replace") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return _delimiter(name)
    lines = head.splitlines()
    if len(lines) > 1 and not head.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut
    try:
        return csv.Sniffer().sniff("\n".join(lines[:200]), delimiters=",;\t|").delimiter
    except csv.Error:
        return _delimiter(name)


def _check_text_file(files: list[str], fmt: FileFormat) -> None:
    """Say plainly when a CSV or JSON file is empty."""
    for name in files:
        if fmt != "parquet" and os.path.isfile(name) and os.path.getsize(name) == 0:
            msg = f"`path`: {name!r} is empty (0 bytes): there is nothing to profile."
            raise InvalidParameterError(msg)


def _one_column_separator(names: list[str]) -> str | None:
    """Return the separator a lone column's name holds (``a;b;y`` -> ``;``), if any."""
    if len(names) != 1:
        return None
    found = [c for c in (";", "\t", "|", ",") if c in names[0]]
    return found[0] if found else None


def _check_shape(files: list[str], fmt: FileFormat, names: list[str], n_rows: int | None) -> None:
    """Say when a CSV has a header but no rows, or was read as one column by mistake."""
    if fmt != "csv":
        return
    if n_rows == 0:
        msg = f"`path`: {files[0]!r} has a header ({len(names)} columns) but no rows."
        raise InvalidParameterError(msg)
    found = _one_column_separator(names)
    if found is not None:
        shown = "\\t" if found == "\t" else found
        msg = (
            f"`path`: {files[0]!r} was read as one column named {names[0]!r}; if its fields "
            f"are separated by '{shown}', pass delimiter='{shown}'."
        )
        raise InvalidParameterError(msg)


def _open_duckdb(files: list[str], fmt: FileFormat, delimiter: str | None) -> OpenedTable:
    """Open with DuckDB; text formats are loaded once into a temporary on-disk database.

    Every statistic of a profile is one query; on a CSV or JSON file each query would parse
    the whole file again (and re-run the sniffer), so the text is read once into a table of a
    database file in a temporary directory, under a memory limit, and removed on `close`.
    Parquet files are read where they are.
    """
    duckdb = _require("duckdb")
    folder = tempfile.mkdtemp(prefix="infokit-duckdb-")
    config = {
        "preserve_insertion_order": False,
        "memory_limit": DUCKDB_MEMORY_LIMIT,
        "threads": 1,
        "temp_directory": os.path.join(folder, "spill"),
    }
    try:
        connection = duckdb.connect(os.path.join(folder, "profile.duckdb"), config=config)
    except duckdb.Error:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    closers: list[Callable[[], None]] = [
        lambda: shutil.rmtree(folder, ignore_errors=True),
        connection.close,
    ]
    try:
        if fmt == "csv":
            separator = delimiter or ("\t" if files[0].lower().endswith(".tsv") else None)
            options: dict[str, Any] = {"header": True, "na_values": ["NA", ""]}
            if separator is not None:  # otherwise DuckDB's sniffer finds it
                options["delimiter"] = separator
            relation = connection.read_csv(files, **options)
            guess = _one_column_separator(list(relation.columns))
            if separator is None and guess is not None:
                # the sniffer gives up on a ragged file and reads one column: read it with
                # the separator in that column's name, so the error says which line is wrong
                relation = connection.read_csv(files, **options, delimiter=guess)
        elif fmt == "parquet":
            relation = connection.read_parquet(files)
        else:
            relation = connection.read_json(files, format="newline_delimited")
        relation.limit(1).fetchall()  # let a broken header or first block fail here
        if fmt != "parquet":
            relation.create("infokit_table")
            relation = connection.table("infokit_table")
        count = relation.aggregate("count(*)").fetchall()[0][0] if fmt == "csv" else None
        _check_shape(files, fmt, list(relation.columns), count)
    except InvalidParameterError:
        for close in reversed(closers):
            close()
        raise
    except duckdb.Error as error:
        for close in reversed(closers):
            close()
        separator = delimiter or sniff_delimiter(files[0])
        where = csv_problem(files, delimiter=separator) if fmt == "csv" else None
        msg = f"cannot read {files[0]!r}: {where or _engine_message(error)}"
        raise EngineError(msg) from error
    opened = OpenedTable(relation, "duckdb", closers)
    # a table that is never closed still leaves no database behind when it is collected
    weakref.finalize(opened, shutil.rmtree, folder, True)
    return opened


def _open_pandas(
    files: list[str], fmt: FileFormat, engine: str, delimiter: str | None
) -> OpenedTable:
    if engine == "polars":
        pl = _require("polars")
        try:
            if fmt == "csv":
                frame = pl.concat(
                    [
                        pl.read_csv(
                            f, null_values=["NA", ""], separator=delimiter or sniff_delimiter(f)
                        )
                        for f in files
                    ]
                )
            elif fmt == "parquet":
                frame = pl.concat([pl.read_parquet(f) for f in files])
            else:
                frame = pl.concat([pl.read_ndjson(f) for f in files])
        except Exception as error:
            msg = f"cannot read {files[0]!r}: {_engine_message(error)}"
            raise EngineError(msg) from error
        if fmt == "csv":
            _check_shape(files, fmt, list(frame.columns), frame.height)
        return OpenedTable(frame, "polars")
    pd = _require("pandas")
    try:
        if fmt == "csv":
            frames = [pd.read_csv(f, sep=delimiter or sniff_delimiter(f)) for f in files]
        elif fmt == "parquet":
            frames = [pd.read_parquet(f) for f in files]
        else:
            frames = [pd.read_json(f, lines=True) for f in files]
    except (OSError, ValueError, pd.errors.ParserError) as error:
        msg = f"cannot read {files[0]!r}: {_engine_message(error)}"
        raise EngineError(msg) from error
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    _check_shape(files, fmt, [str(c) for c in frame.columns], len(frame))
    return OpenedTable(frame, "pandas")


def _open_dask(
    files: list[str], fmt: FileFormat, scheduler: str | None, delimiter: str | None
) -> OpenedTable:
    dd = _require("dask.dataframe")
    distributed = _require("distributed")
    closers: list[Callable[[], None]] = []
    try:
        if scheduler is None:
            cluster = distributed.LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            closers.append(cluster.close)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(scheduler, timeout="5s")
        closers.append(client.close)
    except (OSError, TimeoutError) as error:
        for close in reversed(closers):
            close()
        msg = f"cannot reach the Dask scheduler {scheduler!r}: {_engine_message(error)}"
        raise EngineError(msg) from error
    if fmt == "csv":
        separator = delimiter or sniff_delimiter(files[0])
        frame = dd.read_csv(files, assume_missing=True, blocksize="64MB", sep=separator)
    elif fmt == "parquet":
        frame = dd.read_parquet(files)
    else:
        frame = dd.read_json(files, lines=True, blocksize=2**26)
    return OpenedTable(frame, "dask", closers)


def _open_spark(
    files: list[str], fmt: FileFormat, master: str | None, delimiter: str | None
) -> OpenedTable:
    sql = _require("pyspark.sql")
    builder = (
        sql.SparkSession.builder.master(master or "local[*]")
        .appName("infokit-profile")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
    )
    try:
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
    except Exception as error:
        msg = f"cannot start Spark on master {master or 'local[*]'!r}: {_engine_message(error)}"
        raise EngineError(msg) from error
    reader = session.read
    if fmt == "csv":
        frame = reader.csv(
            files,
            header=True,
            inferSchema=True,
            mode="FAILFAST",
            nullValue="NA",
            sep=delimiter or sniff_delimiter(files[0]),
        )
    elif fmt == "parquet":
        frame = reader.parquet(*files)
    else:
        frame = reader.json(files, mode="FAILFAST")
    return OpenedTable(frame, "spark", [session.stop])


def open_table(
    path: str,
    /,
    *,
    engine: Engine = "duckdb",
    file_format: FileFormat | None = None,
    scheduler: str | None = None,
    master: str | None = None,
    delimiter: str | None = None,
) -> OpenedTable:
    """Open the file or glob `path` lazily with `engine`.

    Parameters
    ----------
    path : str
        A CSV, Parquet or JSON-lines file, a glob such as ``'data/part-*.parquet'``, or a
        directory of Parquet files.
    engine : {"duckdb", "dask", "spark", "pandas", "polars"}, default="duckdb"
        DuckDB reads out of core; Dask connects to `scheduler` or starts a local cluster of
        2 worker processes; Spark uses `master` (default ``"local[*]"``); pandas and polars
        read into memory. Dask reads CSV integers as floats (a later block may hold a
        missing value), so such columns count as continuous unless overridden.
    file_format : {"csv", "parquet", "json"}, optional
        Format, by default from the suffix.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``).
    master : str, optional
        Spark master URL.
    delimiter : str, optional
        Field separator of CSV files. By default DuckDB's sniffer detects it (the other
        engines look at the first 64 KiB of each file: ``,``, ``;``, tab or ``|``); ``.tsv``
        files are tab-separated.

    Returns
    -------
    OpenedTable
        The lazy frame and its resources; call ``close()`` when done.

    Raises
    ------
    InvalidParameterError
        If no file matches `path`, the format is unknown, a file is empty, a CSV has a
        header but no rows, or it reads as one column whose name holds a separator.
    EngineError
        If the engine cannot read the file or be reached.

    Examples
    --------
    >>> from infokit.data import penguins_path
    >>> from infokit.profiling import open_table, profile_dataframe
    >>> table = open_table(str(penguins_path()))  # DuckDB: nothing is loaded yet
    >>> profile = profile_dataframe(table.frame, target="species", columns=["island"], base=2)
    >>> table.close()
    >>> profile.engine, round(profile.column("island").mutual_information, 3)
    ('duckdb', 0.75)
    """
    check_choice(engine, ENGINES, name="engine")
    files = _files(path)
    fmt = file_format or detect_format(files[0])
    _check_text_file(files, fmt)
    if engine == "duckdb":
        return _open_duckdb(files, fmt, delimiter)
    if engine == "dask":
        return _open_dask(files, fmt, scheduler, delimiter)
    if engine == "spark":
        return _open_spark(files, fmt, master, delimiter)
    return _open_pandas(files, fmt, engine, delimiter)
