"""Intervals of discrete entropy estimates: the hull with the Chao–Wang–Jost interval.

For one entropy, every method but ``"chao_wang_jost"`` reports the hull of its own interval
(bootstrap percentile, jackknife-normal or NSB posterior) and the Chao–Wang–Jost
jackknife-normal interval on the same counts. The reference interval is rebuilt here from the
literal formulas of Chao, Wang & Jost (2013) and a brute-force leave-one-out jackknife.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from infokit.errors import SmallSampleWarning
from infokit.estimators._frontends import estimate_entropy, estimate_mutual_information
from infokit.estimators.discrete.engine import estimate_entropy_from_counts
from infokit.estimators.discrete.nsb import nsb_posterior

COUNTS = np.array([10, 7, 5, 3, 2, 1, 1, 1])  # N = 30, f1 = 3, f2 = 1
HULLED = ["plugin", "miller_madow", "jackknife", "grassberger", "chao_shen"]
HULLED += ["james_stein", "dirichlet", "nsb"]
LN2 = math.log(2)


def _chao_wang_jost_literal(counts: np.ndarray) -> float:
    """Eq. (7) of Chao, Wang & Jost (2013), summed term by term (fine for small N)."""
    counts = counts[counts > 0].astype(int)
    total = int(counts.sum())
    f1 = int(np.sum(counts == 1))
    f2 = int(np.sum(counts == 2))
    # psi(N) - psi(n) = 1/n + 1/(n+1) + ... + 1/(N-1)
    value = math.fsum(
        n / total * math.fsum(1 / k for k in range(n, total)) for n in counts if n < total
    )
    if f2 > 0:
        a = 2 * f2 / ((total - 1) * f1 + 2 * f2)
    elif f1 > 0:
        a = 2 / ((total - 1) * (f1 - 1) + 2)
    else:
        a = 1.0
    if f1 > 0 and a < 1:
        tail = -math.log(a) - math.fsum((1 - a) ** r / r for r in range(1, total))
        value += f1 / total * (1 - a) ** (1 - total) * tail
    return value


def _chao_shen_literal(counts: np.ndarray) -> float:
    counts = counts[counts > 0].astype(float)
    total = counts.sum()
    coverage = 1 - np.sum(counts == 1) / total
    p = coverage * counts / total
    return float(np.sum(-p * np.log(p) / (1 - (1 - p) ** total)))


def _jackknife_se(counts: np.ndarray, estimator) -> float:
    """Jackknife standard error from the N leave-one-out estimates (one sample at a time)."""
    labels = np.repeat(np.arange(counts.size), counts.astype(int))
    left_out = np.array(
        [
            estimator(np.bincount(np.delete(labels, index), minlength=counts.size))
            for index in range(labels.size)
        ]
    )
    total = labels.size
    return math.sqrt((total - 1) / total * np.sum((left_out - left_out.mean()) ** 2))


def _jackknife_normal(counts: np.ndarray, estimator, level: float) -> tuple[float, float]:
    """estimate ± z * se with the jackknife standard error."""
    se = _jackknife_se(counts, estimator)
    z = special.ndtri(0.5 + level / 2)
    value = estimator(counts)
    return value - z * se, value + z * se


def test_literal_reference_matches_the_chao_wang_jost_method():
    # the oracle of this file agrees with the library's own Chao–Wang–Jost interval
    estimate = estimate_entropy_from_counts(COUNTS, method="chao_wang_jost", ci=0.9)
    assert float(estimate) == pytest.approx(_chao_wang_jost_literal(COUNTS), rel=1e-10)
    expected = _jackknife_normal(COUNTS, _chao_wang_jost_literal, 0.9)
    assert estimate.ci == pytest.approx(expected, rel=1e-10)
    assert "own_interval" not in estimate.details  # the reference is not joined with itself
    assert estimate.details["interval"] == "normal interval with the jackknife standard error"


@pytest.mark.parametrize("method", HULLED)
def test_interval_is_the_hull_of_own_and_chao_wang_jost(method):
    alphabet_size = 20 if method == "nsb" else None
    estimate = estimate_entropy_from_counts(
        COUNTS, method=method, alphabet_size=alphabet_size, ci=0.9, rng=3, n_bootstrap=200
    )
    reference = _jackknife_normal(COUNTS, _chao_wang_jost_literal, 0.9)
    assert estimate.details["reference_interval"] == pytest.approx(reference, rel=1e-10)
    own = estimate.details["own_interval"]
    assert estimate.ci == pytest.approx(
        (min(own[0], reference[0]), max(own[1], reference[1])), rel=1e-10
    )
    assert estimate.details["interval"].startswith("hull of the ")
    assert estimate.details["interval"].endswith(
        "Chao–Wang–Jost normal interval with the jackknife standard error"
    )
    # the point estimate and its standard error do not depend on `ci`
    bare = estimate_entropy_from_counts(COUNTS, method=method, alphabet_size=alphabet_size)
    assert estimate.value == bare.value
    assert estimate.std_error == bare.std_error


def test_own_intervals_by_hand():
    # Chao–Shen: its own jackknife-normal interval; NSB: the posterior HPD interval
    chao_shen = estimate_entropy_from_counts(COUNTS, method="chao_shen", ci=0.9)
    expected = _jackknife_normal(COUNTS, _chao_shen_literal, 0.9)
    assert chao_shen.details["own_interval"] == pytest.approx(expected, rel=1e-10)
    assert chao_shen.details["ci_method"] == "jackknife_normal"
    nsb = estimate_entropy_from_counts(COUNTS, method="nsb", alphabet_size=20, ci=0.9)
    hpd = nsb_posterior(COUNTS.astype(float), 20).hpd_interval(0.9)
    assert nsb.details["own_interval"] == hpd
    assert nsb.details["ci_method"] == "posterior_hpd"
    # the plug-in's own interval is the seeded, re-centred bootstrap around its estimate
    plugin = estimate_entropy_from_counts(COUNTS, method="plugin", ci=0.9, rng=4)
    low, high = plugin.details["own_interval"]
    assert low < plugin.value < high
    assert plugin.details["ci_method"] == "bootstrap_percentile_centered"
    again = estimate_entropy_from_counts(COUNTS, method="plugin", ci=0.9, rng=4)
    assert again.ci == plugin.ci


def test_hull_is_clipped_to_log_k_and_converted_to_bits():
    # near-uniform data with K known: the Chao–Wang–Jost estimate exceeds log K, so (as for
    # method="chao_wang_jost") its interval is centred on log K and clipped there
    counts = np.array([6, 5, 5, 5, 5, 5, 4, 5])
    ceiling = math.log(8)
    nats = estimate_entropy_from_counts(counts, method="plugin", alphabet_size=8, ci=0.95, rng=0)
    assert _chao_wang_jost_literal(counts) > ceiling
    half_width = special.ndtri(0.975) * _jackknife_se(counts, _chao_wang_jost_literal)
    assert nats.details["reference_interval"] == pytest.approx(
        (ceiling - half_width, ceiling), rel=1e-10
    )
    assert nats.ci[1] == ceiling
    assert nats.ci[0] == min(nats.details["own_interval"][0], ceiling - half_width)
    bits = estimate_entropy_from_counts(
        counts, method="plugin", alphabet_size=8, ci=0.95, rng=0, base="bits"
    )
    assert bits.ci == pytest.approx((nats.ci[0] / LN2, 3.0), rel=1e-12)
    for key in ("own_interval", "reference_interval"):
        converted = (nats.details[key][0] / LN2, nats.details[key][1] / LN2)
        assert bits.details[key] == pytest.approx(converted, rel=1e-12)


def test_auto_is_hulled_unless_it_chooses_chao_wang_jost():
    rng = np.random.default_rng(2)
    labels = rng.integers(0, 50, size=30)
    nsb = estimate_entropy(labels, alphabet_size=50, ci=0.9)  # N < K: NSB
    assert nsb.method == "nsb"
    assert "reference_interval" in nsb.details
    # K unknown, most samples singletons: JVHW (22 distinct integers in 30 samples are
    # measurements by the discreteness rule, so the labels are declared)
    jvhw = estimate_entropy(labels, ci=0.9, discrete=True)
    assert jvhw.method == "jvhw"
    assert "reference_interval" in jvhw.details
    plenty = estimate_entropy(rng.integers(0, 5, size=200), ci=0.9)  # no singletons
    assert plenty.method == "chao_wang_jost"
    assert "own_interval" not in plenty.details
    with pytest.warns(SmallSampleWarning, match="clipped"):  # 4.48 nats > log 50
        reference = estimate_entropy(labels, method="chao_wang_jost", alphabet_size=50, ci=0.9)
    assert "own_interval" not in reference.details
    # the same interval, centred on the estimate clipped to log K, as the method reports it
    assert nsb.details["reference_interval"] == pytest.approx(reference.ci, rel=1e-12)


def test_mutual_information_interval_is_not_hulled():
    # combinations keep their own interval (no Chao–Wang–Jost reference exists for them)
    rng = np.random.default_rng(3)
    x = rng.integers(0, 4, size=200)
    y = (x + rng.integers(0, 2, size=200)) % 4
    estimate = estimate_mutual_information(x, y, method="plugin", ci=0.9, rng=0)
    assert "own_interval" not in estimate.details
    assert estimate.details["ci_method"] == "bootstrap_percentile_centered"
    assert estimate.ci[0] < estimate.value < estimate.ci[1]


def test_plugin_coverage_when_n_equals_k():
    # uniform over K = 200, N = 200: the plug-in is biased by about -0.43 nats against a
    # spread of 0.04, so its own re-centred bootstrap interval almost never covers; the hull
    # with the Chao–Wang–Jost interval must cover at the nominal rate
    size, reps = 200, 60
    truth = math.log(size)
    rng = np.random.default_rng(17)
    own_covered = covered = 0
    for index in range(reps):
        counts = rng.multinomial(size, np.full(size, 1 / size))
        estimate = estimate_entropy_from_counts(
            counts, method="plugin", ci=0.95, rng=index, n_bootstrap=100
        )
        low, high = estimate.details["own_interval"]
        own_covered += low <= truth <= high
        covered += estimate.ci[0] <= truth <= estimate.ci[1]
    assert own_covered / reps <= 0.05
    assert covered / reps >= 0.85  # nominal 0.95; binomial sd at 60 reps ≈ 0.03


def test_rounding_past_log_k_is_clipped_silently():
    # the plug-in of equal counts is log K up to rounding: no "clipped" warning for that
    estimate = estimate_entropy_from_counts([5] * 8, method="plugin", alphabet_size=8, ci=0.9)
    assert estimate.value == pytest.approx(math.log(8), rel=1e-14)
    assert estimate.value <= math.log(8)
    assert estimate.ci[1] == math.log(8)


def test_bootstrap_spread_is_reported_in_the_unit_of_base() -> None:
    nats = estimate_entropy_from_counts(COUNTS, method="plugin", ci=0.9, rng=3)
    bits = estimate_entropy_from_counts(COUNTS, method="plugin", ci=0.9, rng=3, base=2)
    assert nats.details["bootstrap_std"] > 0
    assert bits.details["bootstrap_std"] == pytest.approx(
        nats.details["bootstrap_std"] / LN2, rel=1e-12
    )
