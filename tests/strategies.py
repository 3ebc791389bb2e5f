"""Hypothesis strategies for probability vectors and joint tables (with exact zeros)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

_weights = st.one_of(st.just(0.0), st.floats(1e-3, 1.0))


@st.composite
def distributions(
    draw: st.DrawFn, min_outcomes: int = 1, max_outcomes: int = 8, n: int | None = None
) -> np.ndarray:
    """A probability vector with possible exact zeros (never all zero)."""
    size = n if n is not None else draw(st.integers(min_outcomes, max_outcomes))
    weights = draw(hnp.arrays(np.float64, size, elements=_weights))
    weights[draw(st.integers(0, size - 1))] += 0.5
    return weights / weights.sum()


@st.composite
def distribution_pairs(
    draw: st.DrawFn, max_outcomes: int = 8, n: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Two distributions over the same outcomes; `q` is positive wherever `p` is."""
    n = n if n is not None else draw(st.integers(1, max_outcomes))
    p = draw(distributions(n=n))
    q = draw(distributions(n=n))
    q = np.where(p > 0, q + 0.01, q)
    return p, q / q.sum()


@st.composite
def joint_distributions(draw: st.DrawFn, ndim: int = 2, max_outcomes: int = 5) -> np.ndarray:
    """A joint table with `ndim` axes, possibly with zero cells."""
    shape = tuple(draw(st.integers(1, max_outcomes)) for _ in range(ndim))
    flat = draw(distributions(n=int(np.prod(shape))))
    return flat.reshape(shape)
