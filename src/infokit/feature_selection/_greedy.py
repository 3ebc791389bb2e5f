"""Greedy forward selection on cached pairwise mutual information (mRMR, JMI, CMIM).

`PairCache` estimates each pairwise term once per fit -- I(f; s) for mRMR, I(f, s; Y) for
JMI and CMIM -- with the kNN estimators or, for ``method="gaussian_copula"``, with
`CopulaMoments` (all candidates against the newly chosen feature in one matrix product);
`greedy` runs the selection on them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from infokit._validation import make_rng
from infokit.feature_selection._data import (
    Column,
    child_generators,
    thread_map,
)
from infokit.feature_selection._pairs import (
    Block,
    CopulaMoments,
    block_mutual_information,
)

__all__ = ["PairCache", "greedy"]

FloatArray = NDArray[np.float64]


class PairCache:
    """Pairwise quantities of one fit, each estimated once: I(f; s) and I(f, s; Y)."""

    def __init__(
        self,
        columns: list[Column],
        target: Column,
        *,
        n_neighbors: int,
        threads: int,
        method: str,
        rng: object,
    ) -> None:
        self.moments: CopulaMoments | None = None
        self.position: dict[int, int] = {}
        if method == "gaussian_copula":
            columns, target = _copula_columns([*columns, target], rng, threads)
            self.position = {
                f: i for i, f in enumerate(j for j, c in enumerate(columns) if _continuous(c))
            }
            scores = [_values(columns[f]) for f in self.position]
            if not target.discrete:  # the target is the last column
                scores.append(_values(target))
            if scores:
                self.moments = CopulaMoments(np.column_stack(scores), target.codes)
        self.columns, self.target, self.method = columns, target, method
        self.n_neighbors, self.threads = n_neighbors, threads
        self.target_block = Block.of(target)
        self.redundancy: dict[tuple[int, int], float] = {}
        self.joint_relevance: dict[tuple[int, int], float] = {}

    def _estimate(self, a: Block, b: Block) -> float:
        return block_mutual_information(
            a, b, n_neighbors=self.n_neighbors, discrete_method="auto", method=self.method
        )

    def relevance(self) -> FloatArray:
        """I(f; Y) of every feature with this cache's estimator, in nats."""
        columns = self.columns
        others = [f for f in range(len(columns)) if f not in self.position]
        values = np.zeros(len(columns))
        values[others] = thread_map(
            lambda f: self._estimate(Block.of(columns[f]), self.target_block),
            others,
            self.threads,
        )
        if self.moments is not None and self.position:
            if self.target.discrete:
                vectorised = self.moments.relevance()
            else:
                vectorised = self.moments.redundancy(len(self.position))[:-1]
            values[list(self.position)] = vectorised[: len(self.position)]
        return values

    def _fill(
        self,
        store: dict[tuple[int, int], float],
        chosen: int,
        candidates: list[int],
        compute: Callable[[int], float],
    ) -> FloatArray:
        keys = [(min(f, chosen), max(f, chosen)) for f in candidates]
        missing = [f for f, key in zip(candidates, keys, strict=True) if key not in store]
        for f, value in zip(missing, thread_map(compute, missing, self.threads), strict=True):
            store[min(f, chosen), max(f, chosen)] = value
        return np.array([store[key] for key in keys], dtype=np.float64)

    def _continuous_batch(self, chosen: int, candidates: list[int]) -> None:
        """Continuous against continuous: one batch sharing the work on `chosen`."""
        columns = self.columns
        batch = [
            f for f in candidates
            if (min(f, chosen), max(f, chosen)) not in self.redundancy
            and not columns[f].discrete and not columns[f].constant
        ]  # fmt: skip
        if not _continuous(columns[chosen]) or not batch:
            return
        if self.moments is not None:
            everything = self.moments.redundancy(self.position[chosen])
            values = everything[[self.position[f] for f in batch]]
        else:
            from infokit.estimators.continuous.neighbors import ksg_mutual_information_many

            features = np.column_stack([_values(columns[f]) for f in batch])
            values, _ = ksg_mutual_information_many(
                features, _values(columns[chosen]), n_neighbors=self.n_neighbors,
                n_jobs=self.threads,
            )  # fmt: skip
        for f, value in zip(batch, values, strict=True):
            self.redundancy[min(f, chosen), max(f, chosen)] = float(value)

    def feature_feature(self, chosen: int, candidates: list[int]) -> FloatArray:
        """I(f; chosen) for each candidate f, in nats."""
        self._continuous_batch(chosen, candidates)
        columns = self.columns
        chosen_block = Block.of(columns[chosen])
        return self._fill(
            self.redundancy,
            chosen,
            candidates,
            lambda f: self._estimate(Block.of(columns[f]), chosen_block),
        )

    def feature_pair_target(self, chosen: int, candidates: list[int]) -> FloatArray:
        """I(f, chosen; Y) for each candidate f, in nats."""
        columns = self.columns
        if self.moments is not None and self.target.discrete and chosen in self.position:
            batch = [
                f for f in candidates
                if (min(f, chosen), max(f, chosen)) not in self.joint_relevance
                and f in self.position
            ]  # fmt: skip
            everything = self.moments.joint(self.position[chosen])
            for f in batch:
                self.joint_relevance[min(f, chosen), max(f, chosen)] = float(
                    everything[self.position[f]]
                )
        return self._fill(
            self.joint_relevance,
            chosen,
            candidates,
            lambda f: self._estimate(Block.of(columns[f], columns[chosen]), self.target_block),
        )


def _copula_columns(
    columns: list[Column], rng: object, threads: int
) -> tuple[list[Column], Column]:
    """Replace continuous values by their normal scores (ranks mapped through Phi^-1)."""
    from infokit.estimators.continuous.gaussian import copula_normalize

    generators = child_generators(make_rng(rng), len(columns))

    def normalise(index: int) -> Column:
        column = columns[index]
        if column.values is None or column.constant:
            return column
        scores = copula_normalize(column.values[:, None], generators[index])[:, 0]
        return dataclasses.replace(column, values=scores)

    prepared = thread_map(normalise, range(len(columns)), threads)
    return prepared[:-1], prepared[-1]


def _continuous(column: Column) -> bool:
    return not column.discrete and not column.constant


def _values(column: Column) -> FloatArray:
    assert column.values is not None
    return column.values


def greedy(
    strategy: str, relevance: FloatArray, n_select: int, cache: PairCache
) -> tuple[list[int], list[float]]:
    """Forward selection; returns the chosen indices and their criterion values (nats)."""
    n_features = relevance.shape[0]
    first = int(np.argmax(relevance))
    selected, criteria = [first], [float(relevance[first])]
    accumulated = np.zeros(n_features)  # sum of I(f; s), sum of I(f, s; Y), or min I(f; Y | s)
    if strategy == "cmim":
        accumulated.fill(np.inf)
    while len(selected) < n_select:
        chosen = selected[-1]
        remaining = [f for f in range(n_features) if f not in selected]
        if strategy == "mrmr":
            accumulated[remaining] += cache.feature_feature(chosen, remaining)
            score = relevance[remaining] - accumulated[remaining] / len(selected)
        elif strategy == "jmi":
            accumulated[remaining] += cache.feature_pair_target(chosen, remaining)
            score = accumulated[remaining]
        else:  # cmim: I(f; Y | s) = I(f, s; Y) - I(s; Y)
            conditional = cache.feature_pair_target(chosen, remaining) - relevance[chosen]
            accumulated[remaining] = np.minimum(accumulated[remaining], conditional)
            score = accumulated[remaining]
        best = int(np.argmax(score))  # ties: the lowest index
        selected.append(remaining[best])
        criteria.append(float(score[best]))
    return selected, criteria
