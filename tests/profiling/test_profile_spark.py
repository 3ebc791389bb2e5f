"""PySpark in local mode: the profile equals the in-memory one (one session per module)."""

from __future__ import annotations

import pytest

from infokit.profiling import profile_dataframe
from infokit.profiling._files import open_table

pytest.importorskip("pyspark")

# PySpark 4 warns that it does not fully support pandas 3; infokit never hands it pandas data
pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support:FutureWarning"),
    # Starting the JVM forks; JAX, when an earlier test imported it, warns about any fork.
    pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning"),
]


@pytest.fixture(scope="module")
def spark_table(engine_frame, tmp_path_factory):
    from pyspark.sql import SparkSession

    # a small, quickly warmed JVM for small test data; open_table then reuses this session
    (
        SparkSession.builder.master("local[2]")
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    frame = engine_frame
    folder = tmp_path_factory.mktemp("spark-data")
    frame.to_parquet(folder / "data.parquet")
    opened = open_table(str(folder / "data.parquet"), engine="spark", master="local[2]")
    yield frame, opened.frame
    opened.close()


def test_spark_dataframe_gives_the_in_memory_profile(spark_table, engine_options, same_profile):
    frame, spark_frame = spark_table
    assert type(spark_frame).__module__.startswith("pyspark")
    result = profile_dataframe(spark_frame, **engine_options)
    assert result.engine == "pyspark"
    same_profile(result, profile_dataframe(frame, **engine_options))


def test_spark_samples_large_frames_with_a_seed(spark_table):
    _, spark_frame = spark_table
    result = profile_dataframe(spark_frame, target="y", columns=["c"], sample=400, rng=1)
    assert "Spark, seed 1" in result.sample_description
    assert 250 < result.n_sampled < 550  # Bernoulli with p = 0.2 of 2000 rows
    assert result.column("c").n_pairs <= result.n_sampled
