"""The four spacing estimators equal scipy.stats.differential_entropy (oracle) to 1e-12."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from infokit.errors import TieWarning
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


def _scipy_quietly(x, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # divide by zero in log: scipy's -inf / NaN
        return float(stats.differential_entropy(x, **options))


@pytest.mark.oracle
@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(5, 300),
    decimals=st.integers(0, 2),
    seed=st.integers(0, 2**32 - 1),
    method=st.sampled_from(sorted(SCIPY_NAMES)),
)
def test_ties_equal_scipy_where_it_is_finite_and_are_jittered_where_it_is_not(
    n, decimals, seed, method
):
    # rounded normal samples: ties of every length, zero spacings for the coarse roundings
    x = np.round(np.random.default_rng(seed).standard_normal(n), decimals)
    if np.ptp(x) == 0:
        return  # constant: refused (tested elsewhere)
    expected = _scipy_quietly(x, method=SCIPY_NAMES[method])
    zero_spacing = spacing.has_zero_spacing(x, method, math.floor(math.sqrt(n) + 0.5))
    assert zero_spacing == (not math.isfinite(expected))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = estimate_entropy(x, method=method, uncertainty="none", rng=0).value
    jittered = any(issubclass(w.category, TieWarning) for w in caught)
    assert jittered == zero_spacing
    assert math.isfinite(value)
    if not zero_spacing:
        assert value == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    ("x", "zero_for"),
    [
        # n = 100, m = 10: a run of m + 1 = 11 equal values at an end (clamped spacings
        # and Correa's window vanish there) and in the middle (only van Es's one-sided ones)
        (np.r_[np.zeros(11), np.linspace(1.0, 2.0, 89)], set(SCIPY_NAMES)),
        (np.r_[np.linspace(1.0, 2.0, 89), np.full(11, 3.0)], set(SCIPY_NAMES)),
        (np.r_[np.linspace(0.0, 1.0, 45), np.full(11, 1.5), np.linspace(2, 3, 44)], {"van_es"}),
        (np.r_[np.linspace(0.0, 1.0, 45), np.full(10, 1.5), np.linspace(2, 3, 45)], set()),
    ],
)
def test_zero_spacings_are_jittered_other_ties_give_scipys_value(x, zero_for):
    for method, scipy_name in SCIPY_NAMES.items():
        expected = _scipy_quietly(x, method=scipy_name)
        if method in zero_for:
            assert not math.isfinite(expected)
            with pytest.warns(TieWarning):
                estimate = estimate_entropy(x, method=method, rng=0)
            assert math.isfinite(estimate.value)
            assert 0 < estimate.std_error < 1
        else:
            estimate = estimate_entropy(x, method=method, rng=0)
            assert estimate.value == pytest.approx(expected, rel=1e-12)


@pytest.mark.oracle
@pytest.mark.parametrize("method", sorted(SCIPY_NAMES))
def test_float32_samples_are_estimated_in_float64(method):
    # scipy computes in float32 and returns np.float32; infokit converts the samples to
    # float64 (as every continuous estimator does) and returns a Python float
    x32 = np.random.default_rng(7).normal(size=300).astype(np.float32)
    scipy32 = stats.differential_entropy(x32, method=SCIPY_NAMES[method])
    assert scipy32.dtype == np.float32
    value = estimate_entropy(x32, method=method, uncertainty="none").value
    assert type(value) is float
    expected = stats.differential_entropy(x32.astype(np.float64), method=SCIPY_NAMES[method])
    assert value == pytest.approx(expected, rel=1e-12)
    assert value == pytest.approx(float(scipy32), rel=1e-5)
