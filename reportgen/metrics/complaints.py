"""Complaint figures (methodology.md, "Complaints") from the counts of engine/queries/complaint_groups.sql."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.config import SlaConfig
from reportgen.metrics.results import Share

SLAS = ("response", "solution", "closure")
BREAKDOWNS = ("channel", "category", "severity", "store", "region", "department")


@dataclass(frozen=True)
class Sla:
    """Attainment of one published commitment."""

    limit_minutes: float
    required: float
    attainment: Share
    met: bool | None  # attainment ≥ required share


@dataclass(frozen=True)
class ComplaintFigures:
    total: int
    closed: int  # tickets with a (valid) closure time: handled to the end
    sla: dict[str, Sla]
    resolution: Share
    first_contact_resolution: Share
    handling_satisfaction: Share
    repeat: Share
    handling_satisfaction_by_closure_sla: dict[str, Share]  # "met" / "breached"
    median_response_minutes: float | None
    p90_response_minutes: float | None
    median_solution_hours: float | None
    p90_solution_hours: float | None
    median_closure_hours: float | None
    p90_closure_hours: float | None
    compensation_total: float | None
    durations_n: dict[str, int]  # "response" / "solution" / "closure": the times each median and P90 is over
    # comments.derive_categories: tickets whose category came from the description, and of those the
    # ones of no topic (None: categories are not derived)
    categories_derived: int | None = None
    categories_none: int | None = None


@dataclass(frozen=True)
class OverdueTicket:
    """A ticket still open at the quarter's end past its closure limit (overdue_open.sql)."""

    id: str  # masked as every listing's ids
    severity: str | None
    store: str | None
    received: str  # local time, YYYY-MM-DD HH:MM
    age_minutes: float  # at the quarter's end; business minutes under the business clock
    limit_minutes: float
    day_minutes: float = 1440.0  # a day of its clock: 24 h, or its schedule's working day


def _share(row: dict, name: str) -> Share:
    return Share.of(row.get(f"{name}_k") or 0, row.get(f"{name}_n") or 0)


def _or_none(x) -> float | None:
    return None if x is None else float(x)


def complaint_figures(row: dict | None, sla: SlaConfig, severity: str | None = None) -> ComplaintFigures:
    """The complaint figures of one period or group, from its row of `complaint_groups` counts; a
    group of one `severity` is held to that tier's limit and required share (by_severity)."""
    row = row or {}
    total = int(row.get("total") or 0)
    slas = {}
    for name in SLAS:
        limit, required = getattr(sla, name).tier(severity)
        # sla_n: every ticket, or those with the system's own verdict; 0 when nothing measures it
        share = Share.of(row.get(f"within_{name}") or 0, row.get(f"sla_n_{name}", total) or 0)
        slas[name] = Sla(limit.total_seconds() / 60.0, required, share,
                         None if share.value is None else share.value >= required)
    return ComplaintFigures(
        total=total,
        closed=int(row.get("closed") or 0),
        sla=slas,
        resolution=_share(row, "resolved"),
        first_contact_resolution=_share(row, "first_contact"),
        handling_satisfaction=_share(row, "satisfied"),
        repeat=_share(row, "repeat"),
        handling_satisfaction_by_closure_sla={"met": _share(row, "satisfied_met"),
                                              "breached": _share(row, "satisfied_breached")},
        median_response_minutes=_or_none(row.get("p50_response_min")),
        p90_response_minutes=_or_none(row.get("p90_response_min")),
        median_solution_hours=_or_none(row.get("p50_solution_h")),
        p90_solution_hours=_or_none(row.get("p90_solution_h")),
        median_closure_hours=_or_none(row.get("p50_closure_h")),
        p90_closure_hours=_or_none(row.get("p90_closure_h")),
        compensation_total=_or_none(row.get("compensation_sum")) if row.get("compensation_n") else None,
        durations_n={name: int(row.get(f"{name}_times_n") or 0) for name in SLAS},
        categories_derived=None if "categories_derived" not in row else int(row["categories_derived"] or 0),
        categories_none=None if "categories_none" not in row else int(row["categories_none"] or 0),
    )


@dataclass(frozen=True)
class Group:
    """One group of a breakdown; `insufficient` when it has fewer than `min_cell` tickets."""

    count: int
    share: float | None
    insufficient: bool
    figures: ComplaintFigures


def breakdown(rows: dict[tuple, dict], total: int, sla: SlaConfig, min_cell: int, by: str = "") -> dict[str, Group]:
    """Counts and rates per group (rows of one grouping, keyed by group), largest group first; the
    severity groups are judged against their tiers."""
    groups = {str(key[0]): Group(int(r["total"]), int(r["total"]) / total if total else None,
                                 int(r["total"]) < min_cell,
                                 complaint_figures(r, sla, str(key[0]) if by == "severity" else None))
              for key, r in rows.items()}
    return dict(sorted(groups.items(), key=lambda kv: (-kv[1].count, kv[0])))
