"""`infokit profile`: tables, JSON, CSV, HTML, and one readable line for each bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from infokit.cli import main
from infokit.data import load_penguins
from infokit.profiling import profile_dataframe


@pytest.fixture(scope="module")
def data_file(tmp_path_factory):
    rng = np.random.default_rng(2)
    n = 600
    y = rng.integers(0, 2, n)
    frame = pd.DataFrame(
        {
            "signal": np.where(rng.random(n) < 0.9, y, 1 - y),
            "noise": rng.integers(0, 3, n),
            "churned": np.array(["no", "yes"])[y],
        }
    )
    path = tmp_path_factory.mktemp("cli") / "sales.parquet"
    frame.to_parquet(path)
    return path, frame


def test_demo_prints_the_penguin_table(capsys):
    assert main(["profile", "--demo"]) == 0
    out = capsys.readouterr().out
    reference = profile_dataframe(load_penguins(), target="species", base="bits")
    assert "baseline H(species) = 1.518" in out
    assert "I(X;species)" in out
    assert "H(X) bits" in out
    lines = [line for line in out.splitlines() if re.match(r"^ \d+ ", line)]
    assert [line.split()[1] for line in lines] == [c.name for c in reference.columns]
    top = reference.columns[0]
    assert f"{top.mutual_information:.3f} ± {top.mutual_information_std_error:.3f}" in lines[0]


def test_json_output_is_the_profile(data_file, capsys):
    path, frame = data_file
    assert main(["profile", str(path), "--target", "churned", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    reference = profile_dataframe(frame, target="churned", base="bits")
    assert data["engine"] == "duckdb"
    assert data["unit"] == "bits"
    assert [c["name"] for c in data["columns"]] == ["signal", "noise"]
    assert data["columns"][0]["mutual_information"] == pytest.approx(
        reference.column("signal").mutual_information, abs=1e-12
    )


def test_csv_output_and_base(data_file, capsys):
    path, frame = data_file
    args = ["profile", str(path), "-t", "churned", "--format", "csv", "--base", "nats"]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    reference = profile_dataframe(frame, target="churned")
    assert [r["name"] for r in rows] == ["signal", "noise"]
    assert float(rows[0]["entropy"]) == pytest.approx(reference.column("signal").entropy)


def test_html_report_is_written(data_file, tmp_path, capsys):
    path, _ = data_file
    out = tmp_path / "report.html"
    assert main(["profile", str(path), "--target", "churned", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"report written to {out}" in captured.err
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "signal" in html


def test_column_kind_overrides(data_file, capsys):
    path, _ = data_file
    args = ["profile", str(path), "-t", "churned", "--continuous", "noise", "--format", "json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = {c["name"]: c["kind"] for c in data["columns"]}
    assert kinds == {"signal": "discrete", "noise": "continuous"}


def _error(args, capsys) -> str:
    status = main(args)
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_missing_file(capsys, tmp_path):
    line = _error(["profile", str(tmp_path / "nope.csv"), "--target", "y"], capsys)
    assert line == f"infokit: error: `path`: no such file {str(tmp_path / 'nope.csv')!r}."


def test_ragged_csv_says_the_line(capsys, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,y\n1,x,0\n2,y,1\n3,x,0,9\n4,y,1\n")
    line = _error(["profile", str(path), "--target", "y"], capsys)
    assert "line 4 has 4 fields; the header has 3" in line


def test_unreadable_file(capsys, tmp_path):
    path = tmp_path / "binary.parquet"
    path.write_bytes(b"\x00\x01 not parquet")
    line = _error(["profile", str(path), "--target", "y"], capsys)
    assert line.startswith(f"infokit: error: cannot read {str(path)!r}")


def test_unknown_target_lists_close_names(data_file, capsys):
    path, _ = data_file
    line = _error(["profile", str(path), "--target", "churn"], capsys)
    assert "`target` must name a column of `df`; got 'churn'. Did you mean 'churned'?" in line


def test_one_valued_target(tmp_path, capsys):
    path = tmp_path / "flat.csv"
    path.write_text("x,y\n1,a\n2,a\n3,a\n")
    line = _error(["profile", str(path), "--target", "y"], capsys)
    assert "`target` must take at least 2 values" in line


def test_all_missing_column(tmp_path, capsys):
    path = tmp_path / "empty.csv"
    path.write_text("x,e,y\n1,,a\n2,,b\n3,,a\n")
    line = _error(["profile", str(path), "--target", "y"], capsys)
    assert "'e' hold only missing values" in line


def test_mixed_type_column(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"x": 1, "y": "a"}\n{"x": "b", "y": "b"}\n{"x": 2.5, "y": "a"}\n')
    line = _error(["profile", str(path), "--target", "y", "--engine", "pandas"], capsys)
    assert "column `x` mixes types" in line


def test_unreachable_dask_scheduler(data_file, capsys):
    path, _ = data_file
    args = ["profile", str(path), "-t", "churned", "--engine", "dask"]
    line = _error([*args, "--scheduler", "tcp://127.0.0.1:9"], capsys)
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in line


def test_unreachable_spark_master(data_file, capsys):
    path, _ = data_file
    args = ["profile", str(path), "-t", "churned", "--engine", "spark"]
    line = _error([*args, "--master", "spark://127.0.0.1:9"], capsys)
    assert "cannot reach the Spark master at 'spark://127.0.0.1:9'" in line


def test_demo_and_file_together_or_neither(data_file, capsys):
    path, _ = data_file
    assert "not both" in _error(["profile", str(path), "--demo"], capsys)
    assert "`--demo`" in _error(["profile"], capsys)


def test_usage_errors_exit_with_2_on_one_line(capsys):
    assert main(["profile", "--demo", "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "xml" in err
    assert err.count("\n") == 1
    assert err.startswith("infokit: error: Invalid value for '--format'")
    assert main(["profile", "--demo", "--bogus"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "No such option: --bogus" in err
    assert "infokit profile --help" in err
    assert main(["profile", "--demo", "--method", "mle"]) == 2
    err = capsys.readouterr().err
    assert "'mle' is not one of 'auto', 'plugin', 'miller_madow'" in err


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(Exception, match="no such file"):
        main(["profile", str(tmp_path / "nope.csv"), "--debug"])


def test_no_arguments_prints_the_help_and_tour_prints_the_tour(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "Usage: infokit" in out
    assert "tour" in out
    assert "profile" in out
    assert main(["tour"]) == 0
    assert "worked examples of information theory" in capsys.readouterr().out


def test_version(capsys):
    from infokit import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"infokit {__version__}\n"


def test_help_lists_the_choices_of_method_and_test(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping inside the choices
    assert main(["profile", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for choice in ["miller_madow", "chao_wang_jost", "james_stein", "g_test", "permutation"]:
        assert choice in out


def test_console_entry_point_in_a_subprocess(tmp_path):
    missing = tmp_path / "nope.csv"
    code = "import sys; from infokit.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, "profile", str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"infokit: error: `path`: no such file {str(missing)!r}."
    assert done.stdout == ""
