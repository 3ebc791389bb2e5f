"""Information profiles of dataframes: entropy and mutual information of every column.

`profile_dataframe` works on pandas, polars, pyarrow, DuckDB, Dask and PySpark dataframes
through narwhals, counting inside the engine; `open_table` opens CSV, Parquet and JSON-lines
files (and globs) lazily with DuckDB, Dask or Spark, or in memory with pandas or polars.
"""

from infokit.profiling._core import profile_dataframe
from infokit.profiling._files import EngineError, OpenedTable, open_table
from infokit.profiling._identifiers import identifier_reason
from infokit.profiling._result import ColumnProfile, DataFrameProfile

__all__ = [
    "ColumnProfile",
    "DataFrameProfile",
    "EngineError",
    "OpenedTable",
    "identifier_reason",
    "open_table",
    "profile_dataframe",
]
