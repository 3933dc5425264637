"""Sample composition: responses by stratum, and how far the sample is from known population shares."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.metrics.stats import chi2_sf



@dataclass(frozen=True)
class ShareCheck:
    value: str
    n: int
    sample_share: float
    population_share: float
    difference: float  # sample − population, as a fraction


@dataclass(frozen=True)
class Representativeness:
    variable: str
    rows: tuple[ShareCheck, ...]
    chi2: float | None  # goodness of fit of the sample counts to the population shares
    df: int | None
    p: float | None
    unlisted: int  # valid responses whose value has no population share (left out of the test)


def strata(counts: dict[tuple[str | None, ...], int], by: tuple[str, ...]) -> dict[str, int]:
    """Valid responses per stratum ("high | appliances | online"), largest first.

    `counts` is keyed by the values of `by` (None where missing); a variable missing in every
    response is left out of the stratum names, a missing value shows as "—".
    """
    present = [j for j in range(len(by)) if any(key[j] is not None for key in counts)]
    if not present:
        return {}
    merged: dict[str, int] = {}
    for key, n in counts.items():
        name = " | ".join("—" if key[j] is None else str(key[j]) for j in present)
        merged[name] = merged.get(name, 0) + int(n)
    return dict(sorted(merged.items(), key=lambda kv: (-kv[1], kv[0])))


def representativeness(counts: dict[str, int], population: dict[str, float], variable: str) -> Representativeness:
    """Compare the sample's shares with the population's; χ² goodness of fit over the listed values.

    `counts`: valid responses per value of `variable` (missing values left out).
    """
    listed = {k: int(counts.get(k, 0)) for k in population}
    n = sum(listed.values())
    rows = tuple(ShareCheck(k, c, c / n if n else 0.0, population[k], (c / n if n else 0.0) - population[k])
                 for k, c in listed.items())
    chi2 = df = p = None
    if n and len(population) > 1:
        total_share = sum(population.values())
        expected = [n * s / total_share for s in population.values()]
        if all(e > 0 for e in expected):
            chi2 = float(sum((o - e) ** 2 / e for o, e in zip(listed.values(), expected)))
            df = len(population) - 1
            p = chi2_sf(df, chi2)
    return Representativeness(variable, rows, chi2, df, p, sum(counts.values()) - n)
