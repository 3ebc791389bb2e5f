"""The four spacing estimators equal scipy.stats.differential_entropy (oracle) to 1e-12."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from infokit.estimators._frontends import estimate_entropy
from infokit.estimators.continuous import spacing

SCIPY_NAMES = {"vasicek": "vasicek", "van_es": "van es", "ebrahimi": "ebrahimi", "correa": "correa"}
DRAWS = {
    "normal": lambda rng, n: rng.normal(size=n),
    "exponential": lambda rng, n: rng.exponential(size=n),
    "uniform": lambda rng, n: rng.uniform(-3.0, 5.0, size=n),
}


@pytest.mark.oracle
@pytest.mark.parametrize("method", sorted(SCIPY_NAMES))
@pytest.mark.parametrize("n", [5, 6, 7, 10, 11, 30, 101, 1000, 3001])
@pytest.mark.parametrize("draw", sorted(DRAWS))
def test_public_call_equals_scipy_default_window(method, n, draw):
    x = DRAWS[draw](np.random.default_rng(n), n)
    expected = stats.differential_entropy(x, method=SCIPY_NAMES[method])
    estimate = estimate_entropy(x, method=method, uncertainty="none")
    assert estimate.value == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert estimate.details["window_length"] == math.floor(math.sqrt(n) + 0.5)


@pytest.mark.oracle
@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(3, 400),
    fraction=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
    method=st.sampled_from(sorted(SCIPY_NAMES)),
    scale=st.sampled_from([1e-6, 1.0, 1e6]),
)
def test_every_window_scipy_accepts(n, fraction, seed, method, scale):
    largest = (n - 1) // 2  # scipy: 2 <= 2 m < n
    m = 1 + round(fraction * (largest - 1))
    x = scale * np.random.default_rng(seed).standard_normal(n)
    expected = stats.differential_entropy(x, window_length=m, method=SCIPY_NAMES[method])
    kernel_value, terms = spacing.spacing_estimator(method)(x, window_length=m)
    assert kernel_value == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert float(np.mean(terms)) == pytest.approx(kernel_value, rel=1e-12, abs=1e-12)
    public = estimate_entropy(x, method=method, window_length=m, uncertainty="none").value
    assert public == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_correa_blocks_agree_with_one_block(monkeypatch):
    x = np.random.default_rng(4).gamma(2.0, size=2000)
    whole, _ = spacing.correa_entropy(x, window_length=30)
    monkeypatch.setattr(spacing, "_CORREA_BLOCK_CELLS", 61 * 7)  # 7 rows per block
    blocked, _ = spacing.correa_entropy(x, window_length=30)
    assert blocked == pytest.approx(whole, rel=1e-14)


@pytest.mark.parametrize("method", ["van_es", "correa"])
def test_new_methods_have_error_bars_and_converge(method):
    # N(0, 2^2): H = 0.5 log(2 pi e) + log 2 = 2.1121 nats
    x = np.random.default_rng(5).normal(scale=2.0, size=20_000)
    estimate = estimate_entropy(x, method=method, rng=0, ci=0.95)
    truth = 0.5 * math.log(2 * math.pi * math.e) + math.log(2.0)
    assert estimate.details["uncertainty"] == "block_jackknife"
    assert 0 < estimate.std_error < 0.02
    assert abs(estimate.value - truth) < 0.02


@pytest.mark.parametrize("n", [3, 4])
def test_default_window_too_large_is_refused_where_scipy_gives_nan(n):
    # the default m = floor(sqrt(n) + 1/2) = 2 needs n > 4; scipy returns NaN with a warning
    x = np.random.default_rng(0).normal(size=n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy's SmallSampleWarning (its class moved)
        assert math.isnan(stats.differential_entropy(x))
    with pytest.raises(ValueError, match="window_length"):
        estimate_entropy(x, method="vasicek")
    assert estimate_entropy(x, method="van_es", window_length=1).value == pytest.approx(
        stats.differential_entropy(x, window_length=1, method="van es"), rel=1e-12
    )


def test_window_too_large_is_refused():
    with pytest.raises(ValueError, match="window_length"):
        estimate_entropy(np.arange(6.0), method="correa", window_length=3)
