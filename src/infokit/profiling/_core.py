"""`profile_dataframe`: entropy and mutual information of every column of a dataframe."""

from __future__ import annotations

import difflib
import importlib
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from infokit._validation import check_choice, check_int
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators import estimate_entropy
from infokit.estimators.discrete.chance import expected_mutual_information
from infokit.estimators.kinds import discrete_from_summary
from infokit.profiling._counts import CountTable, pair_cells
from infokit.profiling._engines import FloatArray, Source, as_source
from infokit.profiling._estimates import (
    CountEstimates,
    entropy_from_counts,
    mutual_information_from_cells,
)
from infokit.profiling._identifiers import MIN_ROWS, TEXT_FRACTION, ValueType, identifier_reason
from infokit.profiling._progress import Progress, Reporter
from infokit.profiling._result import ColumnProfile, DataFrameProfile
from infokit.profiling._tables import (
    edges_of,
    permutation_p_value,
    present,
    sample_estimates,
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
PAIR_CELLS = 1_000_000  # pairs with more possible cells than this and than rows / 5: empty


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
    sample: int = 100_000,
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
        Test of independence with the target, on the exact counts of every row (quantile
        bins for continuous columns). ``"auto"``: the G-test where its chi-squared law holds
        by Cochran's rule (no expected cell count below 1, at most 20 % below 5), otherwise
        a permutation test on the count table (labels shuffled and recounted, sequential
        stopping; above 200,000 rows on a seeded sample of them); ``"g_test"``: always the
        G-test; ``"permutation"``: the count-table test for discrete pairs, shuffles of the
        sample for continuous columns.
    max_pairwise : int, default=20
        Number of most informative columns in the pairwise mutual information matrix.
    sample : int, default=100_000
        Size of the seeded uniform sample of rows pulled to the client for the kNN
        estimators of continuous columns; tables with at most this many rows use all of
        them (a kNN estimate with its error bar on 10^5 rows takes about 0.1 s).
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
    The expected plug-in MI of an independent column with the same margins,
    :math:`E[\hat I]` (exact, Vinh, Epps & Bailey 2010), grows with the cardinality; the
    columns are ranked by the MI above chance, :math:`\hat I_{\mathrm{plugin}} - E[\hat
    I]` (kNN estimates of continuous columns, unbiased under independence, rank by their
    value). Identifier-like columns (`infokit.profiling.identifier_reason`: unique per row,
    UUIDs, timestamps, free text) are counted but not ranked and not in the pairwise matrix
    unless `keep_identifiers`; their entropy comes from aggregates made in the engine.
    Count tables hold only the observed combinations, so memory grows with the rows, never
    with the product of two cardinalities.
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


def _value_type(source: Source, name: str, whole: bool) -> ValueType:
    import narwhals as nw

    dtype = source.frame.collect_schema()[name]
    if dtype == nw.Boolean:
        return "boolean"
    if dtype.is_integer() or (dtype.is_float() and whole):
        return "integer"
    if dtype.is_float():
        return "float"
    if dtype == nw.Datetime:
        return "datetime"
    if dtype == nw.Date:
        return "date"
    if dtype in (nw.String, nw.Categorical, nw.Enum) or dtype == nw.Object:
        return "string"
    return "other"


def _identifiers(
    source: Source, names: Sequence[str], summaries: dict[str, tuple[int, int]], n_rows: int
) -> dict[str, str]:
    """Apply `identifier_reason` to every profiled column; return the flagged ones' reasons."""
    reasons = {}
    for name in names:
        missing, distinct = summaries[name]
        present = n_rows - missing
        if present < MIN_ROWS or distinct < TEXT_FRACTION * present:
            continue  # no rule flags a column with fewer distinct values: skip the queries
        whole = False
        if name in source.float_columns:
            numeric = source.numeric_summary(name)
            whole = bool(numeric is not None and numeric[3])
        value_type = _value_type(source, name, whole)
        value_range = source.range_of(name) if value_type == "integer" else None
        values = source.some_values(name) if value_type == "string" else ()
        reason = identifier_reason(
            name=name,
            value_type=value_type,
            n_present=present,
            n_distinct=distinct,
            value_range=value_range,
            values=values,
        )
        if reason is not None:
            reasons[name] = reason
    return reasons


def _target_entropy(
    settings: _Settings,
    target_table: CountTable | None,
    summaries: dict[str, tuple[int, int]],
    samples: dict[str, np.ndarray[Any, Any]],
    n_rows: int,
) -> tuple[Estimate | None, int | None, tuple[str, ...]]:
    """H(target) from its counts, or from its sample when it is continuous."""
    target = settings.target
    if target is None:
        return None, None, ()
    if settings.target_discrete:
        assert target_table is not None
        marginal = target_table.marginal(0)
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
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = np.sort(y[present(y)].astype(np.float64))
        h = estimate_entropy(values, discrete=False, base=settings.base, rng=settings.seed)
    return h, cardinality, tuple(f"target {target!r}: {w.message}" for w in caught)


def _test_of_cells(
    cells: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], FloatArray],
    counted: CountEstimates,
    *,
    settings: _Settings,
    binned: bool,
) -> tuple[float, str, list[str]]:
    """Test a count table: the G-test where Cochran's rule holds, otherwise permutations."""
    suffix = "_binned" if binned else ""
    wanted = settings.test
    if wanted == "g_test" or (wanted == "auto" and counted.g_test_applies):
        notes = []
        if not counted.g_test_applies:
            notes.append(
                f"G-test asked for although {counted.small_expected_fraction:.0%} of the cells "
                "expect fewer than 5 rows; its chi-squared p-value is unreliable "
                "(test='auto' or test='permutation' shuffles the counts instead)."
            )
        return counted.p_value, f"g_test{suffix}", notes
    p_value, _, tested = permutation_p_value(
        *cells, n_permutations=settings.n_permutations, seed=settings.seed
    )
    notes = []
    if tested < counted.n_samples:
        notes.append(
            f"permutation test on a seeded uniform sample of {tested} of the "
            f"{counted.n_samples} rows (a valid test, with less power than all rows)."
        )
    return p_value, f"permutation{suffix}", notes


def _identifier_profile(
    name: str, discrete: bool, reason: str, *, settings: _Settings, source: Source, n_rows: int
) -> ColumnProfile:
    """Profile an identifier from aggregates made in the engine (counts and entropy)."""
    n_present, n_distinct, _, c_log_c = source.level_summary(name)
    scale = math.log(settings.base)
    entropy = None
    method = "plugin" if settings.method == "plugin" else "miller_madow"
    if n_present > 0:
        plugin = max(math.log(n_present) - c_log_c / n_present, 0.0)
        correction = 0.0 if method == "plugin" else (n_distinct - 1) / (2.0 * n_present)
        entropy = (plugin + correction) / scale
    return ColumnProfile(
        name=name,
        kind="discrete" if discrete else "continuous",
        dtype=source.dtypes[name],
        count=n_present,
        missing=n_rows - n_present,
        cardinality=n_distinct,
        entropy=entropy,
        entropy_std_error=None,
        entropy_method=method,
        binned_entropy=entropy,
        identifier=reason,
    )


def _column_profile(
    name: str,
    discrete: bool,
    table: CountTable,
    *,
    settings: _Settings,
    source: Source,
    summaries: dict[str, tuple[int, int]],
    samples: dict[str, np.ndarray[Any, Any]],
    target_entropy: float | None,
    n_rows: int,
    identifier: str | None,
) -> ColumnProfile:
    """Profile one column from its sparse count table (and the sample, if continuous)."""
    target = settings.target
    marginal, missing = table.marginal(0), table.missing(0)
    binned, notes = entropy_from_counts(marginal, method=settings.method, base=settings.base)
    values: dict[str, Any] = {
        "entropy": binned.value,
        "entropy_std_error": binned.std_error,
        "entropy_method": binned.method,
        "binned_entropy": binned.value,
    }
    column_notes = list(notes)
    counted_exactly = discrete and settings.target_discrete
    if target is not None:
        cells = pair_cells(table)
        if cells[2].sum() >= 2:
            counted = mutual_information_from_cells(
                *cells, method=settings.method, base=settings.base
            )
            column_notes.extend(counted.notes)
            values["binned_mutual_information"] = counted.value
            use_sample = settings.test == "permutation" and not counted_exactly
            if not use_sample:
                p_value, test, test_notes = _test_of_cells(
                    cells, counted, settings=settings, binned=not counted_exactly
                )
                column_notes.extend(test_notes)
                values.update(p_value=p_value, test=test)
            if counted_exactly:
                values.update(
                    mutual_information=counted.value,
                    mutual_information_std_error=counted.std_error,
                    mutual_information_method=settings.method,
                    n_pairs=counted.n_samples,
                    expected_mutual_information=counted.expected,
                    mutual_information_above_chance=counted.above_chance,
                )
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
        if values.get("mutual_information") is not None:
            chance = values.get("expected_mutual_information") or 0.0
            values["mutual_information_above_chance"] = values["mutual_information"] - chance
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
        identifier=identifier,
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
    every = [*names, *([target] if target is not None else [])]
    n_rows, summaries = source.scan_summary(every)
    reporter.step("counting rows")
    if n_rows < 2:
        msg = f"`df` must have at least 2 rows to profile; got {n_rows}."
        raise ShapeError(msg)
    empty = [n for n in every if summaries[n][0] == n_rows]
    if empty:
        shown = ", ".join(repr(n) for n in empty)
        msg = (
            f"column(s) {shown} hold only missing values; leave them out with `columns=` "
            "(`--columns` on the command line)."
        )
        raise InvalidParameterError(msg)
    identifiers = _identifiers(source, names, summaries, n_rows)
    skipped = set() if settings.keep_identifiers else set(identifiers)
    kept = [n for n in names if n not in skipped]
    continuous = [n for n in kept if not kinds[n]]
    measured = [*continuous, *([target] if target and not settings.target_discrete else [])]

    # the sample: the continuous columns and the target; for a continuous target, all
    sampled = [*continuous, *([target] if target is not None else [])]
    if target is not None and not settings.target_discrete:
        sampled = [*kept, target]
    samples: dict[str, np.ndarray[Any, Any]] = {}
    how: str | None = None
    if continuous or (target is not None and not settings.target_discrete):
        samples, how = source.sample(sampled, n=sample, n_rows=n_rows, seed=settings.seed)
    edges = {n: edges_of(samples[n], n_bins) for n in measured if n in samples}
    reporter.step("sampling continuous columns")

    target_table = None
    if target is not None and settings.target_discrete:
        target_table = source.group_counts([target])
    h_target, target_cardinality, notes = _target_entropy(
        settings, target_table, summaries, samples, n_rows
    )
    profiles = []
    for name in names:
        if name in skipped:
            profiles.append(
                _identifier_profile(
                    name,
                    kinds[name],
                    identifiers[name],
                    settings=settings,
                    source=source,
                    n_rows=n_rows,
                )
            )
        else:
            keys = [name] if target is None else [name, target]
            profiles.append(
                _column_profile(
                    name,
                    kinds[name],
                    source.group_counts(keys, edges=edges),
                    settings=settings,
                    source=source,
                    summaries=summaries,
                    samples=samples,
                    target_entropy=None if h_target is None else h_target.value,
                    n_rows=n_rows,
                    identifier=identifiers.get(name),
                )
            )
        reporter.step(f"counting {name}")
    profiles = _ranked(profiles, keep_identifiers=settings.keep_identifiers)
    pairwise_names, matrix, skipped_pairs = _pairwise(
        source,
        [p for p in profiles if settings.keep_identifiers or p.identifier is None],
        edges=edges,
        method=settings.method,
        base=settings.base,
        limit=max_pairwise,
        reporter=reporter,
        n_rows=n_rows,
    )
    if skipped_pairs:
        shown = ", ".join(skipped_pairs[:5]) + (", ..." if len(skipped_pairs) > 5 else "")
        notes = (
            *notes,
            f"pairwise MI left empty for {len(skipped_pairs)} pair(s) ({shown}): their "
            f"categories make more cells than a fifth of the {n_rows} rows, so the MI would "
            "measure chance.",
        )
    if identifiers and not settings.keep_identifiers:
        shown = ", ".join(repr(n) for n in identifiers)
        notes = (
            *notes,
            f"identifier-like column(s) {shown} are profiled but kept out of the ranking and "
            "the pairwise matrix; keep_identifiers=True ranks them.",
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
        n_permutations=settings.n_permutations,
        notes=tuple(dict.fromkeys(notes)),
    )


def _ranked(profiles: list[ColumnProfile], *, keep_identifiers: bool) -> list[ColumnProfile]:
    """Order by MI above chance (identifiers last and unranked unless kept)."""
    import dataclasses

    def rankable(column: ColumnProfile) -> bool:
        score = column.mutual_information_above_chance
        return score is not None and (keep_identifiers or column.identifier is None)

    def key(column: ColumnProfile) -> tuple[int, float, str]:
        if rankable(column):
            return (0, -(column.mutual_information_above_chance or 0.0), column.name)
        if column.identifier is None:
            return (1, -(column.binned_entropy or 0.0), column.name)
        return (2, 0.0, column.name)

    ordered = sorted(profiles, key=key)
    ranked = []
    for position, column in enumerate(ordered, start=1):
        rank = position if rankable(column) else None
        ranked.append(dataclasses.replace(column, rank=rank))
    return ranked


def _chance_level(
    cells: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], FloatArray],
    counted: CountEstimates,
    *,
    base: float,
) -> float:
    """Return E[plug-in MI] under independence: chi-squared mean under Cochran's rule, else exact.

    With every expected count large, :math:`E[I] = (R-1)(C-1)/2N + O(N^{-2})`; the exact
    sum (`expected_mutual_information`) is kept for the sparse tables where it matters.
    """
    if counted.g_test_applies:
        return counted.degrees_of_freedom / (2.0 * counted.n_samples) / math.log(base)
    x, y, counts = cells
    rows, columns = np.bincount(x, weights=counts), np.bincount(y, weights=counts)
    return expected_mutual_information(rows[rows > 0], columns[columns > 0], base=base)


def _pairwise(
    source: Source,
    profiles: list[ColumnProfile],
    *,
    edges: dict[str, FloatArray],
    method: str,
    base: float,
    limit: int,
    reporter: Reporter,
    n_rows: int,
) -> tuple[list[str], tuple[tuple[float, ...], ...], tuple[str, ...]]:
    chosen = list(profiles[:limit])
    k = len(chosen)
    if k < 2:
        return [], (), ()
    skipped: list[str] = []
    matrix = np.zeros((k, k))
    levels = [len(edges[c.name]) + 1 if c.name in edges else max(c.cardinality, 1) for c in chosen]
    for i, column in enumerate(chosen):
        matrix[i, i] = column.binned_entropy if column.binned_entropy is not None else math.nan
    for i in range(k):
        for j in range(i + 1, k):
            names = [chosen[i].name, chosen[j].name]
            cells_bound = levels[i] * levels[j]
            if cells_bound > max(n_rows / 5, PAIR_CELLS):
                # under 5 rows per cell (Cochran's bound): the MI of such a table measures
                # chance, and its count table would be as large as the data
                matrix[i, j] = matrix[j, i] = math.nan
                skipped.append(f"{names[0]} x {names[1]}")
                reporter.step(f"pairwise {names[0]} x {names[1]} (skipped)")
                continue
            cells = pair_cells(source.group_counts(names, edges=edges))
            value = math.nan
            if cells[2].sum() >= 2:
                counted = mutual_information_from_cells(
                    *cells, method=method, base=base, chance=False
                )
                value = counted.plugin - _chance_level(cells, counted, base=base)
            matrix[i, j] = matrix[j, i] = value
            reporter.step(f"pairwise {names[0]} x {names[1]}")
    names = [c.name for c in chosen]
    return names, tuple(tuple(float(v) for v in row) for row in matrix), tuple(skipped)
