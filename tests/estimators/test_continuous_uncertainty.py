"""The error-bar plan of the continuous estimators: cheap at large N, calibrated at every N."""

from __future__ import annotations

import numpy as np
import pytest

from infokit.estimators._frontends import estimate_entropy, estimate_mutual_information
from infokit.estimators.continuous import uncertainty


@pytest.mark.parametrize(
    ("n", "method", "plan"),
    [
        (1_000, "ksg", (40, 0.25)),
        (4_999, "ksg", (40, 0.25)),
        (5_000, "ksg", (12, 0.25)),
        (19_999, "ross", (12, 0.25)),
        (5_000, "kozachenko_leonenko", (40, 0.25)),
        (19_999, "kozachenko_leonenko", (40, 0.25)),
        (20_000, "ksg", (6, 0.25)),
        (20_000, "ross", (6, 0.25)),
        (20_000, "kozachenko_leonenko", (8, 1 / 16)),
        (20_000, "knn", (8, 1 / 16)),
        (399_999, "mixed_ksg", (6, 0.25)),
        (400_000, "ksg", (8, 1 / 16)),
    ],
)
def test_subsampling_plan(n, method, plan):
    assert uncertainty.subsampling_plan(n, method) == plan


def test_large_sample_defaults_are_reported():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(30_000)
    y = 0.6 * x + 0.8 * rng.standard_normal(30_000)
    mi = estimate_mutual_information(x, y, rng=1)
    assert mi.details["uncertainty"] == "subsampling"
    assert (mi.details["n_subsamples"], mi.details["subsample_fraction"]) == (6, 0.25)
    entropy = estimate_entropy(rng.standard_normal((30_000, 3)), rng=1)
    assert (entropy.details["n_subsamples"], entropy.details["subsample_fraction"]) == (8, 1 / 16)
    # the 95% interval is Student's t with B - 1 = 5 degrees of freedom around the value
    ci = estimate_mutual_information(x, y, rng=1, ci=0.95).ci
    assert ci is not None
    assert ci[1] - mi.value == pytest.approx(2.5705818366147395 * mi.std_error, rel=1e-9)


def test_local_terms_only_when_asked():
    # they under-state the error, so "auto" no longer switches to them above 10^5 samples
    rng = np.random.default_rng(1)
    x = rng.standard_normal(120_000)
    y = x + rng.standard_normal(120_000)
    default = estimate_mutual_information(x, y, rng=0)
    assert default.details["uncertainty"] == "subsampling"
    local = estimate_mutual_information(x, y, rng=0, uncertainty="local_terms")
    assert local.details["uncertainty"] == "local_terms"
    assert local.value == default.value


@pytest.mark.slow
def test_cheap_plan_matches_the_spread_over_seeds():
    # At N = 20 000 the default error bar uses 6 subsamples of N/4; its mean over 40 seeds
    # must agree with the spread of the estimates themselves (the sd of 40 values is known
    # to about 11%, so a bar off by 40% fails).
    values, errors = [], []
    for seed in range(40):
        rng = np.random.default_rng([2, seed])
        x = rng.standard_normal(20_000)
        y = 0.3 * x + np.sqrt(1 - 0.09) * rng.standard_normal(20_000)
        estimate = estimate_mutual_information(x, y, rng=seed)
        values.append(estimate.value)
        errors.append(estimate.std_error)
    ratio = np.mean(errors) / np.std(values, ddof=1)
    assert 0.7 < ratio < 1.4
