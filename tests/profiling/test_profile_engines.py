"""Files through DuckDB (out of core), pandas and polars: the same profile as in memory."""

from __future__ import annotations

import duckdb
import pandas as pd
import polars as pl
import pytest

from infokit.errors import InvalidParameterError
from infokit.profiling import profile_dataframe
from infokit.profiling._files import EngineError, csv_problem, detect_format, open_table


@pytest.fixture(scope="module")
def reference(engine_frame, engine_options):
    return profile_dataframe(engine_frame, **engine_options)


@pytest.fixture(scope="module")
def files(engine_frame, tmp_path_factory):
    frame = engine_frame
    folder = tmp_path_factory.mktemp("engine-data")
    frame.to_parquet(folder / "data.parquet")
    frame.to_csv(folder / "data.csv", index=False)
    frame.to_json(folder / "data.jsonl", orient="records", lines=True)
    half = len(frame) // 2
    frame.iloc[:half].to_parquet(folder / "part-0.parquet")
    frame.iloc[half:].to_parquet(folder / "part-1.parquet")
    return folder


@pytest.mark.parametrize("name", ["data.parquet", "data.csv", "data.jsonl", "part-*.parquet"])
def test_duckdb_files_give_the_in_memory_profile(
    files, reference, name, engine_options, same_profile
):
    opened = open_table(str(files / name))
    try:
        assert isinstance(opened.frame, duckdb.DuckDBPyRelation)
        result = profile_dataframe(opened.frame, **engine_options)
    finally:
        opened.close()
    assert result.engine == "duckdb"
    same_profile(result, reference)


def test_duckdb_relation_from_sql_is_profiled_in_place(
    files, reference, engine_options, same_profile
):
    connection = duckdb.connect()
    relation = connection.sql(f"SELECT * FROM read_parquet('{files / 'data.parquet'}')")
    same_profile(profile_dataframe(relation, **engine_options), reference)
    connection.close()


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_in_memory_engines_read_files(files, reference, engine, engine_options, same_profile):
    opened = open_table(str(files / "data.parquet"), engine=engine)
    assert isinstance(opened.frame, pd.DataFrame if engine == "pandas" else pl.DataFrame)
    same_profile(profile_dataframe(opened.frame, **engine_options), reference)


def test_duckdb_sample_is_seeded_and_uniform(files):
    opened = open_table(str(files / "data.parquet"))
    try:
        first = profile_dataframe(opened.frame, target="y", sample=300, rng=3)
        again = profile_dataframe(opened.frame, target="y", sample=300, rng=3)
    finally:
        opened.close()
    assert first.column("c").mutual_information == again.column("c").mutual_information
    assert first.n_sampled == 300
    assert "reservoir" in first.sample_description
    assert "seed 3" in first.sample_description
    assert first.column("c").count == 2000 - first.column("c").missing


def test_missing_files_and_formats(tmp_path):
    with pytest.raises(InvalidParameterError, match=r"`path`: no such file '.*nope.csv'"):
        open_table(str(tmp_path / "nope.csv"))
    with pytest.raises(InvalidParameterError, match=r"`path`: no file matches '.*part-\*.csv'"):
        open_table(str(tmp_path / "part-*.csv"))
    (tmp_path / "data.xlsx").write_text("x")
    with pytest.raises(InvalidParameterError, match=r"must end in .csv, .parquet or .jsonl"):
        detect_format(str(tmp_path / "data.xlsx"))
    with pytest.raises(InvalidParameterError, match=r"`engine` must be one of"):
        open_table(str(tmp_path / "data.xlsx"), engine="sqlite")  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_ragged_csv_names_the_line(tmp_path, engine):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,y\n1,x,0\n2,y,1\n3,x,0,9\n4,y,1\n")
    with pytest.raises(EngineError, match=r"line 4"):
        open_table(str(path), engine=engine)
    assert csv_problem([str(path)]) == f"{str(path)!r} line 4 has 4 fields; the header has 3"


def test_ragged_line_deep_in_a_large_csv(tmp_path):
    path = tmp_path / "long.csv"
    lines = ["a,b,y"] + [f"{i % 7},{i % 3},{i % 2}" for i in range(30000)]
    lines[25000] += ",extra"
    path.write_text("\n".join(lines) + "\n")
    # the text is loaded once into a temporary database, so a ragged line deep in the
    # file (past the sniffer's first 20480 lines) fails at open, saying where
    with pytest.raises(EngineError, match=r"line 25001 has 4 fields; the header has 3"):
        open_table(str(path))
