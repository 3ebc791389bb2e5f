"""CopulaNormalizer: the ranks of subsets from one sort equal re-ranking each subset."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from infokit.estimators.continuous.gaussian import CopulaNormalizer, copula_normalize


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(3, 120),
    decimals=st.sampled_from([None, 0, 1]),
    subsets=st.integers(1, 4),
)
def test_equals_copula_normalize_of_each_subset(
    seed: int, n: int, decimals: int | None, subsets: int
) -> None:
    rng = np.random.default_rng(seed)
    samples = rng.standard_normal((n, 3))
    if decimals is not None:  # one column with ties, broken by the same random keys
        samples[:, 1] = np.round(samples[:, 1], decimals)
    selections = [np.arange(n)] + [
        np.sort(rng.choice(n, int(rng.integers(2, n + 1)), replace=False)) for _ in range(subsets)
    ]
    selections.append(rng.permutation(n))  # all rows, shuffled
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    normalizer = CopulaNormalizer(samples, ours)
    for rows in selections:
        np.testing.assert_array_equal(normalizer(rows), copula_normalize(samples[rows], theirs))
