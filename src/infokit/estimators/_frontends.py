r"""Public front-ends: estimate entropy and (conditional) mutual information from samples.

These functions take discrete labels or continuous values. Discrete methods run here (labels
are factorised once, counted with `np.bincount`, and combined as entropies); continuous methods
(k-nearest neighbours, spacings, Gaussian and copula estimators) are delegated to
`infokit.estimators.continuous.mutual_information`, imported only when such a method is used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from infokit.errors import ShapeError
from infokit.estimators._dispatch import (
    CONTINUOUS_CONDITIONAL_MUTUAL_INFORMATION_METHODS,
    CONTINUOUS_ENTROPY_METHODS,
    CONTINUOUS_MUTUAL_INFORMATION_METHODS,
    Seed,
    check_method_name,
    dispatch,
    is_discrete,
    resolve_discrete,
)
from infokit.results import Estimate

__all__ = [
    "CONTINUOUS_ENTROPY_METHODS",
    "CONTINUOUS_MUTUAL_INFORMATION_METHODS",
    "estimate_conditional_entropy",
    "estimate_conditional_mutual_information",
    "estimate_entropy",
    "estimate_joint_entropy",
    "estimate_mutual_information",
    "is_discrete",
]

_SHARED_PARAMETERS = r"""
    method : str, default="auto"
        Estimator; see Notes. Discrete: ``"plugin"``, ``"miller_madow"``, ``"jackknife"``,
        ``"grassberger"``, ``"chao_shen"``, ``"chao_wang_jost"``, ``"james_stein"``,
        ``"dirichlet"``, ``"nsb"``, ``"pym"``, ``"jvhw"``, ``"unseen"``. ``"auto"`` chooses
        by the data (see
        `discrete`) and, for discrete data, by the accuracy table in
        ``benchmarks/accuracy_discrete.py``.
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``.
    alphabet_size : int or tuple of int, optional
        Number of possible categories K of each variable, when known (at least the number
        observed). Used by ``"nsb"``, ``"james_stein"`` and ``"dirichlet"``; ``"pym"`` only
        clips to ``log K``.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``). Discrete, one entropy:
        ``"chao_wang_jost"`` gives ``estimate ± z * se`` with its jackknife standard error;
        every other method gives the hull (smallest interval containing both) of its own
        interval (bootstrap percentile re-centred on the estimate; jackknife-normal for
        ``"chao_shen"`` and ``"jvhw"``; normal with the delta-method standard error for
        ``"unseen"``; highest posterior density for ``"nsb"``; equal-tailed posterior for
        ``"pym"``) and that Chao–Wang–Jost interval on the same counts, because an
        interval around a biased estimate is an interval for the estimator's mean, not for
        the entropy. Measured over 200
        repetitions (Zipf and uniform, K = 1000, N = 1000 and 10^4, K known or not): every
        method's 95% interval covers the entropy in at least 94.5% of them (own intervals
        alone: 0% for the plug-in). ``details["own_interval"]`` keeps the method's own
        interval. Discrete combinations (mutual information, conditional entropy) keep the
        re-centred bootstrap interval (normal with the delta-method standard error for
        ``"nsb"`` and ``"pym"``); see the Notes of `estimate_entropy`. Continuous methods: see
        `infokit.estimators.continuous.mutual_information`.
    rng : int or numpy.random.Generator, optional
        Seed or generator for the bootstrap (and for continuous methods that use randomness).
    n_bootstrap : int, optional
        Bootstrap resamples behind `ci` (1000 by default for discrete methods).
    concentration : float, optional
        Concentration ``a`` of the ``"dirichlet"`` prior; 0.5 (Jeffreys) by default.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        Missing labels (NaN, None, nulls): raise, drop the sample, or count them as a category.
    discrete : bool or tuple of bool, optional
        Whether each variable is discrete. By default floating-point data is continuous and
        everything else (integers, booleans, strings, categoricals) is discrete.
    **options
        Further options of the continuous methods (e.g. ``n_neighbors``), passed through.
"""


def estimate_entropy(
    x: object,
    /,
    *,
    method: str = "auto",
    base: float | str = math.e,
    alphabet_size: int | None = None,
    ci: float | None = None,
    rng: Seed = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    nan_policy: str = "raise",
    discrete: bool | None = None,
    **options: Any,
) -> Estimate:
    r"""Estimate the entropy of the distribution that generated the samples `x`.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_variables)
        Samples: labels (integers, strings, booleans, any hashable; NumPy arrays, lists,
        pandas or polars Series) or continuous values. For 2-D input, rows are samples and
        the columns together form one variable (joint entropy).
    {shared}

    Returns
    -------
    Estimate
        The entropy in units of `base` with its standard error, the method used, the number
        of samples and, when asked, the interval. ``details`` holds the alphabet size used.

    Raises
    ------
    InvalidParameterError
        If an option is invalid, `x` holds missing labels under ``nan_policy="raise"``, or
        `alphabet_size` is smaller than the number of categories observed.
    ShapeError
        If `x` is empty, holds a single sample, or has more than 2 dimensions.

    Warns
    -----
    SmallSampleWarning
        When N is far below K (more than half the samples are singletons, or N < K) for
        the plug-in, Miller–Madow, jackknife or Grassberger estimators; or when an estimate
        outside ``[0, log K]`` was clipped.

    Notes
    -----
    With counts :math:`n_i`, :math:`N = \sum_i n_i`, :math:`m` categories seen, :math:`f_1,
    f_2` the numbers seen once and twice, all in nats:

    - ``"plugin"``: :math:`\hat H = \log N - \frac1N \sum_i n_i \log n_i`, biased by about
      :math:`-(K-1)/2N`; standard error :math:`\sqrt{(\sum_i \hat p_i \log^2 \hat p_i -
      \hat H^2)/N}` (Basharin [1]_), also used by the other frequentist methods.
    - ``"miller_madow"``: :math:`\hat H + (m - 1)/2N` [2]_.
    - ``"jackknife"``: :math:`N \hat H - \frac{N-1}{N}\sum_j \hat H_{-j}` [3]_, computed
      from the counts in O(m); standard error from the jackknife variance.
    - ``"grassberger"``: :math:`\log N - \frac1N\sum_i n_i G(n_i)` with :math:`G(n) =
      \psi(n) + \frac12 (-1)^n [\psi(\frac{n+1}2) - \psi(\frac n2)]` [4]_.
    - ``"chao_shen"``: coverage :math:`C = 1 - f_1/N`, :math:`\tilde p_i = C n_i / N`,
      :math:`\hat H = -\sum_i \tilde p_i \log \tilde p_i / (1 - (1 - \tilde p_i)^N)` [5]_.
    - ``"chao_wang_jost"``: :math:`\sum_{n_i<N} \frac{n_i}{N}(\psi(N) - \psi(n_i)) +
      \frac{f_1}{N}(1-A)^{1-N}(-\log A - \sum_{r=1}^{N-1}\frac{(1-A)^r}{r})`, :math:`A =
      2f_2/((N-1)f_1 + 2f_2)` [6]_; the last term is evaluated as an integral, free of the
      cancellation of the literal formula.
    - ``"james_stein"``: entropy of :math:`\lambda/K + (1-\lambda)\hat p_i` with the
      shrinkage :math:`\lambda = (1 - \sum \hat p_i^2)/((N-1)\sum(1/K - \hat p_i)^2)`, clipped
      to the interval from 0 to 1 [7]_; K is the number observed when `alphabet_size` is not
      given.
    - ``"dirichlet"``: posterior mean :math:`\psi(N+Ka+1) - \sum_i \frac{n_i+a}{N+Ka}
      \psi(n_i+a+1)` over all K categories [8]_; the standard error is the posterior standard
      deviation.
    - ``"nsb"``: the Dirichlet posterior mean averaged over :math:`a` with the prior
      :math:`p(a) \propto K\psi_1(Ka+1) - \psi_1(a+1)` [9]_, integrated numerically (no
      saddle-point approximation); the standard error and interval are the posterior ones.
      Without `alphabet_size`, K is the Chao1 estimate :math:`m + \frac{N-1}{N}\frac{f_1(f_1-1)}
      {2(f_2+1)}` (reported as ``details["alphabet_size"]``).
    - ``"pym"``: the Pitman–Yor mixture [10]_ for an unknown, possibly infinite alphabet: the
      posterior mean of the entropy under a Pitman–Yor process prior PY(d, α), in closed
      form, averaged over the discount d and concentration α with a prior that is flat in
      the prior mean entropy :math:`\psi(\alpha+1) - \psi(1-d)`, times the evidence of the
      counts (2-D Gauss–Legendre quadrature around the posterior mode; see
      `infokit.estimators.discrete.pym`). The standard error is the posterior standard
      deviation, the own interval the equal-tailed posterior interval. `alphabet_size` does
      not enter the prior; the estimate is clipped to :math:`\log K` like the others. Because
      the prior
      extrapolates a heavy tail, it over-estimates the entropy of distributions with a
      finite support that the sample does not yet reveal: in
      ``benchmarks/accuracy_discrete.py`` (K = 1000, K unknown, 200 repetitions) its bias is
      +0.27 nats on Zipf and +0.31 on uniform at N = 1000 (RMSE 0.28 and 0.32 against 0.09
      and 0.04 for ``"chao_wang_jost"``) and +1.04 on uniform at N = 100; it is the most
      accurate only on Zipf at N = 100 (RMSE 0.33 against 0.46). On samples of a power law
      with an infinite support it matches ``"chao_wang_jost"``. When no category was seen
      twice its posterior is improper and the Chao–Wang–Jost estimate is returned, with a
      `SmallSampleWarning` and ``details["pym_fallback"]``.
    - ``"jvhw"``: the estimator of Jiao, Venkat, Han & Weissman [11]_, which attains the
      minimax rate (consistent with N of order K / log K samples): a category of frequency
      :math:`x = n_i/N` above the threshold :math:`T = 4c_1\log N/N` contributes
      :math:`-x\log x + 1/2N`; below :math:`T/2`, an unbiased estimate (falling factorials of
      :math:`n_i`) of the best uniform polynomial approximation of :math:`-p\log p` on
      :math:`[0, T]`, of order :math:`\min(4 + \lceil 1.2\log N\rceil, 22)`; in between a
      linear blend. :math:`c_1` is the authors' fit in :math:`\log(N/f_1)`. Categories not
      seen add nothing, so it needs no alphabet size (see `infokit.estimators.discrete.jvhw`). The
      standard error and own interval come from the jackknife over samples.
    - ``"unseen"``: the estimator of Valiant & Valiant [12]_: the histogram of the
      distribution (how many categories have each probability, on a geometric grid) whose
      expected fingerprint (how many categories are seen once, twice, ...) best matches the
      observed one, found by two linear programs, the second choosing the smallest support
      among near-best fits; frequent categories keep their empirical probability. The
      estimate is the entropy of that histogram (see `infokit.estimators.discrete.unseen`). Two LPs
      per estimate make it the slowest method (4–10 ms). The standard error is the
      delta-method one and the own interval normal with it, for one entropy and for
      combinations: a jackknife over samples overstates the spread of an LP solution many
      times, and a bootstrap would solve two LPs per resample.
    - ``"auto"``: for one entropy, ``"nsb"`` when `alphabet_size` is given and N < K,
      ``"jvhw"`` when it is not and more than half of the samples are singletons (far fewer
      samples than categories), ``"chao_wang_jost"`` otherwise and for every combination,
      by the accuracy table of ``benchmarks/accuracy_discrete.py`` (see
      `infokit.estimators.discrete.engine.auto_method`).

    Entropy estimates outside :math:`[0, \log K]` (:math:`[0, \infty)` without `alphabet_size`)
    are clipped into it, with a `SmallSampleWarning`.
    Intervals (``ci``). Each method first builds its own interval: for ``"nsb"`` the
    highest-posterior-density interval on :math:`[0, \log K]` (it reaches :math:`\log K`
    for near-uniform data); for ``"chao_shen"`` and ``"chao_wang_jost"``
    :math:`\hat H \pm z\,\mathrm{se}` with the jackknife standard error; for the others a
    percentile interval of `n_bootstrap` multinomial resamples of size N (seeded by `rng`)
    of the estimated complete distribution of [6]_ (the observed frequencies scaled by the
    estimated sample coverage, plus the Chao1 number of unseen categories sharing the rest),
    shifted by the estimate minus the bootstrap mean. Such an interval describes where the
    estimator falls, not where the entropy lies: when the bias exceeds the spread it misses
    the entropy almost always. So, for every method but ``"chao_wang_jost"``, ``ci`` is the
    hull of the own interval and the Chao–Wang–Jost interval on the same counts (that
    estimator is nearly unbiased and its jackknife interval covers): it covers whenever
    either does, and its extra width shows how far the method's bias may reach. Both are
    in `details` (``"own_interval"``, ``"reference_interval"``, in units of `base`; also
    ``"ci_method"`` for the own interval and ``"interval"`` in words); the estimate and its
    standard error do not change. Measured in ``benchmarks/accuracy_discrete.py`` (Zipf and
    uniform over K = 1000, 200 repetitions, nominal 95%), coverage at N = 1000 and 10^4,
    K known or not: the own intervals of the plug-in, Miller–Madow, jackknife, Grassberger,
    Chao–Shen and James–Stein covered 0–69% wherever their bias exceeded their standard
    deviation (the plug-in 0% at N = 1000; Chao–Shen 0% on uniform at N = 10^4, bias
    -0.046, sd 0.002), Dirichlet's 0–81%, NSB's 36.5–96.5% (55% on Zipf at N = 10^4); the
    hulls covered 94.5–100% for every method, as did Chao–Wang–Jost's own interval. The
    price is width: on uniform data at N = 1000 the plug-in's mean width grows from 0.08 to
    0.74 nats (its bias is -0.57), while where a method is unbiased (Miller–Madow, uniform,
    N = 10^4) it stays 0.015. At N = 100 the Chao–Wang–Jost interval covered 87.5% on Zipf
    and so every hull covered at least that. Discrete
    combinations (mutual information, conditional entropy and conditional mutual
    information) keep the re-centred bootstrap percentile interval of resamples of the
    observed cell frequencies (for ``"nsb"``: normal, with the delta-method standard error);
    no reference with a measured coverage exists for them.

    References
    ----------
    .. [1] G. P. Basharin, "On a statistical estimate for the entropy of a sequence of
       independent random variables", *Theory Probab. Appl.* 4, 1959.
    .. [2] G. A. Miller, "Note on the bias of information estimates", 1955.
    .. [3] S. Zahl, "Jackknifing an index of diversity", *Ecology* 58, 1977.
    .. [4] P. Grassberger, "Entropy estimates from insufficient samplings",
       arXiv:physics/0307138, 2003.
    .. [5] A. Chao and T.-J. Shen, "Nonparametric estimation of Shannon's index of diversity
       when there are unseen species", *Environ. Ecol. Stat.* 10, 2003.
    .. [6] A. Chao, Y. T. Wang and L. Jost, "Entropy and the species accumulation curve",
       *Methods Ecol. Evol.* 4, 2013.
    .. [7] J. Hausser and K. Strimmer, "Entropy inference and the James–Stein estimator",
       *JMLR* 10, 2009.
    .. [8] D. H. Wolpert and D. R. Wolf, "Estimating functions of probability distributions
       from a finite set of samples", *Phys. Rev. E* 52, 1995.
    .. [9] I. Nemenman, F. Shafee and W. Bialek, "Entropy and inference, revisited",
       *NIPS* 14, 2002.
    .. [10] E. Archer, I. M. Park and J. W. Pillow, "Bayesian entropy estimation for countable
       discrete distributions", *JMLR* 15, 2014 (NIPS 25, 2012).
    .. [11] J. Jiao, K. Venkat, Y. Han and T. Weissman, "Minimax estimation of functionals of
       discrete distributions", *IEEE Trans. Inf. Theory* 61(5), 2015.
    .. [12] G. Valiant and P. Valiant, "Estimating the unseen: improved estimators for
       entropy and other properties", *NIPS* 26, 2013.

    Examples
    --------
    >>> from infokit.estimators._frontends import estimate_entropy
    >>> labels = ["a", "b", "a", "c", "a", "b"]
    >>> estimate_entropy(labels, method="plugin", base="bits")
    1.459 ± 0.232 bits (plugin, n=6)
    >>> round(float(estimate_entropy(labels, method="miller_madow")), 4)
    1.1781
    """
    return dispatch(
        "estimate_entropy",
        [x],
        ["x"],
        [(1.0, (0,))],
        continuous_methods=CONTINUOUS_ENTROPY_METHODS,
        method=method,
        base=base,
        alphabet_size=alphabet_size,
        ci=ci,
        rng=rng,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        nan_policy=nan_policy,
        discrete=discrete,
        options=options,
        entropy_only=True,
    )


def estimate_joint_entropy(
    *variables: object,
    method: str = "auto",
    base: float | str = math.e,
    alphabet_size: Sequence[int] | None = None,
    ci: float | None = None,
    rng: Seed = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    nan_policy: str = "raise",
    discrete: bool | Sequence[bool] | None = None,
    **options: Any,
) -> Estimate:
    r"""Estimate the joint entropy :math:`H(X_1, \dots, X_k)` of several variables.

    Parameters
    ----------
    *variables : array_like, each of shape (n_samples,) or (n_samples, n_columns)
        Paired samples of each variable.
    {shared}

    Returns
    -------
    Estimate
        The joint entropy in units of `base`.

    Notes
    -----
    The joint entropy is the entropy of the tuple of labels, estimated by `method` from the
    counts of the occupied cells of the joint table (see `estimate_entropy`). With
    `alphabet_size`, K is the product of the sizes. Continuous methods receive the columns
    stacked side by side.

    Examples
    --------
    >>> from infokit.estimators._frontends import estimate_joint_entropy
    >>> x, y = [0, 0, 1, 1] * 5, [0, 1, 0, 1] * 5
    >>> round(float(estimate_joint_entropy(x, y, method="plugin", base=2)), 6)
    2.0
    """
    if not variables:
        msg = "`variables` must hold at least one variable; got none."
        raise ShapeError(msg)
    names = [f"variables[{i}]" for i in range(len(variables))]
    method_name = check_method_name(method, CONTINUOUS_ENTROPY_METHODS)
    flags = resolve_discrete(discrete, variables, names) if method_name == "auto" else None
    if method_name in CONTINUOUS_ENTROPY_METHODS or (flags is not None and not all(flags)):
        columns = [np.asarray(v, dtype=np.float64) for v in variables]
        stacked = np.column_stack(columns)
        return estimate_entropy(
            stacked,
            method=method_name,
            base=base,
            ci=ci,
            rng=rng,
            n_bootstrap=n_bootstrap,
            nan_policy=nan_policy,
            discrete=False if method_name == "auto" else None,
            alphabet_size=None if alphabet_size is None else math.prod(alphabet_size),
            concentration=concentration,
            **options,
        )
    return dispatch(
        "estimate_entropy",
        list(variables),
        names,
        [(1.0, tuple(range(len(variables))))],
        continuous_methods=(),
        method=method_name,
        base=base,
        alphabet_size=alphabet_size,
        ci=ci,
        rng=rng,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        nan_policy=nan_policy,
        discrete=True,
        options=options,
        entropy_only=True,
    )


def estimate_mutual_information(
    x: object,
    y: object,
    /,
    *,
    method: str = "auto",
    base: float | str = math.e,
    alphabet_size: Sequence[int] | None = None,
    ci: float | None = None,
    rng: Seed = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    nan_policy: str = "raise",
    discrete: bool | Sequence[bool] | None = None,
    **options: Any,
) -> Estimate:
    r"""Estimate the mutual information :math:`I(X; Y)` from paired samples.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,) or (n_samples, n_columns)
        Paired samples (labels or continuous values); 2-D columns form one joint variable.
    {shared}

    Returns
    -------
    Estimate
        The mutual information in units of `base`. Bias-corrected estimates may be slightly
        negative when X and Y are independent; they are not clipped.

    Notes
    -----
    Discrete methods estimate :math:`I = H(X) + H(Y) - H(X, Y)` with the same entropy
    estimator for all three terms (see `estimate_entropy`), K of the joint being the product
    of the alphabet sizes. For the plug-in this is :math:`\sum_{xy} \hat p_{xy}\log(\hat
    p_{xy}/\hat p_x \hat p_y)`, biased by about :math:`+(K_X-1)(K_Y-1)/2N`; ``"nsb"`` combines
    the three NSB posterior means, ``"pym"`` the three PYM posterior means. The standard
    error is the delta-method one, :math:`\sqrt{(\sum \hat p_{xy}\log^2 \frac{\hat
    p_{xy}}{\hat p_x\hat p_y} - \hat I^2)/N}` (the jackknife variance for ``"jackknife"``);
    it is meaningless at exact independence, where :math:`2N\hat I` follows a
    :math:`\chi^2` law: use `independence_test` there. The interval (``ci``) is the
    bootstrap percentile interval of resamples of the observed cell frequencies, re-centred
    on the estimate (normal with that standard error for ``"nsb"``, ``"pym"`` and
    ``"unseen"``). Unlike
    one entropy's, it is not joined with a Chao–Wang–Jost interval: no such reference with
    a measured coverage exists for combinations. It inherits the bias of the method: for X
    uniform over 30 symbols and Y = X with probability 0.5
    (``benchmarks/accuracy_discrete.py``, 100 repetitions) the 95% interval covered 86% for
    ``"chao_wang_jost"`` and 0% for the plug-in at N = 1000, 90% and 28% at N = 10^4.
    ``"auto"`` is ``"chao_wang_jost"`` for discrete data; continuous or mixed data go to
    `infokit.estimators.continuous` (methods ``"ksg"``, ``"ksg2"``, ``"gaussian_copula"``,
    ``"gaussian"``, ``"ross"``, ``"mixed_ksg"``).

    Examples
    --------
    >>> from infokit.estimators._frontends import estimate_mutual_information
    >>> x = [0, 0, 1, 1, 0, 1]
    >>> estimate_mutual_information(x, x, method="plugin", base=2)
    1.000 ± 0.000 bits (plugin, n=6)
    """
    return dispatch(
        "estimate_mutual_information",
        [x, y],
        ["x", "y"],
        [(1.0, (0,)), (1.0, (1,)), (-1.0, (0, 1))],
        continuous_methods=CONTINUOUS_MUTUAL_INFORMATION_METHODS,
        method=method,
        base=base,
        alphabet_size=alphabet_size,
        ci=ci,
        rng=rng,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        nan_policy=nan_policy,
        discrete=discrete,
        options=options,
        entropy_only=False,
    )


def estimate_conditional_entropy(
    x: object,
    y: object,
    /,
    *,
    method: str = "auto",
    base: float | str = math.e,
    alphabet_size: Sequence[int] | None = None,
    ci: float | None = None,
    rng: Seed = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    nan_policy: str = "raise",
    discrete: bool | Sequence[bool] | None = None,
) -> Estimate:
    r"""Estimate the conditional entropy :math:`H(X \mid Y)` of discrete samples.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,) or (n_samples, n_columns)
        Paired labels; `y` is the conditioning variable.
    {shared}

    Returns
    -------
    Estimate
        The conditional entropy in units of `base`.

    Notes
    -----
    :math:`H(X \mid Y) = H(X, Y) - H(Y)`, both entropies estimated by `method`
    (see `estimate_entropy`); ``"auto"`` is ``"chao_wang_jost"``. Discrete data only: pass
    ``discrete=True`` to treat floating-point values as labels.

    Examples
    --------
    >>> from infokit.estimators._frontends import estimate_conditional_entropy
    >>> x, y = [0, 1, 0, 1] * 5, [0, 0, 1, 1] * 5
    >>> round(float(estimate_conditional_entropy(x, y, method="plugin", base=2)), 6)
    1.0
    """
    return dispatch(
        "estimate_conditional_entropy",
        [x, y],
        ["x", "y"],
        [(1.0, (0, 1)), (-1.0, (1,))],
        continuous_methods=(),
        method=method,
        base=base,
        alphabet_size=alphabet_size,
        ci=ci,
        rng=rng,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        nan_policy=nan_policy,
        discrete=discrete,
        options={},
        entropy_only=False,
    )


def estimate_conditional_mutual_information(
    x: object,
    y: object,
    z: object,
    /,
    *,
    method: str = "auto",
    base: float | str = math.e,
    alphabet_size: Sequence[int] | None = None,
    ci: float | None = None,
    rng: Seed = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    nan_policy: str = "raise",
    discrete: bool | Sequence[bool] | None = None,
    **options: Any,
) -> Estimate:
    r"""Estimate the conditional mutual information :math:`I(X; Y \mid Z)`.

    Parameters
    ----------
    x, y, z : array_like of shape (n_samples,) or (n_samples, n_columns)
        Paired samples; `z` is the conditioning variable.
    {shared}

    Returns
    -------
    Estimate
        The conditional mutual information in units of `base`.

    Notes
    -----
    Discrete methods estimate :math:`H(X,Z) + H(Y,Z) - H(X,Y,Z) - H(Z)` with one entropy
    estimator throughout (see `estimate_entropy`); the standard error is the delta-method
    one. Continuous or mixed data go to `infokit.estimators.continuous` (``"ksg"``,
    ``"gaussian_copula"``).

    Examples
    --------
    >>> from infokit.estimators._frontends import estimate_conditional_mutual_information
    >>> x, z = [0, 1, 0, 1] * 5, [0, 0, 1, 1] * 5
    >>> round(float(estimate_conditional_mutual_information(x, x, z, method="plugin", base=2)), 6)
    1.0
    """
    return dispatch(
        "estimate_conditional_mutual_information",
        [x, y, z],
        ["x", "y", "z"],
        [(1.0, (0, 2)), (1.0, (1, 2)), (-1.0, (0, 1, 2)), (-1.0, (2,))],
        continuous_methods=CONTINUOUS_CONDITIONAL_MUTUAL_INFORMATION_METHODS,
        method=method,
        base=base,
        alphabet_size=alphabet_size,
        ci=ci,
        rng=rng,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        nan_policy=nan_policy,
        discrete=discrete,
        options=options,
        entropy_only=False,
    )


for _function in (
    estimate_entropy,
    estimate_joint_entropy,
    estimate_mutual_information,
    estimate_conditional_entropy,
    estimate_conditional_mutual_information,
):
    if _function.__doc__:
        _shared = _SHARED_PARAMETERS.lstrip("\n")
        if _function is estimate_conditional_entropy:  # discrete only: no pass-through options
            _shared = _shared[: _shared.index("    **options")]
        _function.__doc__ = _function.__doc__.replace("    {shared}\n", _shared)
