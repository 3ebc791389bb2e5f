r"""Greedy forward feature selection by mutual information: mRMR, JMI, CMIM."""

from __future__ import annotations

import numbers
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from infokit._validation import check_choice, check_int
from infokit.errors import InvalidParameterError, MissingDependencyError
from infokit.feature_selection._data import check_n_jobs
from infokit.feature_selection._greedy import PairCache, greedy
from infokit.feature_selection.scores import (
    prepare_inputs,
    score_columns,
)

try:
    from sklearn.base import BaseEstimator
    from sklearn.feature_selection import SelectorMixin
    from sklearn.utils.validation import check_is_fitted, validate_data
except ImportError as error:  # pragma: no cover - exercised only without scikit-learn
    msg = "feature selection needs scikit-learn: `pip install 'infokit[sklearn]'`"
    raise MissingDependencyError(msg) from error

__all__ = ["KNN_BUDGET", "METHODS", "STRATEGIES", "MutualInformationSelector"]

FloatArray = NDArray[np.float64]
Strategy = Literal["mrmr", "jmi", "cmim", "mi"]
STRATEGIES: tuple[str, ...] = ("mrmr", "jmi", "cmim", "mi")
SelectorMethod = Literal["auto", "knn", "gaussian_copula"]
METHODS: tuple[str, ...] = ("auto", "knn", "gaussian_copula")
#: ``method="auto"`` uses kNN estimators while n_samples * n_features * (k - 1) stays below
#: this (about 5-10 s of pairwise kNN estimates on 2 cores), the Gaussian copula above it.
KNN_BUDGET = 4_000_000


class MutualInformationSelector(SelectorMixin, BaseEstimator):  # type: ignore[misc]
    r"""Select features by greedy forward selection on mutual information criteria.

    Parameters
    ----------
    n_features_to_select : int or float, default=0.5
        Number of features to keep; a float in (0, 1] is a fraction of the features
        (rounded, at least one).
    strategy : {"mrmr", "jmi", "cmim", "mi"}, default="mrmr"
        Selection criterion (see Notes); ``"mi"`` ranks by relevance alone.
    method : {"auto", "knn", "gaussian_copula"}, default="auto"
        Estimator of the continuous terms. ``"knn"``: KSG between continuous columns and
        Ross's estimator between discrete and continuous ones (those of
        `mutual_information_scores`). ``"gaussian_copula"``: the bias-corrected Gaussian
        copula estimator of Ince et al. [4]_ on normal scores of each column, a lower bound
        on the MI (exact for Gaussian dependence) that takes microseconds per pair instead of
        milliseconds. ``"auto"``: ``"knn"`` while ``n_samples * n_features *
        (n_features_to_select - 1)`` (times 3 for JMI and CMIM, whose terms cost more) is at
        most `KNN_BUDGET` (4e6, some seconds of pairwise kNN estimates on 2 cores), and
        always for ``strategy="mi"``; ``"gaussian_copula"`` above. One
        method scores every term of a fit, relevance included. Discrete pairs always use
        infokit's discrete estimator.
    discrete_features : "auto", bool, boolean mask or array of indices, default="auto"
        Which features are discrete; ``"auto"``: by dtype per column (floats continuous;
        integers, booleans, strings, categoricals discrete), so DataFrames may mix kinds.
    discrete_target : "auto" or bool, default="auto"
        Whether `y` holds class labels; ``"auto"``: by dtype.
    n_neighbors : int, default=3
        k of the kNN estimators.
    n_jobs : int, optional
        Threads over candidate features; ``None`` or -1: all cores.
    rng : int or numpy.random.Generator, optional
        Seeds the jitter that breaks ties in continuous columns (and the random order of
        tied values in the copula's ranks); ``None`` is seed 0, so fits are reproducible.

    Attributes
    ----------
    scores_ : array of shape (n_features_in_,)
        Relevance :math:`I(X_j; Y)` of every feature in nats, by the estimator of `method_`
        (not clamped; see `mutual_information_scores`).
    method_ : str
        The estimator used, ``"knn"`` or ``"gaussian_copula"``.
    selected_features_ : array of int
        Indices of the selected features, in the order they were selected.
    selection_scores_ : array of float
        Criterion value (nats) of each selected feature when it was selected.
    ranking_ : array of shape (n_features_in_,)
        1 for the first feature selected, 2 for the second, ...; features not selected
        follow, ordered by `scores_` (ties: lower index first).
    n_features_in_ : int
        Number of features seen in `fit`.
    feature_names_in_ : array of str
        Column names, when `X` was a DataFrame with string column names.

    Notes
    -----
    With :math:`S` the features selected so far and :math:`f` a candidate, each step adds
    the candidate that maximises:

    - ``"mrmr"`` (Peng et al. [1]_, difference form):
      :math:`I(f; Y) - \frac{1}{|S|}\sum_{s\in S} I(f; s)`;
    - ``"jmi"`` (Yang and Moody [2]_): :math:`\sum_{s\in S} I(f, s; Y)`;
    - ``"cmim"`` (Fleuret [3]_): :math:`\min_{s\in S} I(f; Y \mid s)`, with
      :math:`I(f; Y \mid s) = I(f, s; Y) - I(s; Y)`;

    the first feature being the most relevant one. Every term is estimated with infokit's
    estimators by the kinds of the columns involved: a discrete estimator for discrete
    columns, Ross's kNN estimator between discrete and continuous ones, KSG between
    continuous ones, and the chain rule over the discrete part of a mixed pair (see
    `mutual_information_scores`). Each pairwise term is estimated once per fit (cached) and
    candidates run on `n_jobs` threads; a selection of k features out of m costs about
    :math:`k m` pairwise estimates. Measured on 2 cores (``benchmarks/
    bench_feature_selection.py``), 20 of 200 features on 20 000 rows: 1-2 s with
    ``method="gaussian_copula"`` (what ``"auto"`` picks there), 2-7 minutes with ``"knn"``.
    With the copula, discrete-continuous terms use the Gaussian model
    :math:`H(X) - \sum_v p_v H(X \mid D = v)` of the normal scores, with the same bias
    correction. Constant features have zero relevance and redundancy;
    NaN values, a target with a single class, or `n_features_to_select` above the number
    of features raise `InvalidParameterError`.

    References
    ----------
    .. [1] H. Peng, F. Long and C. Ding, "Feature selection based on mutual information:
       criteria of max-dependency, max-relevance, and min-redundancy", *IEEE TPAMI* 27(8),
       1226-1238, 2005.
    .. [2] H. H. Yang and J. Moody, "Data visualization and feature selection: new
       algorithms for non-Gaussian data", *NIPS* 12, 1999.
    .. [3] F. Fleuret, "Fast binary feature selection with conditional mutual information",
       *JMLR* 5, 1531-1555, 2004.
    .. [4] R. A. A. Ince et al., "A statistical framework for neuroimaging data analysis
       based on mutual information estimated via a Gaussian copula", *Human Brain Mapping*
       38(3), 1541-1573, 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.feature_selection import MutualInformationSelector
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, size=1000)
    >>> signal = y + 0.5 * rng.normal(size=1000)
    >>> copy = signal + 0.01 * rng.normal(size=1000)  # redundant with `signal`
    >>> other = y + 0.8 * rng.normal(size=1000)  # weaker, but new information
    >>> X = np.column_stack([signal, copy, other, rng.normal(size=1000)])
    >>> selector = MutualInformationSelector(2, strategy="mrmr").fit(X, y)
    >>> selector.selected_features_.tolist()  # the copy adds nothing once `signal` is in
    [0, 2]
    >>> MutualInformationSelector(2, strategy="mi").fit(X, y).selected_features_.tolist()
    [0, 1]
    >>> selector.transform(X).shape
    (1000, 2)
    """

    def __init__(
        self,
        n_features_to_select: float = 0.5,
        *,
        strategy: Strategy = "mrmr",
        method: SelectorMethod = "auto",
        discrete_features: Any = "auto",
        discrete_target: bool | str = "auto",
        n_neighbors: int = 3,
        n_jobs: int | None = None,
        rng: int | np.random.Generator | None = None,
    ) -> None:
        self.n_features_to_select = n_features_to_select
        self.strategy = strategy
        self.method = method
        self.discrete_features = discrete_features
        self.discrete_target = discrete_target
        self.n_neighbors = n_neighbors
        self.n_jobs = n_jobs
        self.rng = rng

    def __sklearn_tags__(self) -> Any:
        """Declare that `fit` needs a target."""
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        tags.input_tags.sparse = True  # densified: the estimators work on dense columns
        tags.input_tags.string = True  # string columns are discrete features
        return tags

    def _n_to_select(self, n_features: int) -> int:
        wanted = self.n_features_to_select
        if isinstance(wanted, bool) or not isinstance(wanted, numbers.Real):
            msg = (
                "`n_features_to_select` must be a positive integer or a fraction in (0, 1]; "
                f"got {wanted!r}."
            )
            raise InvalidParameterError(msg)
        if isinstance(wanted, numbers.Integral):
            if not 1 <= wanted <= n_features:
                # "n_features = 1" is the wording scikit-learn's check_fit2d_1feature expects
                msg = (
                    f"`n_features_to_select` must be between 1 and the number of features; "
                    f"got {wanted} for X with n_features = {n_features} ({n_features} "
                    "feature(s)). Pass a smaller number or a fraction."
                )
                raise InvalidParameterError(msg)
            return int(wanted)
        if not 0 < wanted <= 1:
            msg = (
                "`n_features_to_select` as a float is a fraction of the features and must lie "
                f"in (0, 1]; got {wanted!r}."
            )
            raise InvalidParameterError(msg)
        return max(1, round(float(wanted) * n_features))

    def fit(self, X: Any, y: Any) -> MutualInformationSelector:  # noqa: N803 (scikit-learn API)
        """Select features from `X` for the target `y`.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features), pandas or polars DataFrame
            Features; DataFrame columns keep their own kinds.
        y : array_like of shape (n_samples,)
            Target.

        Returns
        -------
        MutualInformationSelector
            The fitted selector.
        """
        check_choice(self.strategy, STRATEGIES, name="strategy")
        check_choice(self.method, METHODS, name="method")
        k = check_int(self.n_neighbors, name="n_neighbors", minimum=1)
        threads = check_n_jobs(self.n_jobs)
        if y is None:
            msg = (
                "MutualInformationSelector requires y to be passed, but the target y is None: "
                "features are selected by their information about `y`."
            )
            raise InvalidParameterError(msg)
        if _is_dataframe(X):  # keep each column's dtype: only names and width are checked
            validate_data(self, X, y, skip_check_array=True)
        else:  # scikit-learn's checks and messages for arrays (1-D, complex, empty, ...)
            X, y = validate_data(  # noqa: N806 (scikit-learn's name)
                self, X, y, dtype=None, accept_sparse=True, ensure_all_finite=False,
                ensure_min_features=1,
            )  # fmt: skip
        columns, target, _ = prepare_inputs(
            X,
            y,
            discrete_features=self.discrete_features,
            discrete_target=self.discrete_target,
            n_neighbors=k,
            rng=self.rng,
            threads=threads,
        )
        self.n_features_in_ = len(columns)
        n_select = self._n_to_select(len(columns))
        n_samples = target.n_samples
        # JMI and CMIM terms are kNN estimates in a 3-D joint space, about 3x the cost of
        # mRMR's 2-D ones (measured in benchmarks/bench_feature_selection.py)
        weight = 1 if self.strategy == "mrmr" else 3
        work = weight * n_samples * len(columns) * (n_select - 1)
        method = self.method
        if method == "auto":
            method = "knn" if self.strategy == "mi" or work <= KNN_BUDGET else "gaussian_copula"
        if method == "knn":
            relevance, _, _ = score_columns(
                columns, target, method="auto", n_neighbors=k, threads=threads
            )
        if self.strategy == "mi" and method == "knn":
            selected, criteria = _by_relevance(relevance, n_select)
        else:
            cache = PairCache(
                columns, target, n_neighbors=k, threads=threads, method=method, rng=self.rng
            )
            if method == "gaussian_copula":
                relevance = cache.relevance()
            if self.strategy == "mi":
                selected, criteria = _by_relevance(relevance, n_select)
            else:
                selected, criteria = greedy(self.strategy, relevance, n_select, cache)
        self.method_ = method
        self.scores_ = relevance
        self.selected_features_ = np.array(selected, dtype=np.intp)
        self.selection_scores_ = np.array(criteria, dtype=np.float64)
        self.ranking_ = _ranking(selected, relevance)
        return self

    def _get_support_mask(self) -> NDArray[np.bool_]:
        check_is_fitted(self, "selected_features_")
        mask = np.zeros(self.n_features_in_, dtype=bool)
        mask[self.selected_features_] = True
        return mask


def _by_relevance(relevance: FloatArray, n_select: int) -> tuple[list[int], list[float]]:
    order = np.lexsort((np.arange(relevance.shape[0]), -relevance))
    selected = [int(j) for j in order[:n_select]]
    return selected, [float(relevance[j]) for j in selected]


def _is_dataframe(x: object) -> bool:
    return type(x).__module__.split(".", 1)[0] in ("pandas", "polars") and hasattr(x, "columns")


def _ranking(selected: list[int], relevance: FloatArray) -> NDArray[np.intp]:
    """Rank the selected features in selection order, then the others by relevance."""
    n_features = relevance.shape[0]
    chosen = set(selected)
    rest = [j for j in np.lexsort((np.arange(n_features), -relevance)) if j not in chosen]
    ranking = np.empty(n_features, dtype=np.intp)
    for rank, feature in enumerate([*selected, *rest], start=1):
        ranking[feature] = rank
    return ranking
