"""Neural MI estimation: a critic trained on a variational bound, scored on held-out rows.

Truth from the closed form of correlated Gaussians: X ~ N(0, I_d), Y = rho X + sqrt(1 -
rho^2) E gives I(X; Y) = -d/2 log(1 - rho^2) nats.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from infokit import estimate_mutual_information
from infokit.errors import ArrayLibraryError, InvalidParameterError, ShapeError
from infokit.estimators.neural import split_rows

torch = pytest.importorskip("torch")

METHODS = ["infonce", "nwj", "smile", "mine", "donsker_varadhan"]


def _gaussian(n: int, d: int, rho: float, seed: int) -> tuple[np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    y = rho * x + math.sqrt(1 - rho**2) * rng.normal(size=(n, d))
    return x, y, -0.5 * d * math.log(1 - rho**2)


@pytest.fixture(scope="module")
def gaussian() -> tuple[np.ndarray, np.ndarray, float]:
    return _gaussian(5000, 5, 0.6, seed=0)  # I = 1.1157 nats


@pytest.mark.parametrize("method", METHODS)
def test_correlated_gaussians(gaussian: tuple[np.ndarray, np.ndarray, float], method: str) -> None:
    x, y, truth = gaussian
    estimate = estimate_mutual_information(x, y, method=method, rng=0)
    # measured: 1.02 to 1.06 with standard errors near 0.045; the bounds lie below the truth
    # for the trained critic, within a few standard errors
    assert truth - 0.2 < estimate.value < truth + 3 * estimate.std_error
    assert 0.01 < estimate.std_error < 0.15
    assert estimate.method == method
    details = estimate.details
    assert details["train_rows"] + details["held_out_rows"] == 5000
    assert details["held_out_rows"] == 1000
    assert details["held_out_batches"] == 1000 // 128
    assert details["critic"] == "SeparableCritic"
    assert details["steps"] <= 2000
    assert 0 < details["best_step"] <= details["steps"]


def test_independent_samples_give_about_zero() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(3000, 3)), rng.normal(size=(3000, 3))
    estimate = estimate_mutual_information(x, y, method="infonce", rng=1)
    assert abs(estimate.value) < 3 * estimate.std_error + 0.03


def test_infonce_stays_below_its_ceiling() -> None:
    x, y, truth = _gaussian(4000, 5, 0.99, seed=2)  # I = 9.8 nats, far above log 64
    estimate = estimate_mutual_information(x, y, method="infonce", batch_size=64, rng=0)
    assert estimate.details["ceiling"] == pytest.approx(math.log(64))
    assert 3.0 < estimate.value <= math.log(64) < truth


def test_seeded_and_reproducible(gaussian: tuple[np.ndarray, np.ndarray, float]) -> None:
    x, y, _ = gaussian
    first = estimate_mutual_information(x, y, method="nwj", rng=5, max_steps=60)
    again = estimate_mutual_information(x, y, method="nwj", rng=5, max_steps=60)
    other = estimate_mutual_information(x, y, method="nwj", rng=6, max_steps=60)
    assert first.value == again.value
    assert first.std_error == again.std_error
    assert other.value != first.value


def test_base_and_confidence_interval(gaussian: tuple[np.ndarray, np.ndarray, float]) -> None:
    x, y, _ = gaussian
    nats = estimate_mutual_information(x, y, method="smile", rng=4, max_steps=80)
    bits = estimate_mutual_information(x, y, method="smile", rng=4, max_steps=80, base=2, ci=0.9)
    assert bits.value == pytest.approx(nats.value / math.log(2), rel=1e-12)
    assert bits.std_error == pytest.approx(nats.std_error / math.log(2), rel=1e-12)
    assert bits.ci is not None
    half = 1.6448536269514722 * bits.std_error
    assert bits.ci == pytest.approx((bits.value - half, bits.value + half), rel=1e-12)


def test_max_steps_and_patience(gaussian: tuple[np.ndarray, np.ndarray, float]) -> None:
    x, y, _ = gaussian
    short = estimate_mutual_information(x, y, method="infonce", rng=0, max_steps=7)
    assert short.details["steps"] == 7
    # 4000 training rows in batches of 128: 31 steps a pass; patience 1 stops at the first
    # pass that does not improve
    eager = estimate_mutual_information(x, y, method="infonce", rng=0, patience=1)
    assert eager.details["stopped_early"]
    assert eager.details["steps"] % 31 == 0
    assert eager.details["steps"] - eager.details["best_step"] == 31


def test_torch_samples_give_tensors_on_their_device(
    gaussian: tuple[np.ndarray, np.ndarray, float],
) -> None:
    x, y, _ = gaussian
    xt, yt = torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y, dtype=torch.float32)
    estimate = estimate_mutual_information(xt, yt, method="infonce", rng=0, max_steps=40)
    assert torch.is_tensor(estimate.value)
    assert estimate.value.ndim == 0
    assert torch.is_tensor(estimate.std_error)
    assert estimate.details["device"] == "cpu"
    assert estimate.details["dtype"] == "float32"
    # NumPy samples are trained in float32 too: the same seed gives the same value
    host = estimate_mutual_information(x, y, method="infonce", rng=0, max_steps=40)
    assert float(estimate.value) == pytest.approx(host.value, abs=1e-6)
    on_cpu = estimate_mutual_information(x, y, method="infonce", rng=0, max_steps=40, device="cpu")
    assert on_cpu.value == host.value


def test_float64_tensors_train_in_float64(gaussian: tuple[np.ndarray, np.ndarray, float]) -> None:
    x, y, _ = gaussian
    estimate = estimate_mutual_information(
        torch.as_tensor(x), torch.as_tensor(y), method="nwj", rng=0, max_steps=10
    )
    assert estimate.details["dtype"] == "float64"
    assert estimate.value.dtype == torch.float64


@pytest.mark.parametrize("critic", ["joint", "bilinear"])
def test_named_critics(gaussian: tuple[np.ndarray, np.ndarray, float], critic: str) -> None:
    x, y, truth = gaussian
    estimate = estimate_mutual_information(
        x[:2000], y[:2000], method="infonce", critic=critic, rng=0
    )
    assert (
        estimate.details["critic"] == {"joint": "JointCritic", "bilinear": "BilinearCritic"}[critic]
    )
    # the bilinear critic is the linear model of this (linear) dependence
    assert truth - 0.3 < estimate.value < truth + 3 * estimate.std_error


def test_the_callers_critic_is_trained_in_place(
    gaussian: tuple[np.ndarray, np.ndarray, float],
) -> None:
    from infokit.bounds.critics import BilinearCritic

    x, y, _ = gaussian
    critic = BilinearCritic(5, 5)
    estimate = estimate_mutual_information(x, y, method="infonce", critic=critic, rng=0)
    assert estimate.details["critic"] == "BilinearCritic"
    weight = critic.weight.detach().numpy()
    # trained on standardised data: W is about diagonal, the same sign on every coordinate
    assert np.all(np.diag(weight) > 3 * np.abs(weight - np.diag(np.diag(weight))).max())


def test_a_critic_of_the_wrong_shape_is_refused(
    gaussian: tuple[np.ndarray, np.ndarray, float],
) -> None:
    x, y, _ = gaussian

    class Diagonal(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.scale = torch.nn.Parameter(torch.ones(()))

        def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
            return self.scale * (a * b).sum(dim=-1)  # (B,), not (B, B)

    with pytest.raises(InvalidParameterError, match=r"`critic` must return a \(128, 128\)"):
        estimate_mutual_information(x, y, method="infonce", critic=Diagonal(), rng=0)
    with pytest.raises(InvalidParameterError, match="trainable parameters"):
        estimate_mutual_information(x, y, method="infonce", critic=torch.nn.Identity(), rng=0)
    with pytest.raises(InvalidParameterError, match="`critic` must be one of"):
        estimate_mutual_information(x, y, method="infonce", critic="mlp", rng=0)
    with pytest.raises(InvalidParameterError, match="`critic` must be"):
        estimate_mutual_information(x, y, method="infonce", critic=3, rng=0)


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"batch_size": 2000}, ShapeError, "`batch_size` must be at most"),
        ({"batch_size": 60}, ShapeError, "at most half the held-out rows"),
        ({"batch_size": 1}, InvalidParameterError, "batch_size"),
        ({"held_out": 1.5}, InvalidParameterError, "`held_out` must be a fraction"),
        ({"held_out": True}, InvalidParameterError, "`held_out` must be a fraction"),
        (
            {"learning_rate": -1.0},
            InvalidParameterError,
            "`learning_rate` must be a positive number",
        ),
        ({"max_steps": 0}, InvalidParameterError, "max_steps"),
        ({"patience": 0}, InvalidParameterError, "patience"),
        ({"device": "nowhere"}, InvalidParameterError, "`device` must be a torch device"),
        ({"n_neighbors": 3}, InvalidParameterError, "`n_neighbors` does not apply"),
        ({"nan_policy": "category"}, InvalidParameterError, "nan_policy='category'"),
    ],
)
def test_bad_options(options: dict[str, object], error: type[Exception], match: str) -> None:
    x, y, _ = _gaussian(500, 2, 0.5, seed=1)
    with pytest.raises(error, match=match):
        estimate_mutual_information(x, y, method="infonce", **options)  # type: ignore[arg-type]


def test_neural_options_need_a_neural_method() -> None:
    x, y, _ = _gaussian(200, 1, 0.5, seed=1)
    with pytest.raises(InvalidParameterError, match=r"`critic`, `batch_size`.*neural methods"):
        estimate_mutual_information(x, y, method="ksg", critic="joint", batch_size=32)


def test_bad_samples() -> None:
    x, y, _ = _gaussian(300, 2, 0.5, seed=1)
    with pytest.raises(ShapeError, match="same number of samples"):
        estimate_mutual_information(x, y[:-1], method="nwj")
    with pytest.raises(ShapeError, match="at least 4 rows"):
        estimate_mutual_information(x[:3], y[:3], method="nwj")
    with pytest.raises(ShapeError, match="must have shape"):
        estimate_mutual_information(x.reshape(300, 2, 1), y, method="nwj")
    with pytest.raises(ArrayLibraryError, match=r"`x` must be an array of samples.*ragged"):
        estimate_mutual_information([[1.0, 2.0], [3.0]], [0.0, 1.0], method="nwj")
    with pytest.raises(ShapeError, match="at least one sample of one dimension"):
        estimate_mutual_information(np.zeros((300, 0)), y, method="nwj")
    with pytest.raises(InvalidParameterError, match="must hold numbers"):
        estimate_mutual_information(np.array(["a"] * 300), y, method="nwj")
    x_nan = x.copy()
    x_nan[5, 1] = np.nan
    with pytest.raises(InvalidParameterError, match=r"`x` must hold finite values.*nan_policy"):
        estimate_mutual_information(x_nan, y, method="nwj")
    kept = estimate_mutual_information(
        x_nan, y, method="nwj", nan_policy="omit", max_steps=5, rng=0
    )
    assert kept.n_samples == 299


def test_progress_bar_appears_after_a_second(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("rich")
    from infokit.estimators import neural

    monkeypatch.setattr(neural, "_PROGRESS_AFTER", 0.0)
    bar = neural._Progress(10, progress=None)
    assert bar.enabled
    bar.update(3)
    assert bar.bar is not None
    bar.close()
    silent = neural._Progress(10, progress=False)
    silent.update(3)
    assert silent.bar is None


def test_small_samples_still_get_a_standard_error() -> None:
    x, y, truth = _gaussian(600, 2, 0.6, seed=7)  # 120 held-out rows: 4 batches of 30
    estimate = estimate_mutual_information(x, y, method="mine", rng=0, ci=0.95)
    assert estimate.details["batch_size"] == 30
    assert estimate.details["held_out_batches"] == 4
    assert 0 < estimate.std_error < 0.3
    assert estimate.ci is not None
    assert estimate.ci[0] < truth + 0.1
    assert estimate.value > truth - 0.4
    with pytest.raises(ShapeError, match="too few rows for 4 held-out batches"):
        estimate_mutual_information(x[:30], y[:30], method="nwj")
    tiny = estimate_mutual_information(x[:30], y[:30], method="nwj", batch_size=3, rng=0)
    assert tiny.details["held_out_batches"] == 2


def test_extreme_scales_give_the_same_estimate() -> None:
    # standardised in float64 after dividing by each column's largest magnitude, then
    # trained in float32: 1e300 and 1e-300 are the same data as 1
    x, y, _ = _gaussian(1000, 2, 0.6, seed=8)
    plain = estimate_mutual_information(x, y, method="nwj", rng=0, max_steps=50)
    scaled = estimate_mutual_information(x * 1e300, y * 1e-300, method="nwj", rng=0, max_steps=50)
    assert scaled.value == plain.value
    with pytest.raises(InvalidParameterError, match="overflows float32 without standardisation"):
        estimate_mutual_information(x * 1e300, y, method="nwj", standardize=False)


def test_split_rows_is_a_partition() -> None:
    train, held = split_rows(1001, 0.25, np.random.default_rng(0))
    assert len(held) == 250
    assert len(train) == 751
    assert sorted([*train, *held]) == list(range(1001))
    assert split_rows(5, 0.01, np.random.default_rng(0))[1].size == 1  # at least one row


class TestCritics:
    def test_joint_critic_scores_every_pair(self) -> None:
        from infokit.bounds.critics import JointCritic

        torch.manual_seed(0)
        critic = JointCritic(2, 3, hidden=8)
        x, y = torch.randn(2, 5, 2), torch.randn(2, 5, 3)  # a leading batch axis
        scores = critic(x, y)
        assert scores.shape == (2, 5, 5)
        for b in range(2):
            for i in range(5):
                for j in range(5):
                    pair = torch.cat((x[b, i], y[b, j]))
                    torch.testing.assert_close(scores[b, i, j], critic.network(pair)[0])

    def test_separable_critic_is_a_dot_product(self) -> None:
        from infokit.bounds.critics import SeparableCritic

        torch.manual_seed(0)
        critic = SeparableCritic(2, 3, embedding=4)
        x, y = torch.randn(6, 2), torch.randn(6, 3)
        expected = torch.stack(
            [torch.stack([critic.encode_x(a) @ critic.encode_y(b) for b in y]) for a in x]
        )
        torch.testing.assert_close(critic(x, y), expected)

    def test_bilinear_critic(self) -> None:
        from infokit.bounds.critics import BilinearCritic

        critic = BilinearCritic(2, 3)
        with torch.no_grad():
            critic.weight.copy_(torch.arange(6.0).reshape(2, 3))
        x, y = torch.randn(4, 2), torch.randn(4, 3)
        torch.testing.assert_close(critic(x, y), x @ critic.weight @ y.T)

    def test_critics_are_reachable_from_the_bounds_package(self) -> None:
        import infokit.bounds
        from infokit.bounds import critics

        assert infokit.bounds.SeparableCritic is critics.SeparableCritic
        assert {"BilinearCritic", "JointCritic", "SeparableCritic"} <= set(dir(infokit.bounds))
        with pytest.raises(AttributeError, match="no attribute 'Nope'"):
            infokit.bounds.Nope  # noqa: B018
