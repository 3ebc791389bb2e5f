"""Variational bounds on mutual information from critic scores, for training and estimation.

Functions of a square matrix ``scores[..., i, j] = f(x_i, y_j)`` of critic values on a
batch of ``N`` joint samples (the diagonal), differentiable on PyTorch and JAX: the lower
bounds `infonce_lower_bound` (at most `infonce_ceiling`, ``log N``), `nwj_lower_bound`,
`donsker_varadhan_lower_bound`, `tuba_lower_bound`, and the training objectives
`mine_lower_bound` (moving-average gradient), `smile_lower_bound` (clipped partition) and
`jensen_shannon_lower_bound` (NWJ value, Jensen–Shannon gradient); the upper bounds
`club_upper_bound` and `leave_one_out_upper_bound` take conditional log-likelihoods
``log_q[..., i, j] = log q(y_j | x_i)`` instead. Values are in nats unless `base` says
otherwise.

The critics `SeparableCritic`, `JointCritic` and `BilinearCritic` (`infokit.bounds.critics`,
small `torch.nn.Module` networks that produce such score matrices) need PyTorch and are
loaded on first use, so this package imports without it.
"""

import importlib

from infokit.bounds.lower import (
    donsker_varadhan_lower_bound,
    infonce_ceiling,
    infonce_lower_bound,
    nwj_lower_bound,
    tuba_lower_bound,
)
from infokit.bounds.training import (
    MineBound,
    jensen_shannon_lower_bound,
    mine_lower_bound,
    smile_lower_bound,
)
from infokit.bounds.upper import club_upper_bound, leave_one_out_upper_bound

# The critics are torch modules: loaded on first access, with an install hint without torch.
_CRITICS = ("BilinearCritic", "JointCritic", "SeparableCritic")


def __getattr__(name: str) -> object:
    if name in _CRITICS or name == "critics":
        from infokit._optional import import_optional

        import_optional("torch", needed_by=f"`infokit.bounds.{name}`", extra="torch")
        module = importlib.import_module("infokit.bounds.critics")
        return module if name == "critics" else getattr(module, name)
    msg = f"module 'infokit.bounds' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | {*_CRITICS, "critics"})


__all__ = [
    "BilinearCritic",
    "JointCritic",
    "MineBound",
    "SeparableCritic",
    "club_upper_bound",
    "donsker_varadhan_lower_bound",
    "infonce_ceiling",
    "infonce_lower_bound",
    "jensen_shannon_lower_bound",
    "leave_one_out_upper_bound",
    "mine_lower_bound",
    "nwj_lower_bound",
    "smile_lower_bound",
    "tuba_lower_bound",
]
