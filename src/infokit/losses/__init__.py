"""Training losses on logits, exact, stable and differentiable on NumPy, PyTorch and JAX.

`cross_entropy_loss` and `binary_cross_entropy_loss` equal torch's losses of the same name
(without the -100 log clamp of torch's ``binary_cross_entropy``); `kl_divergence_loss` is
the knowledge-distillation term of Hinton et al.; `standard_normal_kl_loss` and
`gaussian_kl_loss` are the KL terms of variational autoencoders.
"""

from infokit.losses.binary import binary_cross_entropy_loss
from infokit.losses.cross_entropy import cross_entropy_loss
from infokit.losses.divergence import kl_divergence_loss
from infokit.losses.gaussian import gaussian_kl_loss, standard_normal_kl_loss

__all__ = [
    "binary_cross_entropy_loss",
    "cross_entropy_loss",
    "gaussian_kl_loss",
    "kl_divergence_loss",
    "standard_normal_kl_loss",
]
