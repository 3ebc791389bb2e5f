"""The public registries: users add closed forms, and lookups follow subclasses."""

from __future__ import annotations

import math

import pytest

import infokit.distributions as dists
from infokit.distributions import entropy, kl_divergence, register_entropy, register_kl_divergence
from infokit.distributions._registry import _ENTROPY_FORMULAS, _KL_CACHE, _KL_FORMULAS
from infokit.errors import InvalidParameterError, NoClosedFormError


@pytest.fixture
def clean_registry():
    saved_kl, saved_entropy = dict(_KL_FORMULAS), dict(_ENTROPY_FORMULAS)
    yield
    _KL_FORMULAS.clear()
    _KL_FORMULAS.update(saved_kl)
    _ENTROPY_FORMULAS.clear()
    _ENTROPY_FORMULAS.update(saved_entropy)
    _KL_CACHE.clear()


def test_user_registered_pair_is_used_and_subclasses_inherit(clean_registry):
    class HalfNormal(dists.Normal):
        """|X| for X ~ N(0, scale²); only `scale` matters."""

    # Subclasses find their parents' formulas until they register their own.
    assert float(kl_divergence(HalfNormal(0.0, 1.0), dists.Normal(0.0, 2.0))) == pytest.approx(
        float(kl_divergence(dists.Normal(0.0, 1.0), dists.Normal(0.0, 2.0)))
    )

    @register_kl_divergence(HalfNormal, dists.Exponential)
    def _kl_half_normal_exponential(p, q):
        # −H(p) − E[log λ − λ|X|], with H = ½ log(πe σ²/2) and E|X| = σ √(2/π)
        xp = p.xp
        half_normal_entropy = 0.5 * xp.log(math.pi * math.e * p.scale**2 / 2)
        return -half_normal_entropy - xp.log(q.rate) + q.rate * p.scale * math.sqrt(2 / math.pi)

    value = kl_divergence(HalfNormal(0.0, 1.5), dists.Exponential(0.8))
    import numpy as np
    import scipy.stats
    from scipy.integrate import quad

    p, q = scipy.stats.halfnorm(scale=1.5), scipy.stats.expon(scale=1 / 0.8)
    expected = quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), 0, np.inf)[0]
    assert float(value) == pytest.approx(expected, rel=1e-9)


def test_closed_form_error_names_both_types_and_lists_pairs():
    with pytest.raises(NoClosedFormError) as caught:
        kl_divergence(dists.StudentT(3.0), dists.Laplace(0.0, 1.0), method="closed_form")
    text = str(caught.value)
    assert "(StudentT, Laplace)" in text
    assert "(Normal, Normal)" in text
    assert "(Gamma, Exponential)" in text
    assert "register_kl_divergence" in text


def test_registering_a_non_distribution_is_refused():
    with pytest.raises(InvalidParameterError, match="`p_type` must be a distribution class"):
        register_kl_divergence(float, dists.Normal)
    with pytest.raises(InvalidParameterError, match="`dist_type` must be a distribution class"):
        register_entropy("Normal")


def test_user_entropy_formula(clean_registry):
    class Scaled(dists.Poisson):
        pass

    assert entropy(Scaled(2.0)).method == "summation"

    @register_entropy(Scaled)
    def _entropy(p):
        return p.rate * 0 + 42.0

    assert float(entropy(Scaled(2.0))) == 42.0


def test_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, infokit.distributions; "
        "print([m for m in ('torch', 'jax', 'scipy.stats', 'scipy.integrate') if m in sys.modules])"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"
