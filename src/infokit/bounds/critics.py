r"""Small critics :math:`f(x, y)` for the variational bounds, as `torch.nn.Module` objects.

Each critic maps a batch of ``B`` pairs to the ``B x B`` matrix the bounds of
`infokit.bounds` read, ``scores[..., i, j] = f(x_i, y_j)``: the diagonal scores the joint
pairs, the rest the product of the marginals. Leading batch axes are kept, so
``x`` of shape ``(..., B, dim_x)`` and ``y`` of shape ``(..., B, dim_y)`` give scores of
shape ``(..., B, B)``. The three architectures are those compared by Poole et al. [1]_:

- `SeparableCritic`: :math:`f(x, y) = g(x)^\top h(y)`, two encoders and a dot product:
  ``B`` evaluations of each network per batch, the cheapest; the critic of InfoNCE/CPC [2]_.
- `JointCritic`: :math:`f(x, y) = \mathrm{MLP}([x, y])` on the concatenation, as in MINE [3]_
  and SMILE [4]_: more flexible, ``B^2`` evaluations per batch.
- `BilinearCritic`: :math:`f(x, y) = x^\top W y`, the cross term of the log density ratio
  of jointly Gaussian variables (without its quadratic terms in :math:`x` or :math:`y` alone).

This module needs PyTorch (``pip install 'infokit[torch]'``); ``infokit.bounds`` itself
does not, and loads the critics on first use.

References
----------
.. [1] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational Bounds
   of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.
.. [2] A. van den Oord, Y. Li and O. Vinyals, "Representation Learning with Contrastive
   Predictive Coding", arXiv:1807.03748, 2018.
.. [3] M. I. Belghazi, A. Baratin, S. Rajeswar, S. Ozair, Y. Bengio, A. Courville and
   R. D. Hjelm, "Mutual Information Neural Estimation", ICML 2018 (PMLR 80).
.. [4] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
   Information Estimators", ICLR 2020, arXiv:1910.06222.
"""

from __future__ import annotations

import torch
from torch import nn

from infokit._validation import check_int

__all__ = ["BilinearCritic", "JointCritic", "SeparableCritic", "multilayer_perceptron"]


def multilayer_perceptron(
    dim_in: int, dim_out: int, *, hidden: int = 64, layers: int = 2
) -> nn.Sequential:
    """Build ``layers`` hidden layers of width `hidden` with ReLU, then a linear output.

    Parameters
    ----------
    dim_in, dim_out : int
        Input and output widths.
    hidden : int, default=64
        Width of each hidden layer.
    layers : int, default=2
        Number of hidden layers; 0 gives a single linear map.

    Returns
    -------
    torch.nn.Sequential
        The network, acting on the last axis.

    Examples
    --------
    >>> from infokit.bounds.critics import multilayer_perceptron
    >>> multilayer_perceptron(3, 1, hidden=8, layers=1)
    Sequential(
      (0): Linear(in_features=3, out_features=8, bias=True)
      (1): ReLU()
      (2): Linear(in_features=8, out_features=1, bias=True)
    )
    """
    dim_in = check_int(dim_in, name="dim_in", minimum=1)
    dim_out = check_int(dim_out, name="dim_out", minimum=1)
    hidden = check_int(hidden, name="hidden", minimum=1)
    layers = check_int(layers, name="layers", minimum=0)
    modules: list[nn.Module] = []
    width = dim_in
    for _ in range(layers):
        modules += [nn.Linear(width, hidden), nn.ReLU()]
        width = hidden
    modules.append(nn.Linear(width, dim_out))
    return nn.Sequential(*modules)


class SeparableCritic(nn.Module):
    r"""Separable critic :math:`f(x, y) = g(x)^\top h(y)`: two encoders and a dot product.

    Parameters
    ----------
    dim_x, dim_y : int
        Number of columns of `x` and of `y`.
    hidden : int, default=64
        Width of the hidden layers of both encoders.
    embedding : int, default=32
        Dimension of the embeddings :math:`g(x)` and :math:`h(y)`.
    layers : int, default=2
        Hidden layers per encoder (ReLU).

    Notes
    -----
    The score matrix is one matrix product of the ``B`` embeddings of each side, so a
    batch costs ``2 B`` network evaluations. With embeddings of dimension :math:`k` the
    matrix has rank at most :math:`k`; Poole et al. [1]_ found separable critics as
    accurate as joint ones on Gaussian tasks, and they are the critic of InfoNCE [2]_.

    References
    ----------
    .. [1] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.
    .. [2] A. van den Oord, Y. Li and O. Vinyals, "Representation Learning with Contrastive
       Predictive Coding", arXiv:1807.03748, 2018.

    Examples
    --------
    >>> import torch
    >>> from infokit.bounds.critics import SeparableCritic
    >>> critic = SeparableCritic(2, 3)
    >>> critic(torch.zeros(5, 2), torch.zeros(5, 3)).shape
    torch.Size([5, 5])
    """

    def __init__(
        self, dim_x: int, dim_y: int, *, hidden: int = 64, embedding: int = 32, layers: int = 2
    ) -> None:
        super().__init__()
        embedding = check_int(embedding, name="embedding", minimum=1)
        self.encode_x = multilayer_perceptron(dim_x, embedding, hidden=hidden, layers=layers)
        self.encode_y = multilayer_perceptron(dim_y, embedding, hidden=hidden, layers=layers)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Return ``scores[..., i, j] = g(x_i) . h(y_j)``, shape ``(..., B, B)``."""
        scores: torch.Tensor = self.encode_x(x) @ self.encode_y(y).transpose(-1, -2)
        return scores


class JointCritic(nn.Module):
    r"""Joint critic :math:`f(x, y) = \mathrm{MLP}([x, y])` on the concatenated pair.

    Parameters
    ----------
    dim_x, dim_y : int
        Number of columns of `x` and of `y`.
    hidden : int, default=64
        Width of the hidden layers.
    layers : int, default=2
        Number of hidden layers (ReLU).

    Notes
    -----
    Every pair :math:`(x_i, y_j)` of the batch is formed by broadcasting (no Python loop)
    and scored by one network, so a batch costs ``B^2`` evaluations and memory for
    ``B^2 (dim_x + dim_y)`` inputs: the most flexible critic and the slowest. It is the
    critic of MINE [1]_ and of the experiments of Song and Ermon [2]_ ("concat" critic)
    and Poole et al. [3]_.

    References
    ----------
    .. [1] M. I. Belghazi, A. Baratin, S. Rajeswar, S. Ozair, Y. Bengio, A. Courville and
       R. D. Hjelm, "Mutual Information Neural Estimation", ICML 2018 (PMLR 80).
    .. [2] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
       Information Estimators", ICLR 2020, arXiv:1910.06222.
    .. [3] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.

    Examples
    --------
    >>> import torch
    >>> from infokit.bounds.critics import JointCritic
    >>> JointCritic(2, 3)(torch.zeros(4, 2), torch.zeros(4, 3)).shape
    torch.Size([4, 4])
    """

    def __init__(self, dim_x: int, dim_y: int, *, hidden: int = 64, layers: int = 2) -> None:
        super().__init__()
        dim_x = check_int(dim_x, name="dim_x", minimum=1)
        dim_y = check_int(dim_y, name="dim_y", minimum=1)
        self.network = multilayer_perceptron(dim_x + dim_y, 1, hidden=hidden, layers=layers)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Return ``scores[..., i, j] = MLP([x_i, y_j])``, shape ``(..., B, B)``."""
        size = x.shape[-2]
        rows = x.unsqueeze(-2).expand(*x.shape[:-1], size, x.shape[-1])  # x_i along j
        columns = y.unsqueeze(-3).expand(*y.shape[:-2], size, size, y.shape[-1])  # y_j along i
        scores: torch.Tensor = self.network(torch.cat((rows, columns), dim=-1)).squeeze(-1)
        return scores


class BilinearCritic(nn.Module):
    r"""Bilinear critic :math:`f(x, y) = x^\top W y` with a learned matrix :math:`W`.

    Parameters
    ----------
    dim_x, dim_y : int
        Number of columns of `x` and of `y`.

    Notes
    -----
    For jointly Gaussian, centred :math:`(X, Y)` the log density ratio
    :math:`\log p(x, y) / p(x) p(y)` is a quadratic form: a bilinear cross term
    :math:`x^\top W y` plus terms in :math:`x` alone and in :math:`y` alone. Those in
    :math:`x` alone cancel in InfoNCE (a constant along each row of the scores) and in no
    other bound; the terms in :math:`y` alone are out of this critic's reach, so it is a
    baseline (a linear model of the dependence [1]_), not an optimal critic. :math:`W` starts
    at zero (scores of 0: every bound starts at 0).

    References
    ----------
    .. [1] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.

    Examples
    --------
    >>> import torch
    >>> from infokit.bounds.critics import BilinearCritic
    >>> scores = BilinearCritic(2, 3)(torch.ones(4, 2), torch.ones(4, 3))
    >>> tuple(scores.shape), float(scores.detach().abs().sum())
    ((4, 4), 0.0)
    """

    def __init__(self, dim_x: int, dim_y: int) -> None:
        super().__init__()
        dim_x = check_int(dim_x, name="dim_x", minimum=1)
        dim_y = check_int(dim_y, name="dim_y", minimum=1)
        self.weight = nn.Parameter(torch.zeros(dim_x, dim_y))

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Return ``scores[..., i, j] = x_i^T W y_j``, shape ``(..., B, B)``."""
        return (x @ self.weight) @ y.transpose(-1, -2)
