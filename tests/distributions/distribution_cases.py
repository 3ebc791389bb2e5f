"""Example distributions shared by the tests: the same parameters for infokit and torch."""

from __future__ import annotations

from typing import Any

import numpy as np

import infokit.distributions as dists

# (family, parameters) — parameter names are torch.distributions' names, so the same keyword
# arguments build both libraries' objects.
CASES: list[tuple[str, dict[str, Any]]] = [
    ("Normal", {"loc": 0.3, "scale": 1.2}),
    ("Normal", {"loc": -1.0, "scale": 0.5}),
    ("LogNormal", {"loc": 0.2, "scale": 0.7}),
    ("LogNormal", {"loc": -0.3, "scale": 1.1}),
    ("Laplace", {"loc": 0.1, "scale": 0.8}),
    ("Laplace", {"loc": 1.0, "scale": 2.0}),
    ("Uniform", {"low": 0.1, "high": 0.7}),
    ("Uniform", {"low": -1.0, "high": 2.0}),
    ("Uniform", {"low": 0.5, "high": 3.0}),
    ("Exponential", {"rate": 1.5}),
    ("Exponential", {"rate": 0.4}),
    ("Gamma", {"concentration": 2.5, "rate": 1.3}),
    ("Gamma", {"concentration": 0.7, "rate": 2.0}),
    ("Beta", {"concentration1": 2.0, "concentration0": 3.0}),
    ("Beta", {"concentration1": 0.8, "concentration0": 1.7}),
    ("StudentT", {"df": 3.0, "loc": 0.2, "scale": 1.5}),
    ("StudentT", {"df": 7.5, "loc": 0.0, "scale": 1.0}),
    ("Bernoulli", {"probs": 0.3}),
    ("Bernoulli", {"logits": -1.2}),
    ("Categorical", {"probs": [0.2, 0.5, 0.3]}),
    ("Categorical", {"logits": [0.1, -1.0, 2.0]}),
    ("Binomial", {"total_count": 10.0, "probs": 0.3}),
    ("Binomial", {"total_count": 10.0, "probs": 0.6}),
    ("Poisson", {"rate": 3.2}),
    ("Poisson", {"rate": 0.7}),
    ("Geometric", {"probs": 0.3}),
    ("Geometric", {"probs": 0.65}),
    ("Dirichlet", {"concentration": [1.5, 2.0, 0.7]}),
    ("Dirichlet", {"concentration": [3.0, 1.0, 1.0]}),
    ("MultivariateNormal", {"loc": [0.1, -0.2], "covariance_matrix": [[1.5, 0.3], [0.3, 0.8]]}),
    ("MultivariateNormal", {"loc": [1.0, 0.0], "scale_tril": [[1.0, 0.0], [0.5, 2.0]]}),
]


def case_id(case: tuple[str, dict[str, Any]]) -> str:
    name, params = case
    shown = ",".join(f"{k}={np.asarray(v).tolist()}" for k, v in params.items())
    return f"{name}({shown})"


def build(case: tuple[str, dict[str, Any]], convert: Any = None) -> Any:
    """Build the infokit distribution, converting parameters with `convert` if given."""
    name, params = case
    if convert is not None:
        params = {k: convert(v) for k, v in params.items()}
    return getattr(dists, name)(**params)


def build_torch(case: tuple[str, dict[str, Any]]) -> Any:
    import torch
    import torch.distributions as td

    name, params = case
    tensors = {k: torch.tensor(v, dtype=torch.float64) for k, v in params.items()}
    return getattr(td, name)(**tensors, validate_args=True)
