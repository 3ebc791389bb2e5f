"""`profile_dataframe`: entropy and mutual information of every column of a dataframe."""

from __future__ import annotations

import difflib
import importlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from infokit._validation import check_choice, check_int
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators import estimate_entropy
from infokit.estimators.kinds import discrete_from_summary
from infokit.profiling._engines import FloatArray, Source, as_source
from infokit.profiling._estimates import entropy_from_counts, mutual_information_from_table
from infokit.profiling._progress import Progress, Reporter
from infokit.profiling._result import ColumnProfile, DataFrameProfile
from infokit.profiling._tables import (
    edges_of,
    permutation_p_value,
    present,
    sample_estimates,
    split_table,
)
from infokit.results import Estimate
from infokit.units import resolve_base

__all__ = ["profile_dataframe"]

CountMethod = Literal[
    "auto", "plugin", "miller_madow", "grassberger", "chao_shen", "chao_wang_jost", "james_stein"
]
_METHODS = (
    "auto",
    "plugin",
    "miller_madow",
    "grassberger",
    "chao_shen",
    "chao_wang_jost",
    "james_stein",
)
_TESTS = ("auto", "g_test", "permutation")


def _unknown_column(name: object, names: Sequence[str], *, argument: str) -> InvalidParameterError:
    close = difflib.get_close_matches(str(name), list(names), n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    shown = ", ".join(repr(n) for n in names[:12]) + (", ..." if len(names) > 12 else "")
    msg = f"`{argument}` must name a column of `df`; got {name!r}.{hint} Columns: {shown}."
    return InvalidParameterError(msg)


def _seed_of(rng: object) -> int:
    if rng is None:
        return 0
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**31 - 1))
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or rng < 0:
        msg = f"`rng` must be None, a non-negative integer seed or a numpy Generator; got {rng!r}."
        raise InvalidParameterError(msg)
    return int(rng)


def _check_mixed_types(source: Source, names: Sequence[str]) -> None:
    """Refuse pandas object columns that mix types (e.g. numbers and strings)."""
    if source.backend != "pandas":
        return  # the other engines hold one type per column
    pd = importlib.import_module("pandas")  # only reached for pandas input
    for name in names:
        series = source.native[name]
        if series.dtype != object:
            continue
        inferred = pd.api.types.infer_dtype(series, skipna=True)
        if inferred.startswith("mixed") and inferred != "mixed-integer-float":
            types = sorted({type(v).__name__ for v in series.dropna().head(1000)})
            msg = (
                f"column `{name}` mixes types ({', '.join(types)}); convert it to one type, "
                f"e.g. `df[{name!r}] = df[{name!r}].astype(str)`."
            )
            raise InvalidParameterError(msg)


def _validate_columns(
    source: Source, target: str | None, columns: Sequence[str] | None
) -> list[str]:
    names = source.names
    if target is not None and target not in names:
        raise _unknown_column(target, names, argument="target")
    if columns is None:
        chosen = [n for n in names if n != target]
    else:
        if isinstance(columns, str):
            columns = [columns]
        for name in columns:
            if name not in names:
                raise _unknown_column(name, names, argument="columns")
        chosen = [n for n in dict.fromkeys(columns) if n != target]
    if not chosen:
        msg = "`columns` must leave at least one column besides the target; got none."
        raise InvalidParameterError(msg)
    return chosen


def _kinds(
    source: Source, names: Sequence[str], discrete: Mapping[str, bool] | None
) -> dict[str, bool]:
    overrides = dict(discrete or {})
    for name, flag in overrides.items():
        if name not in source.names:
            raise _unknown_column(name, source.names, argument="discrete")
        if not isinstance(flag, bool | np.bool_):
            msg = f"`discrete` must map column names to True/False; got {flag!r} for {name!r}."
            raise InvalidParameterError(msg)
    return {n: bool(overrides[n]) if n in overrides else _is_discrete(source, n) for n in names}


def _is_discrete(source: Source, name: str) -> bool:
    """Apply the discreteness rule of `infokit.estimators.kinds` to counts made in the engine."""
    summary = source.numeric_summary(name)
    if summary is None:  # strings, booleans, categoricals, dates: labels
        return True
    n_present, n_distinct, singletons, whole = summary
    return discrete_from_summary(
        n_present=n_present, n_distinct=n_distinct, n_singletons=singletons, whole_numbers=whole
    )


def profile_dataframe(
    df: object,
    /,
    *,
    target: str | None = None,
    columns: Sequence[str] | None = None,
    discrete: Mapping[str, bool] | None = None,
    base: float | str = math.e,
    method: CountMethod = "auto",
    test: Literal["auto", "g_test", "permutation"] = "auto",
    max_pairwise: int = 20,
    sample: int = 10_000,
    n_bins: int = 10,
    n_permutations: int = 200,
    rng: int | np.random.Generator | None = None,
    progress: bool | Progress = False,
    keep_identifiers: bool = False,
) -> DataFrameProfile:
    r"""Profile the information in each column of `df` and what it tells about `target`.

    Parameters
    ----------
    df : dataframe
        A pandas, polars (eager or lazy), pyarrow, DuckDB, Dask or PySpark dataframe, used as
        it is: discrete columns are counted by group-by inside its engine.
    target : str, optional
        Column to explain. Without it, only entropies and the pairwise matrix are computed.
    columns : sequence of str, optional
        Columns to profile (default: all but `target`).
    discrete : mapping of str to bool, optional
        Overrides of the column kinds; by default floating point columns are continuous and
        every other type (integers, strings, booleans, categoricals, dates) discrete.
    base : float or str, default=math.e
        Logarithm base or unit name (``2``/``"bits"``, ``math.e``/``"nats"``).
    method : str, default="auto"
        Entropy estimator of the count tables (``"auto"`` is ``"miller_madow"``), used for
        the marginal and joint entropies alike.
    test : {"auto", "g_test", "permutation"}, default="auto"
        Test of independence with the target. ``"auto"`` and ``"g_test"``: the G-test on the
        exact counts (quantile bins for continuous columns); ``"permutation"``: shuffles of
        the counted rows (discrete) or of the sample (continuous).
    max_pairwise : int, default=20
        Number of most informative columns in the pairwise mutual information matrix.
    sample : int, default=10_000
        Size of the seeded uniform sample of rows pulled to the client for the kNN
        estimators of continuous columns.
    n_bins : int, default=10
        Quantile bins of continuous columns for the pairwise matrix and binned G-test.
    n_permutations : int, default=200
        Shuffles of the permutation test.
    rng : int or numpy.random.Generator, optional
        Seed of the sample and of the permutations (``None``: seed 0, so that profiles are
        reproducible).
    progress : bool or callable, default=False
        ``True`` shows a rich progress bar once the scans take over a second; a callable
        ``f(description, done, total)`` is called after each scan.
    keep_identifiers : bool, default=False
        Rank identifier-like columns and put them in the pairwise matrix too (by default
        they are flagged and profiled, but kept out of both).

    Returns
    -------
    DataFrameProfile
        Per-column counts, entropies and mutual information (units of `base`) with standard
        errors, p-values, uncertainty coefficients and ranks, plus the pairwise matrix.

    Raises
    ------
    InvalidParameterError
        Unknown `target` or column (close names are suggested), a target with one value, an
        all-missing column, a column of mixed types, or a bad option.

    Notes
    -----
    For discrete X and Y the engine counts the pairs :math:`n_{xy}` once, and
    :math:`\hat I(X; Y) = \hat H(X) + \hat H(Y) - \hat H(X, Y)` with the same estimator
    (Miller–Madow by default: :math:`\hat H_{\mathrm{MM}} = \hat H_{\mathrm{plugin}} +
    (K-1)/2N`). Its standard error is the delta-method one. G-test:
    :math:`G = 2N\hat I_{\mathrm{plugin}} \sim \chi^2_{(|X|-1)(|Y|-1)}` under independence.
    The uncertainty coefficient :math:`U(Y \mid X) = I(X; Y)/H(Y) \in [0, 1]` is the
    fraction of the target's entropy that X removes; :math:`H(Y)` is the log loss of the
    best constant prediction of Y, the baseline every column is measured against.
    Continuous columns use the estimators of `infokit.estimators` (differential entropy,
    KSG/Ross mutual information) on a seeded uniform sample of `sample` rows; their error
    bars are those of an estimate from that many rows, so they include the sampling
    variation. Their quantile bins (edges from the sample, counts over all rows in the
    engine) give the G-test and the pairwise matrix.

    References
    ----------
    .. [1] G. A. Miller, "Note on the bias of information estimates", 1955.
    .. [2] H. Theil, "On the estimation of relationships involving qualitative variables",
       *American Journal of Sociology* 76, 1970 (uncertainty coefficient).
    .. [3] B. C. Ross, "Mutual information between discrete and continuous data sets",
       *PLoS ONE* 9, 2014.

    Examples
    --------
    >>> import pandas as pd
    >>> from infokit.profiling import profile_dataframe
    >>> df = pd.DataFrame({"x": [0, 0, 1, 1] * 25, "noise": [0, 1] * 50, "y": [0, 0, 1, 1] * 25})
    >>> profile = profile_dataframe(df, target="y", base="bits", method="plugin")
    >>> [(c.name, round(c.mutual_information, 6), c.rank) for c in profile.columns]
    [('x', 1.0, 1), ('noise', 0.0, 2)]
    >>> round(profile.target_entropy, 12)
    1.0
    """
    base_value = resolve_base(base)
    method = check_choice(method, _METHODS, name="method")  # type: ignore[assignment]
    test = check_choice(test, _TESTS, name="test")  # type: ignore[assignment]
    max_pairwise = check_int(max_pairwise, name="max_pairwise", minimum=0)
    sample = check_int(sample, name="sample", minimum=10)
    n_bins = check_int(n_bins, name="n_bins", minimum=2)
    n_permutations = check_int(n_permutations, name="n_permutations", minimum=1)
    seed = _seed_of(rng)
    count_method = "miller_madow" if method == "auto" else method

    source = as_source(df)
    if target is not None and not isinstance(target, str):
        msg = f"`target` must be a column name (str); got {target!r}."
        raise InvalidParameterError(msg)
    names = _validate_columns(source, target, columns)
    every = [*names, target] if target is not None else list(names)
    _check_mixed_types(source, every)
    kinds = _kinds(source, every, discrete)
    target_discrete = kinds[target] if target is not None else True

    k = min(max_pairwise, len(names))
    reporter = Reporter(progress, total=2 + len(names) + k * (k - 1) // 2)
    try:
        settings = _Settings(
            target=target,
            target_discrete=target_discrete,
            base=base_value,
            method=count_method,
            test=test,
            n_permutations=n_permutations,
            seed=seed,
            keep_identifiers=bool(keep_identifiers),
        )
        return _profile(
            source,
            names,
            kinds,
            settings=settings,
            max_pairwise=max_pairwise,
            sample=sample,
            n_bins=n_bins,
            reporter=reporter,
        )
    finally:
        reporter.close()


@dataclass(frozen=True)
class _Settings:
    """Checked options shared by every step of a profile."""

    target: str | None
    target_discrete: bool
    base: float
    method: str
    test: str
    n_permutations: int
    seed: int
    keep_identifiers: bool = False


def _target_entropy(
    settings: _Settings,
    first_table: tuple[list[tuple[Any, ...]], FloatArray],
    summaries: dict[str, tuple[int, int]],
    samples: dict[str, np.ndarray[Any, Any]],
    n_rows: int,
) -> tuple[Estimate | None, int | None, tuple[str, ...]]:
    """H(target) from its counts (they come with the first column's group-by) or its sample."""
    target = settings.target
    if target is None:
        return None, None, ()
    labels, counts = first_table
    if settings.target_discrete:
        flipped = [(label[1],) for label in labels]
        marginal, _, _ = split_table(flipped, counts, paired=False)
        cardinality = int(marginal.size)
    else:
        cardinality = summaries[target][1]
    if cardinality < 2:
        msg = (
            f"`target` must take at least 2 values to be explained; column {target!r} "
            f"has {cardinality} value(s) in {n_rows} rows."
        )
        raise InvalidParameterError(msg)
    if settings.target_discrete:
        h, notes = entropy_from_counts(marginal, method=settings.method, base=settings.base)
        return h, cardinality, notes
    y = samples[target]
    h = estimate_entropy(y[present(y)].astype(np.float64), discrete=False, base=settings.base)
    return h, cardinality, ()


def _column_profile(
    name: str,
    discrete: bool,
    table_entry: tuple[list[tuple[Any, ...]], FloatArray],
    *,
    settings: _Settings,
    source: Source,
    summaries: dict[str, tuple[int, int]],
    samples: dict[str, np.ndarray[Any, Any]],
    target_entropy: float | None,
    n_rows: int,
) -> ColumnProfile:
    """Profile one column from its count table (and the sample, if continuous)."""
    target = settings.target
    labels, counts = table_entry
    marginal, table, missing = split_table(labels, counts, paired=target is not None)
    binned, notes = entropy_from_counts(marginal, method=settings.method, base=settings.base)
    values: dict[str, Any] = {
        "entropy": binned.value,
        "entropy_std_error": binned.std_error,
        "entropy_method": binned.method,
        "binned_entropy": binned.value,
    }
    column_notes = list(notes)
    counted_exactly = discrete and settings.target_discrete
    if target is not None and table.size and table.sum() >= 2:
        counted = mutual_information_from_table(table, method=settings.method, base=settings.base)
        column_notes.extend(counted.notes)
        values.update(
            binned_mutual_information=counted.value,
            p_value=counted.p_value,
            test="g_test" if counted_exactly else "g_test_binned",
        )
        if counted_exactly:
            values.update(
                mutual_information=counted.value,
                mutual_information_std_error=counted.std_error,
                mutual_information_method=settings.method,
                n_pairs=counted.n_samples,
            )
            if settings.test == "permutation":
                values["p_value"] = permutation_p_value(
                    table, n_permutations=settings.n_permutations, seed=settings.seed
                )
                values["test"] = "permutation"
    if not discrete or (target is not None and not settings.target_discrete):
        from_sample = sample_estimates(
            samples[name],
            samples[target] if target is not None else None,
            x_discrete=discrete,
            y_discrete=settings.target_discrete,
            base=settings.base,
            test=settings.test,
            n_permutations=settings.n_permutations,
            seed=settings.seed,
        )
        column_notes.extend(from_sample.pop("notes"))
        values.update(from_sample)
        values["sampled"] = True
    mi = values.get("mutual_information")
    uncertainty = None
    if mi is not None and settings.target_discrete and target_entropy:
        uncertainty = mi / target_entropy
    return ColumnProfile(
        name=name,
        kind="discrete" if discrete else "continuous",
        dtype=source.dtypes[name],
        count=n_rows - missing,
        missing=missing,
        cardinality=int(marginal.size) if discrete else summaries[name][1],
        uncertainty_coefficient=uncertainty,
        notes=tuple(dict.fromkeys(column_notes)),
        **values,
    )


def _sample_description(how: str | None, n_bins: int) -> str | None:
    if how is None:
        return None
    return (
        f"{how}. Continuous columns' entropies and mutual information come from these "
        "rows, so their error bars are those of an estimate from this many rows and "
        "include the sampling variation; p-values and the pairwise matrix count all "
        f"rows, continuous columns cut at {n_bins}-quantiles of the sample."
    )


def _profile(
    source: Source,
    names: list[str],
    kinds: dict[str, bool],
    *,
    settings: _Settings,
    max_pairwise: int,
    sample: int,
    n_bins: int,
    reporter: Reporter,
) -> DataFrameProfile:
    target = settings.target
    continuous = [n for n in names if not kinds[n]]
    measured = [*continuous, *([target] if target and not settings.target_discrete else [])]
    n_rows, summaries = source.scan_summary(measured)
    reporter.step("counting rows")
    if n_rows < 2:
        msg = f"`df` must have at least 2 rows to profile; got {n_rows}."
        raise ShapeError(msg)
    empty = [n for n, (missing, _) in summaries.items() if missing == n_rows]

    # the sample: the continuous columns and the target; for a continuous target, all
    sampled = [*continuous, *([target] if target is not None else [])]
    if target is not None and not settings.target_discrete:
        sampled = [*names, target]
    samples: dict[str, np.ndarray[Any, Any]] = {}
    how: str | None = None
    if (continuous or (target is not None and not settings.target_discrete)) and not empty:
        samples, how = source.sample(sampled, n=sample, n_rows=n_rows, seed=settings.seed)
    edges = {n: edges_of(samples[n], n_bins) for n in measured if n in samples}
    reporter.step("sampling continuous columns")

    # one group-by per column, with the target: the target's counts come with the first
    tables = {}
    for name in names:
        keys = [name] if target is None else [name, target]
        tables[name] = source.group_counts(keys, edges=edges)
        reporter.step(f"counting {name}")
    for name in names:
        if name not in empty and split_table(*tables[name], paired=False)[2] == n_rows:
            empty.append(name)
    if target is not None and settings.target_discrete:
        labels, counts = tables[names[0]]
        if split_table([(label[1],) for label in labels], counts, paired=False)[2] == n_rows:
            empty.append(target)
    if empty:
        shown = ", ".join(repr(n) for n in empty)
        msg = (
            f"column(s) {shown} hold only missing values; leave them out with `columns=` "
            "(`--columns` on the command line)."
        )
        raise InvalidParameterError(msg)

    h_target, target_cardinality, notes = _target_entropy(
        settings, tables[names[0]], summaries, samples, n_rows
    )
    profiles = [
        _column_profile(
            name,
            kinds[name],
            tables[name],
            settings=settings,
            source=source,
            summaries=summaries,
            samples=samples,
            target_entropy=None if h_target is None else h_target.value,
            n_rows=n_rows,
        )
        for name in names
    ]
    profiles = _ranked(profiles)
    pairwise_names, matrix = _pairwise(
        source,
        profiles,
        edges=edges,
        method=settings.method,
        base=settings.base,
        limit=max_pairwise,
        reporter=reporter,
    )
    return DataFrameProfile(
        columns=tuple(profiles),
        target=target,
        target_kind=None
        if target is None
        else ("discrete" if settings.target_discrete else "continuous"),
        target_entropy=None if h_target is None else h_target.value,
        target_entropy_std_error=None if h_target is None else h_target.std_error,
        target_cardinality=target_cardinality,
        n_rows=n_rows,
        base=settings.base,
        engine=source.backend,
        method=settings.method,
        pairwise_columns=tuple(pairwise_names),
        pairwise=matrix,
        sample_description=_sample_description(how, n_bins),
        n_sampled=len(next(iter(samples.values()))) if samples else 0,
        n_bins=n_bins,
        keep_identifiers=settings.keep_identifiers,
        notes=tuple(dict.fromkeys(notes)),
    )


def _ranked(profiles: list[ColumnProfile]) -> list[ColumnProfile]:
    import dataclasses

    def key(column: ColumnProfile) -> tuple[int, float, str]:
        mi = column.mutual_information
        if mi is not None:
            return (0, -mi, column.name)
        return (1, -(column.binned_entropy or 0.0), column.name)

    ordered = sorted(profiles, key=key)
    ranked = []
    for position, column in enumerate(ordered, start=1):
        rank = position if column.mutual_information is not None else None
        ranked.append(dataclasses.replace(column, rank=rank))
    return ranked


def _pairwise(
    source: Source,
    profiles: list[ColumnProfile],
    *,
    edges: dict[str, FloatArray],
    method: str,
    base: float,
    limit: int,
    reporter: Reporter,
) -> tuple[list[str], tuple[tuple[float, ...], ...]]:
    chosen = list(profiles[:limit])
    k = len(chosen)
    if k < 2:
        return [], ()
    matrix = np.zeros((k, k))
    for i, column in enumerate(chosen):
        matrix[i, i] = column.binned_entropy if column.binned_entropy is not None else math.nan
    for i in range(k):
        for j in range(i + 1, k):
            names = [chosen[i].name, chosen[j].name]
            labels, counts = source.group_counts(names, edges=edges)
            _, table, _ = split_table(labels, counts, paired=True)
            value = math.nan
            if table.sum() >= 2:
                value = mutual_information_from_table(table, method=method, base=base).value
            matrix[i, j] = matrix[j, i] = value
            reporter.step(f"pairwise {names[0]} x {names[1]}")
    return [c.name for c in chosen], tuple(tuple(float(v) for v in row) for row in matrix)
