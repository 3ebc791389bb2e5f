"""Counting inside the engine that holds the data, through narwhals.

Every query here returns a small table: the row count, per-column null and distinct counts,
group-by counts of one or two (possibly binned) columns, or a seeded sample of bounded size.
Nothing else is ever pulled to the client, so DuckDB, Dask and Spark frames are profiled
where they live.
"""

from __future__ import annotations

import functools
import math
import operator
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from infokit._optional import import_optional
from infokit.errors import ArrayLibraryError, InvalidParameterError
from infokit.profiling._counts import CountTable, count_table_from_arrow

__all__ = ["Source", "as_source", "is_null"]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
_COUNT = "__infokit_count__"


def is_null(value: object) -> bool:
    """Whether a group key is missing: None, NaN, or pandas' NA and NaT."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


@dataclass(frozen=True)
class Source:
    """A dataframe seen through narwhals as a lazy frame, with its backend's name."""

    frame: Any  # narwhals.LazyFrame
    native: Any
    backend: str
    float_columns: frozenset[str]
    names: tuple[str, ...]
    dtypes: dict[str, str]
    summaries: dict[str, tuple[int, int, int, bool] | None] = field(
        default_factory=dict, compare=False, repr=False
    )  # numeric_summary's answers, asked for by the discreteness and the identifier rules

    def _value(self, name: str) -> Any:
        import narwhals as nw

        column = nw.col(name)
        # NaN is a missing value here, as in pandas: polars and Arrow keep it apart from null.
        return column.fill_nan(None) if name in self.float_columns else column

    def scan_summary(self, names: Sequence[str]) -> tuple[int, dict[str, tuple[int, int]]]:
        """Count the rows and, per column, its missing and distinct non-missing values.

        One aggregation for the row and null counts, then one distinct count per column: the
        hash tables of fifty distinct counts over a large table need not fit in memory at once.
        """
        import narwhals as nw

        exprs = [nw.len().alias(_COUNT)]
        exprs += [self._value(name).null_count().alias(f"m{i}") for i, name in enumerate(names)]
        row = self.frame.select(exprs).collect().rows()[0]
        result = {}
        for i, name in enumerate(names):
            missing = int(row[1 + i])
            unique = self.frame.select(self._value(name).n_unique().alias("u")).collect()
            distinct = int(unique.rows()[0][0]) - (1 if missing > 0 else 0)  # null is a value
            result[name] = (missing, distinct)
        return int(row[0]), result

    def numeric_summary(self, name: str) -> tuple[int, int, int, bool] | None:
        """Summarise a numeric column for the discreteness rule, inside the engine.

        Returns ``(n_present, n_distinct, n_singletons, whole_numbers)``, or None for a column
        that is not numeric. Two small queries: one aggregation and one group-by whose result
        is aggregated again in the engine, so nothing of the size of the column is pulled.
        """
        if name not in self.summaries:
            self.summaries[name] = self._numeric_summary(name)
        return self.summaries[name]

    def _numeric_summary(self, name: str) -> tuple[int, int, int, bool] | None:
        import narwhals as nw

        dtype = self.frame.collect_schema()[name]
        if not dtype.is_numeric() or dtype == nw.Boolean:
            return None
        value = self._value(name)
        finite: object = True
        if name in self.float_columns:
            whole = ((value - value.round(0)).abs().max() == 0).alias("w")
            finite = self.frame.select(whole).collect().rows()[0][0]
        counts = (
            self.frame.select(value.alias("v"))
            .filter(~nw.col("v").is_null())
            .group_by("v")
            .agg(nw.len().alias(_COUNT))
            .select(
                nw.col(_COUNT).sum().alias("n"),
                nw.len().alias("d"),
                (nw.col(_COUNT) == 1).cast(nw.Int64).sum().alias("s"),
            )
            .collect()
            .rows()[0]
        )
        n_present, n_distinct, singletons = (int(c or 0) for c in counts)
        return n_present, n_distinct, singletons, bool(finite) if finite is not None else True

    def group_counts(
        self, names: Sequence[str], *, edges: dict[str, FloatArray] | None = None
    ) -> CountTable:
        """Count the rows of each observed combination of values of `names` (nulls too).

        Columns listed in `edges` are first replaced by their bin index
        ``sum(value > edge)``, computed in the engine. The result holds one entry per
        observed combination (pulled as Arrow columns, never as Python objects).
        """
        import narwhals as nw

        edges = edges or {}
        keys = [f"k{i}" for i in range(len(names))]
        exprs = []
        for key, name in zip(keys, names, strict=True):
            value = self._value(name)
            if name in edges:
                terms = [(value > float(e)).cast(nw.Int64) for e in edges[name]]
                binned = functools.reduce(operator.add, terms) if terms else value * 0
                # pandas compares a missing value as False: keep it missing explicitly
                value = nw.when(~value.is_null()).then(binned)
            exprs.append(value.alias(key))
        table = (
            self.frame.select(exprs)
            .group_by(keys, drop_null_keys=False)
            .agg(nw.len().alias(_COUNT))
            .collect()
            .to_arrow()
        )
        return count_table_from_arrow(table, keys, _COUNT)

    def level_summary(self, name: str) -> tuple[int, int, int, float]:
        r"""Summarise the counts of the distinct values of `name` inside the engine.

        Returns ``(n_present, n_distinct, n_singletons, sum_c_log_c)`` (natural log), enough
        for the plug-in and Miller–Madow entropies of a column too large to pull, such as an
        identifier: one group-by aggregated again in the engine.
        """
        import narwhals as nw

        count = nw.col(_COUNT)
        row = (
            self.frame.select(self._value(name).alias("v"))
            .filter(~nw.col("v").is_null())
            .group_by("v")
            .agg(nw.len().alias(_COUNT))
            .select(
                count.sum().alias("n"),
                nw.len().alias("d"),
                (count == 1).cast(nw.Int64).sum().alias("s"),
                (count.cast(nw.Float64) * count.cast(nw.Float64).log()).sum().alias("l"),
            )
            .collect()
            .rows()[0]
        )
        n_present, n_distinct, singletons = (int(c or 0) for c in row[:3])
        return n_present, n_distinct, singletons, float(row[3] or 0.0)

    def range_of(self, name: str) -> tuple[float, float] | None:
        """Smallest and largest present value of a numeric column (None if all missing)."""
        value = self._value(name)
        low, high = (
            self.frame.select(value.min().alias("a"), value.max().alias("b")).collect().rows()[0]
        )
        if low is None or high is None:
            return None
        return float(low), float(high)

    def some_values(self, name: str, n: int = 200) -> list[Any]:
        """Up to `n` present values of `name` (the first the engine hands out)."""
        import narwhals as nw

        frame = self.frame.select(self._value(name).alias("v")).filter(~nw.col("v").is_null())
        return list(frame.head(n).collect().get_column("v").to_list())

    def sample(
        self, names: Sequence[str], *, n: int, n_rows: int, seed: int
    ) -> tuple[dict[str, np.ndarray[Any, Any]], str]:
        """Pull a seeded uniform sample of about `n` rows of `names`; say how it was drawn."""
        frame = self.frame.select([self._value(name).alias(name) for name in names])
        if n >= n_rows:
            collected = frame.collect()
            how = f"all {n_rows} rows"
        else:
            collected, how = _native_sample(frame, self.backend, n=n, n_rows=n_rows, seed=seed)
        data = {name: collected.get_column(name).to_numpy() for name in names}
        return data, how


def _native_sample(frame: Any, backend: str, *, n: int, n_rows: int, seed: int) -> tuple[Any, str]:
    import narwhals as nw

    fraction = n / n_rows
    native = frame.to_native()
    if backend == "duckdb":
        sampled = native.query(
            "t", f"SELECT * FROM t USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE ({seed})"
        )
        return nw.from_native(sampled).collect(), (
            f"uniform sample without replacement of {n} of {n_rows} rows "
            f"(DuckDB reservoir sampling, seed {seed})"
        )
    if backend == "dask":
        sampled = native.sample(frac=fraction, random_state=seed, replace=False)
        return nw.from_native(sampled.compute(), eager_only=True), (
            f"Bernoulli sample of each row with probability {fraction:.3g} of {n_rows} rows "
            f"(Dask, seed {seed})"
        )
    if backend == "pyspark":
        sampled = native.sample(withReplacement=False, fraction=fraction, seed=seed)
        return nw.from_native(sampled).collect(), (
            f"Bernoulli sample of each row with probability {fraction:.3g} of {n_rows} rows "
            f"(Spark, seed {seed})"
        )
    if backend == "polars":
        import polars as pl

        sampled = native.select(pl.all().sample(n=n, seed=seed))
        return nw.from_native(sampled).collect(), (
            f"uniform sample without replacement of {n} of {n_rows} rows (polars, seed {seed})"
        )
    eager = frame.collect()  # pandas, pyarrow and other eager frames are in memory already
    return eager.sample(n=n, seed=seed), (
        f"uniform sample without replacement of {n} of {n_rows} rows (seed {seed})"
    )


def _backend_name(frame: Any) -> str:
    implementation = frame.implementation
    name = str(getattr(implementation, "name", implementation)).lower()
    return {"pandas": "pandas", "pyspark": "pyspark", "pyarrow": "pyarrow"}.get(name, name)


def as_source(df: object, /) -> Source:
    """Wrap any dataframe narwhals knows as a lazy `Source`.

    Raises
    ------
    ArrayLibraryError
        If `df` is not a dataframe of a library narwhals supports.
    MissingDependencyError
        If narwhals is not installed.
    """
    nw = import_optional("narwhals", needed_by="profiling", extra="dataframe")

    try:
        with warnings.catch_warnings():
            # narwhals 2.x announces that Dask support moves to a plugin; it still works
            warnings.filterwarnings(
                "ignore", message="Dask support is moving", category=FutureWarning
            )
            frame = nw.from_native(cast(Any, df))
    except TypeError as error:
        if type(df).__name__ == "Series":
            msg = "`df` must be a dataframe; got a Series. Use `series.to_frame()`."
            raise ArrayLibraryError(msg) from error
        msg = (
            "`df` must be a pandas, polars, pyarrow, DuckDB, Dask or PySpark dataframe; got "
            f"{type(df).__module__}.{type(df).__name__}."
        )
        raise ArrayLibraryError(msg) from error
    if isinstance(frame, nw.Series):
        msg = "`df` must be a dataframe; got a Series. Use `series.to_frame()`."
        raise ArrayLibraryError(msg)
    backend = _backend_name(frame)
    lazy = frame.lazy() if isinstance(frame, nw.DataFrame) else frame
    schema = lazy.collect_schema()
    names = tuple(schema.names())
    if len(set(names)) != len(names):
        msg = f"`df` has repeated column names: {sorted(n for n in names if names.count(n) > 1)}."
        raise InvalidParameterError(msg)
    floats = frozenset(name for name, dtype in schema.items() if dtype.is_float())
    dtypes = {name: str(dtype) for name, dtype in schema.items()}
    return Source(
        frame=lazy, native=df, backend=backend, float_columns=floats, names=names, dtypes=dtypes
    )
