"""`infokit profile` as a user meets it: output paths, interrupts, empty files, separators,
notes in command-line terms, and a table that fits 80 columns."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infokit.cli import cli_terms, format_with_error, main, render_table
from infokit.data import load_penguins
from infokit.profiling import profile_dataframe


def _error(args, capsys) -> str:
    code = main(args)
    captured = capsys.readouterr()
    assert code == 1, captured
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("value", "error", "text"),
    [
        (0.12345, 0.0042, "0.1235 ± 0.0042"),
        (1.2345, 0.12, "1.23 ± 0.12"),
        (123.4, 12.0, "123 ± 12"),
        (1.58503, 0.000018, "1.5850 ± <0.0001"),
        (0.5, 0.0, "0.500"),
        (0.5, None, "0.500"),
        (0.5, math.nan, "0.500"),
        (None, 0.1, "–"),
        (math.inf, 0.1, "–"),
        (1e12, 3e9, "1000000000000 ± 3000000000"),
    ],
)
def test_numbers_are_rounded_to_their_error_bar(value, error, text):
    assert format_with_error(value, error) == text


def test_out_is_checked_before_any_computation(tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "report.html"
    line = _error(["profile", "--demo", "--out", str(missing)], capsys)
    assert line == (
        f"infokit: error: `--out`: the directory {str(missing.parent)!r} does not exist; "
        "create it or choose another path."
    )
    line = _error(["profile", "--demo", "--out", str(tmp_path)], capsys)
    assert "is a directory" in line


def test_report_is_written_whole_and_alone(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["profile", "--demo", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no .part left
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_empty_and_header_only_files_say_so(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    line = _error(["profile", str(empty), "--target", "y"], capsys)
    assert (
        line
        == f"infokit: error: `path`: {str(empty)!r} is empty (0 bytes): there is nothing to profile."
    )
    header = tmp_path / "header.csv"
    header.write_text("a,b,y\n")
    for engine in ["duckdb", "pandas", "polars"]:
        line = _error(["profile", str(header), "--target", "y", "--engine", engine], capsys)
        assert line.endswith("has a header (3 columns) but no rows."), (engine, line)


@pytest.mark.parametrize("separator", [";", "\t", "|"])
@pytest.mark.parametrize("engine", ["duckdb", "pandas", "polars"])
def test_separators_are_detected(tmp_path, capsys, separator, engine):
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    frame = pd.DataFrame({"x": np.where(rng.random(300) < 0.9, y, 1 - y), "y": y})
    path = tmp_path / "data.csv"
    frame.to_csv(path, sep=separator, index=False)
    assert (
        main(["profile", str(path), "--target", "y", "--engine", engine, "--format", "json"]) == 0
    )
    assert '"name": "x"' in capsys.readouterr().out


def test_a_wrong_delimiter_gives_one_column_and_a_suggestion(tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text("a;b;y\n1;2;0\n3;4;1\n5;6;0\n")
    line = _error(["profile", str(path), "--target", "y", "--delimiter", ","], capsys)
    assert "was read as one column named 'a;b;y'" in line
    assert "pass --delimiter ';'" in line
    assert main(["profile", str(path), "--target", "y", "--delimiter", ";", "--format", "csv"]) == 0


def test_interrupt_exits_130_without_a_partial_report(tmp_path):
    rng = np.random.default_rng(0)
    n = 200_000
    pd.DataFrame(
        {f"c{j}": rng.integers(0, 50, n) for j in range(30)} | {"y": rng.integers(0, 3, n)}
    ).to_csv(tmp_path / "big.csv", index=False)
    out = tmp_path / "report.html"
    # a job started in the background inherits an ignored SIGINT, a terminal's does not:
    # restore Python's handler in the child, as a terminal would have it
    start = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from infokit.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    command = [
        sys.executable, "-c", start, "profile", str(tmp_path / "big.csv"), "--target", "y",
        "--test", "permutation", "--out", str(out),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(6)
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == "infokit: interrupted"
    assert "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["big.csv"]


def test_notes_speak_the_options_of_the_command():
    assert cli_terms("leave them out with `columns=` (`--columns` on the command line).") == (
        "leave them out with `--columns`."
    )
    assert cli_terms("keep_identifiers=True ranks them.") == "--keep-identifiers ranks them."
    assert cli_terms("use test='permutation' instead.") == "use --test permutation instead."
    assert cli_terms("pass discrete={'age': False}.", column="age") == "pass --continuous age."
    assert cli_terms("Raise sample= for more rows.") == "Raise --sample for more rows."
    # a sentence that advises a Python call only is dropped
    kept = cli_terms("Ties broke. Pass method='ksg' to keep the old estimate.")
    assert kept == "Ties broke."


def _options_of_profile(capsys) -> set[str]:
    os.environ["COLUMNS"] = "200"
    try:
        assert main(["profile", "--help"]) == 0
    finally:
        del os.environ["COLUMNS"]
    return set(re.findall(r"--[a-z][a-z-]+", capsys.readouterr().out))


def test_every_option_a_printed_note_suggests_exists(tmp_path, capsys):
    options = _options_of_profile(capsys)
    rng = np.random.default_rng(4)
    n = 400
    frame = pd.DataFrame(
        {
            "id": np.arange(n),
            "zip": rng.integers(0, 300, n).astype(str),
            "age": np.round(rng.normal(40, 10, n)),
            "y": rng.integers(0, 2, n),
        }
    )
    frame.to_csv(tmp_path / "t.csv", index=False)
    printed = ""
    for extra in [[], ["--test", "g_test"], ["--keep-identifiers"]]:
        assert main(["profile", str(tmp_path / "t.csv"), "--target", "y", *extra]) == 0
        printed += capsys.readouterr().out
    suggested = set(re.findall(r"--[a-z][a-z-]+", printed))
    assert {"--keep-identifiers", "--wide"} <= suggested
    assert suggested <= options, suggested - options
    # and every option any message of the package spells out
    package = Path(main.__code__.co_filename).parent
    source = "".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    spelled = set(re.findall(r"`(--[a-z][a-z-]+)", source))
    assert spelled <= options, spelled - options


def _profile_with_identifier():
    profile = profile_dataframe(load_penguins(), target="species", base="bits")
    columns = list(profile.columns)
    columns[-1] = dataclasses.replace(
        columns[-1],
        name="a_rather_long_column_name_for_a_user_identifier",
        identifier="unique per row: an identifier carries no information that generalises",
        rank=None,
    )
    return dataclasses.replace(profile, columns=tuple(columns))


def test_the_table_fits_80_columns_and_flags_identifiers():
    from rich.console import Console

    console = Console(width=80, record=True, color_system=None)
    render_table(_profile_with_identifier(), console=console)
    text = console.export_text()
    table_lines = [line for line in text.splitlines() if re.match(r"^ (\d+| ) ", line)]
    assert all(len(line) <= 80 for line in text.splitlines())
    assert any(" id " in line for line in table_lines)
    flat = " ".join(text.split())
    assert "unique per row: an identifier carries no information that generalises" in flat
    assert "--keep-identifiers" in flat
    for name in ["bill_depth_mm", "flipper_length_mm", "island"]:
        assert name in text  # short names are never cut
    assert "≈ 0" in text  # year and sex: negative bias-corrected MI
    assert "-0.0" not in text


def test_wide_shows_every_column():
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    render_table(_profile_with_identifier(), console=console, wide=True)
    text = console.export_text()
    for header in ["count", "missing", "distinct", "test", "E[I] chance", "above chance"]:
        assert header in text
