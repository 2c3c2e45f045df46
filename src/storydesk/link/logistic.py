"""A small L2-regularised logistic regression (numpy only), for the link stage's models.

``fit_logistic(x, y, l2=1.0, quadratic=False) -> LogisticModel`` fits by Newton's
method on standardised features; ``quadratic=True`` adds all pairwise products of
the features first. ``LogisticModel.probability(x)`` scores a matrix of rows.
Fitted models are kept as JSON package data (link/weights.py reads and writes them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def expand(features: np.ndarray) -> np.ndarray:
    """Features plus all their pairwise products."""
    x = np.atleast_2d(features)
    i, j = np.triu_indices(x.shape[1])
    return np.hstack([x, x[:, i] * x[:, j]])


@dataclass(frozen=True)
class LogisticModel:
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    quadratic: bool = False

    def probability(self, features: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(features)
        x = expand(x) if self.quadratic else x
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(z @ np.asarray(self.weights) + self.bias)))


def fit_logistic(
    features: np.ndarray,
    labels: np.ndarray,
    l2: float = 1.0,
    quadratic: bool = False,
    iterations: int = 30,
) -> LogisticModel:
    x = expand(features) if quadratic else np.atleast_2d(features)
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    scale = np.where(std > 1e-9, std, 1.0)
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    y = labels.astype(np.float64)
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return LogisticModel(
        weights=tuple(float(v) for v in w[:-1]),
        bias=float(w[-1]),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        quadratic=quadratic,
    )

