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
"""

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

__all__ = [
    "MineBound",
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
