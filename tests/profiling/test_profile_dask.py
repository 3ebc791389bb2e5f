"""Dask: a LocalCluster of 2 worker processes counts; the profile equals the in-memory one."""

from __future__ import annotations

import pytest

from infokit.profiling import profile_dataframe
from infokit.profiling._files import open_table

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def files(engine_frame, tmp_path_factory):
    frame = engine_frame
    folder = tmp_path_factory.mktemp("dask-data")
    half = len(frame) // 2
    frame.iloc[:half].to_parquet(folder / "part-0.parquet")
    frame.iloc[half:].to_parquet(folder / "part-1.parquet")
    return frame, str(folder / "part-*.parquet")


@pytest.fixture(scope="module")
def opened(files):
    # no scheduler given: open_table starts a LocalCluster of 2 worker processes
    table = open_table(files[1], engine="dask")
    yield table
    table.close()


def test_dask_on_a_local_cluster_gives_the_in_memory_profile(
    files, opened, engine_options, same_profile
):
    client = distributed.get_client()
    assert len(client.scheduler_info()["workers"]) == 2
    assert isinstance(opened.frame, dd.DataFrame)
    result = profile_dataframe(opened.frame, **engine_options)
    assert result.engine == "dask"
    same_profile(result, profile_dataframe(files[0], **engine_options))


def test_open_table_connects_to_a_running_scheduler(files, opened, engine_options, same_profile):
    address = distributed.get_client().scheduler.address
    again = open_table(files[1], engine="dask", scheduler=address)
    try:
        result = profile_dataframe(
            again.frame, **engine_options, columns=["a", "b"], max_pairwise=0
        )
    finally:
        again.close()
    reference = profile_dataframe(files[0], **engine_options, columns=["a", "b"], max_pairwise=0)
    same_profile(result, reference)
