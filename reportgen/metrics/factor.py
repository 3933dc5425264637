"""McDonald's ω and corrected item–total correlations of a scale's Likert items.

Cronbach's α is a lower bound of reliability that is exact only when every item loads equally on
the common factor (tau-equivalence); ω takes the loadings from a one-factor model, so it does not
need that assumption. The model is fitted by maximum likelihood with numpy (no factor-analysis
package at run time); the tests check it against factor_analyzer. The fit works on a stack of
matrices at once, because the bootstrap interval of ω fits a thousand of them per dimension.

Figures that cannot be computed are None, never NaN. The batched forms (a (B, p, p) stack in) are
building blocks for the bootstrap: there a replicate whose fit fails is a NaN row, which
:func:`reportgen.metrics.bootstrap.percentile_interval` drops.
"""

from __future__ import annotations

import math

import numpy as np

from reportgen.metrics import bootstrap

HEYWOOD_FLOOR = 0.005
"""Smallest uniqueness, as a share of the item's variance (factor_analyzer's ML lower bound).

A Heywood case (an item whose best fit has a loading that explains all of its variance, or more)
ends at this boundary instead of at a zero or negative uniqueness.
"""
TOL = 1e-10
"""The iteration stops when no uniqueness moves by more than this share of its item's variance."""
MAX_ITER = 2000
"""SQUAREM cycles (3 fixed-point steps each) before a fit counts as not converged."""
MIN_EIGEN = 1e-10
"""A correlation matrix whose smallest eigenvalue is below this is singular: no ML fit."""


def _float(x: float) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _usable(s: np.ndarray) -> np.ndarray:
    """Which matrices of the stack are finite, with positive variances and positive definite."""
    finite = np.all(np.isfinite(s), axis=(-2, -1))
    d = np.diagonal(s, axis1=-2, axis2=-1)
    ok = finite & np.all(d > 0, axis=-1)
    r = bootstrap.correlations(np.where(ok[:, None, None], s, np.eye(s.shape[-1])))
    return ok & (np.linalg.eigvalsh(r)[:, 0] > MIN_EIGEN)


def _step(s: np.ndarray, u: np.ndarray, floor: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One fixed-point step of the ML fit: (F(ψ), λ(ψ), the ML discrepancy at ψ)."""
    half = np.sqrt(u)
    # given Ψ, the ML loadings are Ψ^½ v √(θ − 1), (θ, v) the top eigenpair of Ψ^-½ S Ψ^-½;
    # the discrepancy minimised over λ is Σ (θ − ln θ − 1) over the other eigenvalues (all if θ₁ ≤ 1)
    theta, v = np.linalg.eigh(s / (half[:, :, None] * half[:, None, :]))
    lam = half * v[:, :, -1] * np.sqrt(np.maximum(theta[:, -1] - 1, 0))[:, None]
    rest = np.where(np.arange(theta.shape[1]) < theta.shape[1] - 1, theta, np.minimum(theta, 1.0))
    new = np.maximum(np.diagonal(s, axis1=-2, axis2=-1) - lam**2, floor)  # ψ = diag(S − λλᵀ) ≥ floor
    return new, lam, (rest - np.log(rest) - 1).sum(axis=1)


def _iterate(s: np.ndarray, u: np.ndarray, floor: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Iterate ψ ← F(ψ) from u to a fixed point: (λ, ψ, discrepancy), NaN rows where not converged.

    The plain iteration crawls (thousands of steps) when an item heads for a Heywood case or the
    communalities are high, so it is accelerated by SQUAREM (Varadhan & Roland 2008): two steps,
    an extrapolation along them, one more step, kept only if it lowers the ML discrepancy below
    that of the plain two steps.
    """
    d = np.diagonal(s, axis1=-2, axis2=-1)
    out_l, out_u, out_f = np.full_like(u, np.nan), np.full_like(u, np.nan), np.full(len(u), np.nan)
    active = np.arange(len(s))
    for _ in range(MAX_ITER):
        sa, fa, da, u0 = s[active], floor[active], d[active], u[active]
        u1, l0, f0 = _step(sa, u0, fa)
        r = u1 - u0
        done = np.max(np.abs(r) / da, axis=1) < TOL  # ψ is (within TOL) a fixed point
        out_l[active[done]], out_u[active[done]], out_f[active[done]] = l0[done], u0[done], f0[done]
        keep = ~done
        active, sa, fa, u0, u1, r = active[keep], sa[keep], fa[keep], u0[keep], u1[keep], r[keep]
        if len(active) == 0:
            break
        u2, _l1, f1 = _step(sa, u1, fa)
        v = u2 - u1 - r
        rn, vn = np.linalg.norm(r, axis=1), np.linalg.norm(v, axis=1)
        step = -np.maximum(np.divide(rn, vn, out=np.ones_like(rn), where=vn > 0), 1.0)[:, None]
        jump = np.clip(u0 - 2 * step * r + step**2 * v, fa, d[active])
        u3, _l3, f3 = _step(sa, jump, fa)
        u[active] = np.where((np.isfinite(f3) & (f3 <= f1))[:, None], u3, u2)
    return out_l, out_u, out_f


def _fit(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ML one-factor fit of a (B, p, p) stack; rows that fail (or do not converge) are NaN.

    Small samples can have more than one local optimum (with different Heywood items), so the
    iteration runs from two starts, factanal's and factor_analyzer's (ψ = ½ S_ii), and keeps the
    fit with the lower discrepancy.
    """
    b, p = s.shape[0], s.shape[-1]
    lam = np.full((b, p), np.nan)
    psi = np.full((b, p), np.nan)
    if p < 3:
        return lam, psi
    ok = _usable(s)
    s = s[ok]
    d = np.diagonal(s, axis1=-2, axis2=-1)
    floor = HEYWOOD_FLOOR * d
    if len(s) == 0:
        return lam, psi
    # factanal's start: ψ = (1 − ½ · factors/p) / diag(S⁻¹), a share of each item's unique variance
    fit_l, fit_u, fit_f = _iterate(s, np.clip((1 - 0.5 / p) / np.diagonal(np.linalg.inv(s), axis1=-2, axis2=-1),
                                              floor, d), floor)
    other_l, other_u, other_f = _iterate(s, 0.5 * d, floor)
    take = np.isnan(fit_f) | (other_f < fit_f - 1e-12)
    fit_l[take], fit_u[take] = other_l[take], other_u[take]
    sign = np.where(np.nansum(fit_l, axis=1) < 0, -1.0, 1.0)  # the factor's direction is arbitrary
    lam[ok], psi[ok] = fit_l * sign[:, None], fit_u
    return lam, psi


def one_factor(cov: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Maximum-likelihood one-factor model Σ = λλᵀ + Ψ of a covariance matrix: (λ, ψ).

    ML is scale-free, so a covariance and its correlation matrix give the same standardized fit.
    Loadings are signed so that they sum to ≥ 0. None when p < 3 (the model is not identified),
    when the matrix is singular or not finite, or when the iteration does not converge.
    A (B, p, p) stack gives (B, p) arrays, NaN rows for the fits that failed.

    In a Heywood case ψ_i stays at ``HEYWOOD_FLOOR`` × S_ii and λ_i² + ψ_i exceeds S_ii: the
    constrained optimum (factor_analyzer reports 1 − λ_i², below its own bound, as the uniqueness).
    """
    cov = np.asarray(cov, dtype=float)
    if cov.ndim == 3:
        return _fit(cov)
    lam, psi = _fit(cov[None])
    return None if not np.all(np.isfinite(lam)) else (lam[0], psi[0])


def omega_total(cov: np.ndarray) -> float | None | np.ndarray:
    """McDonald's (1999) ω = (Σλ)² / ((Σλ)² + Σψ) from :func:`one_factor`.

    The denominator is the model-implied variance of the sum score, 1ᵀ(λλᵀ + Ψ)1, not the observed
    1ᵀS1, so ω is a property of the fitted model (the form factor_analyzer, psych's omega and
    semopy's reliability report as ω total for one factor). None where the fit is; a stack gives an
    array of B values, NaN for failed fits.
    """
    cov = np.asarray(cov, dtype=float)
    lam, psi = _fit(cov if cov.ndim == 3 else cov[None])
    common = lam.sum(axis=1) ** 2
    omega = common / (common + psi.sum(axis=1))
    return omega if cov.ndim == 3 else _float(omega[0])


def corrected_item_total(x: np.ndarray) -> list[float | None]:
    """Pearson r of each item (column) with the sum of the other items, over complete rows.

    The item is left out of the total so that it does not correlate with itself. None where r is
    undefined: fewer than 2 items or 3 complete rows, or an item or rest score that never varies.
    """
    x = np.asarray(x, dtype=float)
    p = x.shape[1]
    x = x[~np.isnan(x).any(axis=1)]
    if p < 2 or len(x) < 3:
        return [None] * p
    dev = x - x.mean(axis=0)
    rest = dev.sum(axis=1, keepdims=True) - dev
    num = (dev * rest).sum(axis=0)
    ss_item, ss_rest = (dev**2).sum(axis=0), (rest**2).sum(axis=0)
    scale = max(float(ss_item.max()), float(ss_rest.max()))
    return [_float(c / math.sqrt(a * b)) if min(a, b) > 1e-12 * scale else None
            for c, a, b in zip(num, ss_item, ss_rest)]


def corrected_item_total_of(cov: np.ndarray) -> list[float | None]:
    """:func:`corrected_item_total` from the items' covariance matrix alone (as the engine has it).

    With T the sum: cov(i, T − i) = Σ_k S_ik − S_ii, var(T − i) = 1ᵀS1 − 2 Σ_k S_ik + S_ii.
    """
    s = np.asarray(cov, dtype=float)
    p = s.shape[0]
    if p < 2 or not np.all(np.isfinite(s)):
        return [None] * p
    row, d = s.sum(axis=1), np.diag(s)
    c, v_rest = row - d, s.sum() - 2 * row + d
    scale = max(float(d.max()), float(v_rest.max()))
    return [_float(ci / math.sqrt(a * b)) if min(a, b) > 1e-12 * scale else None
            for ci, a, b in zip(c, d, v_rest)]


def omega_interval(x: np.ndarray, samples: int, seed: int, level: float = 0.95) -> tuple[float, float] | None:
    """Bootstrap percentile interval of ω: rows of x (n × p, complete cases) resampled with replacement.

    ``np.random.default_rng(seed)`` draws the rows, so the interval is reproducible. Replicates
    whose fit fails are dropped; None when fewer than half succeed, or when ω of x itself is None.
    """
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    if x.shape[1] < 3 or len(x) < 3 or omega_total(np.cov(x, rowvar=False)) is None:
        return None
    return bootstrap.percentile_interval(omega_total(bootstrap.covariances(x, samples, seed)), level)
