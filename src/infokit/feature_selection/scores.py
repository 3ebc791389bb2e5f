r"""Mutual information of each feature with a target, usable as a scikit-learn `score_func`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from infokit._validation import check_choice, check_int, make_rng
from infokit.errors import ShapeError
from infokit.estimators.discrete.engine import DISCRETE_METHODS, DiscreteMethod
from infokit.feature_selection._data import (
    Column,
    check_n_jobs,
    child_generators,
    prepare_column,
    prepare_target,
    raw_table,
    resolve_discrete_features,
    thread_map,
)
from infokit.feature_selection._pairs import (
    discrete_mutual_information,
    local_std_error,
    ross_terms,
)
from infokit.results import Estimate, unit_name
from infokit.units import resolve_base

__all__ = [
    "SCORE_METHODS",
    "MutualInformationScores",
    "mutual_information_scores",
    "prepare_inputs",
    "score_columns",
]

FloatArray = NDArray[np.float64]

#: Values of `method`: "auto", the kNN estimators, and the discrete estimators.
ScoreMethod = Literal["ksg", "ksg2", "ross"] | DiscreteMethod
SCORE_METHODS: tuple[str, ...] = (
    "auto",
    "ksg",
    "ksg2",
    "ross",
    *(m for m in DISCRETE_METHODS if m != "auto"),
)


@dataclass(frozen=True, eq=False)
class MutualInformationScores:
    """Mutual information of each feature with the target, with standard errors.

    Behaves as an array of the values: ``numpy.asarray(scores)`` is `values`, which is how
    scikit-learn's `SelectKBest` and `SelectPercentile` read it; ``scores[j]`` (an integer
    or a feature name) is the `~infokit.results.Estimate` of feature ``j``.

    Attributes
    ----------
    values : array of shape (n_features,)
        Estimates in units of `base`; kNN estimates may be slightly negative (not clamped).
    std_error : array of shape (n_features,)
        Standard errors in units of `base` (0 for constant features).
    methods : tuple of str
        Estimator used for each feature (``"ksg"``, ``"ross"``, a discrete method, or
        ``"constant"``).
    base : float
        Logarithm base of `values`.
    n_samples : int
        Number of samples.
    feature_names : tuple of str
        Column names of a DataFrame, else ``"x0"``, ``"x1"``, ...

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.feature_selection import mutual_information_scores
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, size=2000)
    >>> X = np.column_stack([y + rng.normal(size=2000), rng.normal(size=2000)])
    >>> scores = mutual_information_scores(X, y)
    >>> scores[0].method, bool(scores[0].value > 0.1), bool(abs(scores[1].value) < 0.02)
    ('ross', True, True)
    """

    values: FloatArray
    std_error: FloatArray
    methods: tuple[str, ...]
    base: float
    n_samples: int
    feature_names: tuple[str, ...]

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> NDArray[Any]:
        """Return the values, for ``numpy.asarray(scores)``."""
        values = self.values if dtype is None else self.values.astype(dtype)
        return values.copy() if copy else values

    def __len__(self) -> int:
        """Return the number of features."""
        return int(self.values.shape[0])

    def __getitem__(self, key: int | str) -> Estimate:
        """Return the estimate of one feature, by position or by name."""
        if isinstance(key, str):
            if key not in self.feature_names:
                msg = f"no feature named {key!r}; features are {list(self.feature_names)}."
                raise KeyError(msg)
            key = self.feature_names.index(key)
        index = int(key)
        return Estimate(
            value=float(self.values[index]),
            std_error=float(self.std_error[index]),
            method=self.methods[index],
            base=self.base,
            n_samples=self.n_samples,
            details={"feature": self.feature_names[index]},
        )

    def __repr__(self) -> str:
        """Show one line per feature (at most 10)."""
        lines = [f"MutualInformationScores({len(self)} features, {unit_name(self.base)}):"]
        for index in range(min(len(self), 10)):
            lines.append(f"  {self.feature_names[index]}: {self[index]!r}")
        if len(self) > 10:
            lines.append(f"  ... {len(self) - 10} more")
        return "\n".join(lines)


def discrete_method_of(method: str) -> str:
    """Return the discrete estimator that `method` stands for (its own name, or "auto")."""
    return method if method in DISCRETE_METHODS else "auto"


def _score_one(
    column: Column, target: Column, *, method: str, n_neighbors: int
) -> tuple[float, float, str]:
    """Value, standard error (nats) and method name for one feature that is not batched."""
    if column.constant:
        return 0.0, 0.0, "constant"
    if column.discrete and target.discrete:
        assert column.codes is not None
        assert target.codes is not None
        return discrete_mutual_information(
            column.codes, target.codes, method=discrete_method_of(method)
        )
    if target.discrete:
        assert target.codes is not None
        assert column.values is not None
        # Ross counts tied values at an atom itself (Gao et al.'s rule): it gets them unjittered
        values = column.values if column.untied is None else _dequantized(column.untied)
        terms = ross_terms(target.codes, values, n_neighbors=n_neighbors)
    else:
        assert column.codes is not None
        assert target.values is not None
        values = target.values if target.untied is None else _dequantized(target.untied)
        terms = ross_terms(column.codes, values, n_neighbors=n_neighbors)
    if terms.shape[0] == 0:
        return 0.0, 0.0, "ross"
    return float(terms.mean()), local_std_error(terms), "ross"


def prepare_inputs(
    x: object,
    y: object,
    *,
    discrete_features: object,
    discrete_target: object,
    n_neighbors: int,
    rng: object,
    threads: int,
) -> tuple[list[Column], Column, list[str]]:
    """Check and prepare every feature column and the target (columns in parallel)."""
    table = raw_table(x, name="X")
    flags = resolve_discrete_features(discrete_features, table)
    generator = make_rng(rng)
    if table.n_samples <= n_neighbors:
        msg = (
            f"kNN estimation with `n_neighbors`={n_neighbors} needs at least "
            f"{n_neighbors + 1} samples; got {table.n_samples} sample(s). Pass more samples or "
            "a smaller `n_neighbors`."
        )
        raise ShapeError(msg)
    target = prepare_target(
        y, discrete_target=discrete_target, n_samples=table.n_samples, generator=generator
    )
    generators = child_generators(generator, len(table.columns))

    def prepare(index: int) -> Column:
        return prepare_column(
            table.columns[index],
            discrete=flags[index],
            label=table.labels[index],
            generator=generators[index],
        )

    columns = thread_map(prepare, range(len(table.columns)), threads)
    return columns, target, table.names


def mutual_information_scores(
    X: object,  # noqa: N803 (scikit-learn's name for a feature matrix)
    y: object,
    /,
    *,
    discrete_features: bool | str | Any = "auto",
    discrete_target: bool | str = "auto",
    method: ScoreMethod = "auto",
    n_neighbors: int = 3,
    n_jobs: int | None = None,
    rng: int | np.random.Generator | None = None,
    base: float | str = math.e,
) -> MutualInformationScores:
    r"""Estimate the mutual information between each feature and the target.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features), pandas or polars DataFrame
        Features. Columns keep their own kind: DataFrame columns may mix floats, integers,
        strings and categoricals. SciPy sparse matrices are densified.
    y : array_like of shape (n_samples,)
        Target: class labels or continuous values.
    discrete_features : "auto", bool, boolean mask or array of indices, default="auto"
        Which features are discrete. ``"auto"`` decides per column by dtype: floating-point
        columns are continuous; integers, booleans, strings and categoricals are discrete.
        (scikit-learn's ``"auto"`` instead treats dense input as continuous: pass
        ``discrete_features=False`` to reproduce it for integer data.)
    discrete_target : "auto" or bool, default="auto"
        Whether `y` is discrete (class labels); ``"auto"``: by dtype, as above. Pass
        ``True`` for class labels stored as floats.
    method : str, default="auto"
        Estimator for the pairs it applies to; the other pairs use their automatic choice.
        Continuous feature and continuous target: ``"ksg"`` (KSG algorithm 1, the default)
        or ``"ksg2"``; with ``"auto"``, a pair where the feature or the target has real
        atoms (more than 5% of rows repeating a value off any grid, e.g. zero-inflated
        amounts) uses ``"stratified_ksg"`` (see `estimate_mutual_information`). One
        discrete and one continuous: ``"ross"`` (the only choice).
        Both discrete: a discrete estimator (``"plugin"``, ``"miller_madow"``,
        ``"chao_wang_jost"`` -- the default --, ``"nsb"``, ...; see
        `infokit.estimators.estimate_mutual_information`).
    n_neighbors : int, default=3
        k of the kNN estimators (3, as in scikit-learn and Kraskov et al.).
    n_jobs : int, optional
        Threads over features; ``None`` or -1: all cores. The kNN searches release the GIL.
    rng : int or numpy.random.Generator, optional
        Seeds the jitter that breaks ties in continuous columns; ``None`` is seed 0.
    base : float or str, default=math.e
        Logarithm base of the result (``2`` or ``"bits"`` for bits).

    Returns
    -------
    MutualInformationScores
        Per-feature estimates in units of `base` with standard errors; an array for NumPy
        (``numpy.asarray(scores)`` gives the values), so it can be passed as `score_func`
        to `SelectKBest` and `SelectPercentile`, which then rank by the values. (They read
        a tuple as ``(scores, p_values)``; standard errors are not p-values, so they are
        attributes instead: call the function directly to read them.)

    Raises
    ------
    InvalidParameterError
        For NaN (naming the column), infinite values, a target with one class or constant,
        a string column marked continuous, or a bad option.
    ShapeError
        If `X` is not 2-D, has no rows or columns, or `X` and `y` differ in length.

    Notes
    -----
    Per feature :math:`X_j` and target :math:`Y`, with :math:`\psi` the digamma function:

    - continuous :math:`X_j`, discrete :math:`Y`: Ross's estimator [1]_ (scikit-learn's
      `mutual_info_classif`), :math:`\hat I = \psi(N) + \langle\psi(k_i)\rangle -
      \langle\psi(N_{y_i})\rangle - \langle\psi(m_i)\rangle`;
    - continuous :math:`X_j` and :math:`Y`: KSG algorithm 1 [2]_ (`mutual_info_regression`),
      :math:`\hat I = \psi(k) + \psi(N) - \langle\psi(n_x + 1) + \psi(n_y + 1)\rangle`, on
      standardised columns;
    - discrete :math:`X_j`, continuous :math:`Y`: Ross's estimator with the roles swapped;
    - both discrete: a discrete estimator of :math:`H(X_j) + H(Y) - H(X_j, Y)`.

    Unlike scikit-learn, negative estimates are **not** clamped to 0: a value below 0 says
    the true MI is near 0 and shows the estimator's error, and clamping would bias sums and
    averages (as in mRMR). Constant features score exactly 0 with standard error 0.
    Continuous columns with repeated values get seeded Gaussian jitter of 1e-10 standard
    deviations for the batched KSG (scikit-learn jitters every column); Ross's estimator
    and the stratified KSG take them dequantised (values on a grid) or as atoms. The work
    is shared: the target is prepared (factorised or standardised, and sorted) once,
    continuous features against a continuous target go through
    `infokit.estimators.continuous.neighbors.ksg_mutual_information_many`, and features run on
    `n_jobs` threads.

    Standard errors: kNN estimators use the spread of their per-sample terms,
    :math:`\mathrm{sd}/\sqrt{N}` (fast; it ignores their correlation and under-estimates the
    error by 10-20%); discrete estimators the delta-method error of
    `infokit.estimators.estimate_mutual_information`.

    References
    ----------
    .. [1] B. C. Ross, "Mutual information between discrete and continuous data sets",
       *PLoS ONE* 9(2), e87357, 2014.
    .. [2] A. Kraskov, H. Stögbauer and P. Grassberger, "Estimating mutual information",
       *Phys. Rev. E* 69, 066138, 2004.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.feature_selection import SelectKBest
    >>> from infokit.feature_selection import mutual_information_scores
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 3, size=1000)
    >>> X = np.column_stack([rng.normal(size=1000), y + rng.normal(size=1000), y % 2])
    >>> scores = mutual_information_scores(X, y, discrete_features=[2])
    >>> scores.methods
    ('ross', 'ross', 'chao_wang_jost')
    >>> SelectKBest(mutual_information_scores, k=2).fit(X, y).get_support()
    array([False,  True,  True])
    """
    method_name = check_choice(method, SCORE_METHODS, name="method")
    k = check_int(n_neighbors, name="n_neighbors", minimum=1)
    threads = check_n_jobs(n_jobs)
    log_base = math.log(resolve_base(base))
    columns, target, names = prepare_inputs(
        X,
        y,
        discrete_features=discrete_features,
        discrete_target=discrete_target,
        n_neighbors=k,
        rng=rng,
        threads=threads,
    )
    values, errors, methods = score_columns(
        columns, target, method=method_name, n_neighbors=k, threads=threads
    )
    return MutualInformationScores(
        values=values / log_base,
        std_error=errors / log_base,
        methods=methods,
        base=resolve_base(base),
        n_samples=target.n_samples,
        feature_names=tuple(names),
    )


def score_columns(
    columns: list[Column], target: Column, *, method: str, n_neighbors: int, threads: int
) -> tuple[FloatArray, FloatArray, tuple[str, ...]]:
    """Values and standard errors (nats) and methods of each prepared column with the target."""
    k = n_neighbors
    method_name = method
    n_features = len(columns)
    values = np.zeros(n_features)
    errors = np.zeros(n_features)
    methods = ["constant"] * n_features
    batched = [] if target.discrete else [j for j, c in enumerate(columns) if not c.discrete]
    batched = [j for j in batched if not columns[j].constant]
    atoms: dict[int, tuple[FloatArray, FloatArray]] = {}
    if batched and method_name not in ("ksg", "ksg2"):
        # Real atoms (ties off a grid, e.g. zero-inflated amounts) in more than 5% of the
        # rows of a feature or of the target: the chain rule over the atoms, as
        # estimate_mutual_information's auto (jittered KSG is biased by up to -0.13 nats
        # when feature and target share their zeros, see accuracy_zero_inflated.py).
        target_smooth, target_atoms = _smoothed(target)
        for j in batched:
            smooth, feature_atoms = _smoothed(columns[j])
            if feature_atoms or target_atoms:
                atoms[j] = (smooth, target_smooth)
        batched = [j for j in batched if j not in atoms]
    if batched:
        values[batched], errors[batched] = _ksg_batch(
            [columns[j] for j in batched], target, method=method_name, n_neighbors=k,
            threads=threads,
        )  # fmt: skip
        for j in batched:
            methods[j] = "ksg2" if method_name == "ksg2" else "ksg"
    others = [j for j in range(n_features) if j not in set(batched)]

    def score(index: int) -> tuple[float, float, str]:
        if index in atoms:
            return _stratified(*atoms[index], n_neighbors=k)
        return _score_one(columns[index], target, method=method_name, n_neighbors=k)

    for index, (value, error, used) in zip(others, thread_map(score, others, threads), strict=True):
        values[index], errors[index], methods[index] = value, error, used
    return values, errors, tuple(methods)


def _ksg_batch(
    columns: list[Column], target: Column, *, method: str, n_neighbors: int, threads: int
) -> tuple[FloatArray, FloatArray]:
    """KSG of many continuous features against one continuous target, sharing its sort."""
    from infokit.estimators.continuous.neighbors import ksg_mutual_information_many

    features = np.column_stack([c.values for c in columns if c.values is not None])
    assert target.values is not None
    values, local_terms = ksg_mutual_information_many(
        features,
        target.values,
        n_neighbors=n_neighbors,
        algorithm=2 if method == "ksg2" else 1,
        n_jobs=threads,
    )
    n = local_terms.shape[0]
    errors = np.std(local_terms, axis=0, ddof=1) / math.sqrt(n)
    return np.asarray(values, dtype=np.float64), np.asarray(errors, dtype=np.float64)


def _smoothed(column: Column) -> tuple[FloatArray, bool]:
    """Return a continuous column's unjittered values and whether it has real atoms.

    Values on a grid are dequantised first; "atoms" means that more than 5% of the rows
    still repeat a value.
    """
    from infokit.estimators.continuous.mutual_information import MIXED_TIE_FRACTION
    from infokit.estimators.continuous.samples import tie_fraction

    assert column.values is not None
    if column.untied is None:
        return column.values, False
    smooth = _dequantized(column.untied)
    return smooth, tie_fraction(smooth[:, None]) > MIXED_TIE_FRACTION


def _stratified(
    feature: FloatArray, target: FloatArray, *, n_neighbors: int
) -> tuple[float, float, str]:
    """Stratified KSG of a feature and a target with atoms: value, local-term error, name."""
    from infokit.estimators.continuous.mixed import stratified_ksg_mutual_information

    value, terms = stratified_ksg_mutual_information(
        feature[:, None], target[:, None], n_neighbors=n_neighbors, workers=1
    )
    return value, local_std_error(terms), "stratified_ksg"


def _dequantized(values: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, Any]:
    """Values on a grid get uniform noise of one step (I unchanged); atoms stay tied."""
    from infokit.estimators.continuous.samples import dequantize_grid_columns

    return dequantize_grid_columns(values[:, None], np.random.default_rng(0))[:, 0]
