"""BatchBALD: a batch of pool points that is jointly most informative about the model.

Choosing the top-k points by BALD (`prediction_information`) picks near duplicates: each is
informative, but they tell the model the same thing. BatchBALD (Kirsch, van Amersfoort and
Gal 2019) scores a batch by the mutual information between the joint prediction of all its
points and the model parameters, and builds it greedily (the score is submodular, so the
greedy batch is within ``1 - 1/e`` of the best).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from infokit._array import as_float_array, log_softmax, namespace_of, to_numpy
from infokit._validation import RNG_NONE_MEANS, check_int, make_rng
from infokit.errors import InvalidParameterError, ShapeError
from infokit.measures.uncertainty import prepare_ensemble
from infokit.results import unit_name
from infokit.units import resolve_base

__all__ = ["BatchSelection", "select_batch"]

#: The joint outcomes (classes of the chosen points and of one candidate) that the exact
#: joint entropy enumerates at most; beyond this the chosen points' classes are sampled.
MAX_EXACT_OUTCOMES = 2**16

# Entries of the [candidates, configurations, classes] block scored at once (32 MiB).
_BLOCK_ENTRIES = 2**22


@dataclass(frozen=True, slots=True)
class BatchSelection:
    r"""Pool points chosen by BatchBALD, in the order the greedy algorithm added them.

    Attributes
    ----------
    indices : tuple of int
        Positions along the pool axis of `p`, in greedy order; ``indices[0]`` is the point
        of largest BALD score.
    scores : tuple of float
        ``scores[i]`` is the BatchBALD score of the first ``i + 1`` points, the mutual
        information :math:`I[y_{1:i+1}; \theta]` in units of `base`; non-decreasing (up
        to rounding).
    exact : tuple of bool
        Whether each step enumerated every joint outcome (``True``) or sampled the chosen
        points' classes (``False``, a Monte Carlo estimate).
    base : float
        Logarithm base of `scores`: 2 for bits, ``math.e`` for nats.

    Examples
    --------
    >>> BatchSelection(indices=(2, 0), scores=(0.5, 0.75), exact=(True, True), base=2.0)
    BatchSelection(indices=(2, 0), scores=(0.5, 0.75), exact=(True, True), base=2.0)
    """

    indices: tuple[int, ...]
    scores: tuple[float, ...]
    exact: tuple[bool, ...]
    base: float = math.e

    @property
    def unit(self) -> str:
        """Name of the unit of `scores` (``"bits"``, ``"nats"``, ...)."""
        return unit_name(self.base)


def _logsumexp(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``log(sum(exp(values), axis=0))``, shifted by the maximum; ``-inf`` for all ``-inf``.

    NumPy's own, so that `import infokit` does not load scipy.special.
    """
    largest = np.max(values, axis=0)
    shift = np.where(np.isfinite(largest), largest, 0.0)
    with np.errstate(divide="ignore"):
        result: np.ndarray[Any, Any] = np.log(np.sum(np.exp(values - shift), axis=0)) + shift
    return result


class _Configurations:
    """Joint classes of the chosen points: enumerated (exact) or sampled, with weights.

    ``log_likelihood[k, m]`` is ``log p(y_S = m | member k)``; ``weights[m]`` is the
    predictive probability of configuration `m` (exact) or ``1 / n_samples`` (sampled, each
    drawn from the predictive); ``member[m]`` is the member a sample was drawn from.
    """

    def __init__(self, n_members: int) -> None:
        self.log_likelihood = np.zeros((n_members, 1))
        self.weights = np.ones(1)
        self.member: np.ndarray[Any, Any] | None = None

    @property
    def exact(self) -> bool:
        return self.member is None

    def posterior(self) -> np.ndarray[Any, Any]:
        """Weights of the members given each configuration, shape (members, configurations)."""
        weights: np.ndarray[Any, Any] = np.exp(
            self.log_likelihood - _logsumexp(self.log_likelihood)
        )
        return weights

    def enumerate(self, log_p_point: np.ndarray[Any, Any]) -> None:
        """Add a chosen point (its [members, classes] log-probabilities) exactly."""
        n_members = log_p_point.shape[0]
        joint = self.log_likelihood[:, :, None] + log_p_point[:, None, :]
        joint = joint.reshape(n_members, -1)
        log_weights = _logsumexp(joint) - math.log(n_members)
        possible = np.isfinite(log_weights)  # drop configurations no member can produce
        self.log_likelihood, self.weights = joint[:, possible], np.exp(log_weights[possible])

    def sample(
        self, log_p_chosen: np.ndarray[Any, Any], n_samples: int, rng: np.random.Generator
    ) -> None:
        """Replace the enumeration by `n_samples` draws of the chosen points' classes."""
        n_members = log_p_chosen.shape[1]
        # Stratified over members: sample m comes from member m mod n_members, and each
        # member's samples share the weight 1 / n_members (the predictive weights members
        # equally), which keeps the estimate unbiased when n_samples is no multiple of them.
        self.member = np.arange(n_samples) % n_members
        per_member = np.bincount(self.member, minlength=n_members)
        self.log_likelihood = np.zeros((n_members, n_samples))
        self.weights = 1 / (n_members * per_member[self.member])
        for log_p_point in log_p_chosen:
            self.draw(log_p_point, rng)

    def draw(self, log_p_point: np.ndarray[Any, Any], rng: np.random.Generator) -> None:
        """Extend every sample by a class of one more chosen point, from the sample's member."""
        assert self.member is not None
        cumulative = np.cumsum(np.exp(log_p_point[self.member]), axis=1)
        # u in (0, total]: the first class whose cumulative probability reaches u has p > 0.
        u = (1 - rng.random(len(self.member))) * cumulative[:, -1]
        classes = np.minimum(np.sum(cumulative < u[:, None], axis=1), cumulative.shape[1] - 1)
        self.log_likelihood = self.log_likelihood + log_p_point[:, classes]


def _score_gains(
    p_pool: np.ndarray[Any, Any],
    member_entropies: np.ndarray[Any, Any],
    configurations: _Configurations,
) -> np.ndarray[Any, Any]:
    """Return ``I[y_n; theta | y_S]`` for every pool point `n`, in nats.

    For each configuration `m` of the chosen points, the members' posterior weights
    ``w[k, m]`` mix the candidate's predictions into ``r[m] = sum_k w[k, m] p[n, k]``; the
    gain is the weighted mean over configurations of the Jensen gap
    ``H(r[m]) - sum_k w[k, m] H(p[n, k])``, which is >= 0 for every `m` (up to rounding).
    """
    posterior = configurations.posterior()  # (members, configurations)
    n_pool, _, n_classes = p_pool.shape
    n_configurations = posterior.shape[1]
    block = max(1, _BLOCK_ENTRIES // (n_configurations * n_classes))
    expected = posterior.T @ member_entropies.T  # (configurations, pool)
    gains = np.empty(n_pool)
    for start in range(0, n_pool, block):
        mixed = np.matmul(posterior.T[None], p_pool[start : start + block])  # (b, conf, C)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(mixed > 0, mixed * np.log(mixed), 0.0)
        gap = -terms.sum(axis=2) - expected[:, start : start + block].T
        gains[start : start + block] = gap @ configurations.weights
    return gains


def _pool_layout(shape: tuple[int, ...], members: int, classes: int) -> int:
    """Return the pool axis of a three-axis `p`: the axis that is neither members nor classes."""
    if len(shape) != 3:
        msg = (
            "`p` must have three axes for `select_batch`: the pool points, the members and "
            f"the classes (e.g. shape (n_pool, n_members, n_classes) with members_axis=1); "
            f"got shape {shape}."
        )
        raise ShapeError(msg)
    return ({0, 1, 2} - {members, classes}).pop()


def select_batch(
    p: object,
    /,
    *,
    batch_size: int,
    members_axis: int,
    axis: int = -1,
    from_logits: bool = False,
    n_samples: int = 10_000,
    rng: object = None,
    base: float | str = math.e,
    validate: bool = True,
) -> BatchSelection:
    r"""Choose `batch_size` pool points by BatchBALD, greedily.

    Parameters
    ----------
    p : array_like of three axes
        Class probabilities (or logits with ``from_logits=True``) of every member for every
        pool point. The pool axis is the one that is neither `members_axis` nor `axis`:
        shape ``(n_pool, n_members, n_classes)`` with ``members_axis=1`` (the layout of
        batchbald_redux), or ``(n_pool, n_classes, n_members)`` with ``members_axis=2,
        axis=1`` (baal's). The members must be consistent across the pool (the same
        dropout masks or ensemble members for every point). PyTorch and JAX arrays are
        copied to NumPy (the selection runs in NumPy, in float64).
    batch_size : int
        Number of points to choose, from 1 to the pool size.
    members_axis : int
        Axis that indexes the members, weighted equally. Required.
    axis : int, default=-1
        Axis that indexes the classes.
    from_logits : bool, default=False
        Treat `p` as logits (stable log-softmax); everything stays in the log domain.
    n_samples : int, default=10_000
        Number of sampled configurations of the chosen points' classes once the exact
        enumeration would exceed `MAX_EXACT_OUTCOMES` (2**16) joint outcomes; at least the
        number of members. The Monte Carlo error of a score shrinks as
        ``1 / sqrt(n_samples)``; batchbald_redux's example experiment uses 100 000.
    rng : None, int, numpy.random.SeedSequence, BitGenerator or Generator, default=None
        Seed of the sampling (unused while every step is exact); {rng_none}.
    base : float or str, default=math.e
        Logarithm base or unit name of the scores.
    validate : bool, default=True
        Check that `p` holds distributions along `axis` (or valid logits).

    Returns
    -------
    BatchSelection
        ``indices`` in greedy order, ``scores`` (the joint mutual information after each
        addition, in units of `base`) and per step whether it was ``exact``.

    Raises
    ------
    InvalidParameterError
        If `batch_size` exceeds the pool size, or an option is out of its domain.
    ShapeError
        If `p` does not have exactly three axes, or has no members.

    Notes
    -----
    Step `i` adds the point `n` that maximises

    .. math:: I[y_{1:i-1}, y_n; \theta] = I[y_{1:i-1}; \theta] + I[y_n; \theta \mid y_{1:i-1}]

    (the BatchBALD score of [1]_, built up greedily as there), whose first term is the
    previous score. The gain is computed from the members' posterior weights given the
    chosen points' classes, :math:`w_k(y_S) \propto p(y_S \mid \theta_k)` (a softmax of
    summed log-probabilities, so long batches neither underflow nor overflow), as

    .. math:: I[y_n; \theta \mid y_S] = \mathbb{E}_{y_S}\Bigl[H\bigl(\textstyle\sum_k w_k
              p_{nk}\bigr) - \sum_k w_k H(p_{nk})\Bigr],

    a mean of Jensen gaps, each non-negative (up to rounding; nothing is clipped), so the
    scores never decrease. The expectation over :math:`y_S` enumerates all its joint classes
    while the chosen points and a candidate have at most :math:`2^{16}` joint outcomes
    (:math:`C^{i} \le 2^{16}`), which is exact; after that it averages over `n_samples`
    draws of :math:`y_S` from the predictive (member by member, each member equally often),
    as the Monte Carlo estimator of [1]_ does for large batches; the estimate of the gain is
    unbiased. The
    candidate's classes are always summed exactly; candidates are scored together in
    blocks of NumPy matrix products. Cost per step: ``n_pool * n_members * n_classes``
    times the number of configurations. Ties go to the smallest index, but rounding can
    separate points whose scores are equal in exact arithmetic.

    With ``batch_size=1`` this is the point of largest `prediction_information`.

    References
    ----------
    .. [1] A. Kirsch, J. van Amersfoort and Y. Gal, "BatchBALD: Efficient and Diverse Batch
       Acquisition for Deep Bayesian Active Learning", NeurIPS 2019.
    .. [2] N. Houlsby, F. Huszár, Z. Ghahramani and M. Lengyel, "Bayesian Active Learning
       for Classification and Preference Learning", arXiv:1112.5745, 2011.

    Examples
    --------
    Four members; point A tells members {0, 1} from {2, 3}, point B tells {0, 2} from
    {1, 3}, less sharply. The top two by BALD are A and its copy, which together say hardly
    more than A alone; BatchBALD takes A and then B:

    >>> from infokit import prediction_information, select_batch
    >>> a = [[0.99, 0.01], [0.99, 0.01], [0.01, 0.99], [0.01, 0.99]]  # (members, classes)
    >>> b = [[0.9, 0.1], [0.1, 0.9], [0.9, 0.1], [0.1, 0.9]]
    >>> pool = [a, a, b]  # shape (n_pool, n_members, n_classes)
    >>> prediction_information(pool, members_axis=1, base=2).round(4)
    array([0.9192, 0.9192, 0.531 ])
    >>> selection = select_batch(pool, batch_size=2, members_axis=1, base=2)
    >>> selection.indices
    (0, 2)
    >>> [round(score, 4) for score in selection.scores]  # bits; at most log2(4) = 2
    [0.9192, 1.4502]
    """
    numeric_base = resolve_base(base)
    size = check_int(batch_size, name="batch_size", minimum=1)
    samples = check_int(n_samples, name="n_samples", minimum=1)
    generator = make_rng(rng)
    xp = namespace_of(p)
    host = to_numpy(as_float_array(p, xp=xp, name="p"))  # keeps float32 for its tolerance
    ensemble = prepare_ensemble(
        host, members_axis=members_axis, axis=axis, from_logits=from_logits, validate=validate
    )
    pool = _pool_layout(tuple(host.shape), ensemble.members, ensemble.classes)
    order = (pool, ensemble.members, ensemble.classes)
    n_pool = host.shape[pool]
    if size > n_pool:
        msg = (
            f"`batch_size` must be at most the pool size, {n_pool} (axis {pool} of `p`, shape "
            f"{tuple(host.shape)}); got {size}."
        )
        raise InvalidParameterError(msg)
    n_members = host.shape[ensemble.members]
    if samples < n_members:
        msg = (
            f"`n_samples` must be at least the number of members, {n_members}, so that every "
            f"member is drawn; got {samples}."
        )
        raise InvalidParameterError(msg)
    # The checks ran on the input's own precision; the selection runs in float64.
    array = np.transpose(np.asarray(host, dtype=np.float64), order)
    if from_logits:
        log_p_pool = log_softmax(array, axis=2, xp=np)
        p_pool = np.exp(log_p_pool)
    else:
        p_pool = array
        with np.errstate(divide="ignore"):
            log_p_pool = np.log(p_pool)
    return _greedy(p_pool, log_p_pool, size, samples, generator, numeric_base)


select_batch.__doc__ = (select_batch.__doc__ or "").replace("{rng_none}", RNG_NONE_MEANS)


def _greedy(
    p_pool: np.ndarray[Any, Any],
    log_p_pool: np.ndarray[Any, Any],
    batch_size: int,
    n_samples: int,
    rng: np.random.Generator,
    base: float,
) -> BatchSelection:
    """Run the greedy BatchBALD loop on (pool, members, classes) arrays, in nats."""
    n_members, n_classes = p_pool.shape[1:]
    with np.errstate(invalid="ignore"):
        plogp = np.where(p_pool > 0, p_pool * log_p_pool, 0.0)
    member_entropies = -plogp.sum(axis=2)  # (pool, members)
    configurations = _Configurations(n_members)
    chosen: list[int] = []
    scores: list[float] = []
    exact: list[bool] = []
    score = 0.0
    for _ in range(batch_size):
        gains = _score_gains(p_pool, member_entropies, configurations)
        gains[chosen] = -math.inf
        best = int(np.argmax(gains))
        score += float(gains[best])
        chosen.append(best)
        scores.append(score / math.log(base))
        exact.append(configurations.exact)
        if len(chosen) == batch_size:
            break
        if configurations.exact and n_classes ** (len(chosen) + 1) <= MAX_EXACT_OUTCOMES:
            configurations.enumerate(log_p_pool[best])
        elif configurations.exact:
            configurations.sample(log_p_pool[chosen], n_samples, rng)
        else:
            configurations.draw(log_p_pool[best], rng)
    return BatchSelection(tuple(chosen), tuple(scores), tuple(exact), base)
