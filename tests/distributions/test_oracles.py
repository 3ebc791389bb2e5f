"""Every closed form against torch.distributions and scipy.stats, to 1e-10."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import infokit.distributions as dists
from infokit.distributions import entropy, kl_divergence
from infokit.distributions._registry import find_kl_formula
from infokit.results import Estimate
from tests.distributions.distribution_cases import CASES, build, build_torch, case_id

torch = pytest.importorskip("torch")
td = pytest.importorskip("torch.distributions")

pytestmark = pytest.mark.oracle

PAIRS = list(itertools.product(CASES, CASES))


def _close(ours: float, theirs: float, *, rtol: float = 1e-10) -> bool:
    if np.isinf(theirs) or np.isinf(ours):
        return bool(ours == theirs)
    return abs(ours - theirs) <= rtol * max(1.0, abs(theirs))


@pytest.mark.parametrize("case", [c for c in CASES if c[0] != "Poisson"], ids=case_id)
def test_entropy_matches_torch(case):  # torch has no Poisson entropy
    theirs = float(build_torch(case).entropy())
    ours = entropy(build(case), method="closed_form")
    assert _close(float(ours), theirs), (float(ours), theirs)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_entropy_matches_scipy(case):
    dist = build(case)
    theirs = float(dist.to_scipy().entropy())
    ours = entropy(dist)
    if case[0] == "Poisson":  # no closed form: a summation Estimate, compared the same way
        assert isinstance(ours, Estimate)
        assert ours.method == "summation"
    assert _close(float(ours), theirs), (float(ours), theirs)


def test_kl_divergence_matches_torch_for_every_pair_torch_has():
    compared, mismatches, missing = 0, [], []
    for p_case, q_case in PAIRS:
        try:
            theirs = float(td.kl_divergence(build_torch(p_case), build_torch(q_case)))
        except NotImplementedError:
            continue
        except (ValueError, RuntimeError):  # shape mismatch between families (e.g. 2-D vs 3-D)
            continue
        p, q = build(p_case), build(q_case)
        if find_kl_formula(type(p), type(q)) is None:
            missing.append((case_id(p_case), case_id(q_case)))
            continue
        ours = float(kl_divergence(p, q, method="closed_form"))
        compared += 1
        if not _close(ours, theirs):
            mismatches.append((case_id(p_case), case_id(q_case), ours, theirs))
    assert not missing
    assert not mismatches
    assert compared >= 190  # 195 ordered pairs of the cases have a torch formula


def test_every_torch_pair_among_our_families_is_registered():
    from torch.distributions.kl import _KL_REGISTRY

    ours = {name for name in dists.__all__ if name[0].isupper() and name != "Distribution"}
    for torch_p, torch_q in _KL_REGISTRY:
        if torch_p.__name__ in ours and torch_q.__name__ in ours:
            p_type, q_type = getattr(dists, torch_p.__name__), getattr(dists, torch_q.__name__)
            assert find_kl_formula(p_type, q_type) is not None, (p_type, q_type)


def test_binomial_with_different_counts_matches_exact_sum():
    import scipy.stats

    p, q = dists.Binomial(7.0, 0.4), dists.Binomial(10.0, 0.6)
    k = np.arange(8)
    pmf_p, pmf_q = scipy.stats.binom(7, 0.4).pmf(k), scipy.stats.binom(10, 0.6).pmf(k)
    expected = float(np.sum(pmf_p * np.log(pmf_p / pmf_q)))
    assert _close(float(kl_divergence(p, q)), expected, rtol=1e-12)
    assert float(kl_divergence(q, p)) == np.inf  # 10 trials can give 8 successes; 7 cannot


def test_torch_objects_are_accepted_directly_and_keep_gradients():
    loc = torch.tensor([0.3, -1.0], dtype=torch.float64, requires_grad=True)
    scale = torch.tensor([1.2, 0.5], dtype=torch.float64, requires_grad=True)
    q = td.Normal(torch.tensor(0.5, dtype=torch.float64), torch.tensor(2.0, dtype=torch.float64))
    ours = kl_divergence(td.Normal(loc, scale), q)
    assert isinstance(ours, torch.Tensor)
    ours.sum().backward()
    ours_grads = loc.grad.clone(), scale.grad.clone()
    loc.grad = scale.grad = None
    td.kl_divergence(td.Normal(loc, scale), q).sum().backward()
    torch.testing.assert_close(ours_grads[0], loc.grad, rtol=1e-12, atol=1e-14)
    torch.testing.assert_close(ours_grads[1], scale.grad, rtol=1e-12, atol=1e-14)


def test_gradcheck_through_gamma_kl_special_functions():
    alpha = torch.tensor([0.7, 2.5], dtype=torch.float64, requires_grad=True)

    def kl(a):
        return kl_divergence(
            dists.Gamma(a, 1.3), dists.Gamma(torch.tensor(2.0, dtype=a.dtype), 0.5)
        )

    assert torch.autograd.gradcheck(kl, (alpha,))
