"""The report model: everything the templates show, already worded and formatted.

Templates receive only a `Report` (and the rendered charts keyed by chart id), never figure
objects, so that what a reader sees is decided by the section builders and tested there.
Charts are described by `Chart` (the kind, a key of `reportgen.charts.KINDS`, and its
aggregated rows); the chart stage turns them into SVG and Vega-Lite specs. `docs/templates.md`
documents these fields, and a test holds the two together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns
    row_classes: tuple[str, ...] = ()  # per row: "", "muted" (insufficient) or "warn"
    block: str = "table"  # the partial that renders it
    title: str | None = None
    cites: tuple[Cite | None, ...] = ()  # per row: the evidence of the row's figure
    cell_cites: tuple[tuple[Cite | None, ...], ...] = ()  # per row and column: the evidence of a cell's own figure
    group_by: str | None = None  # a row per group of this field (the HTML filters show the chosen one)
    row_keys: tuple[str, ...] = ()  # with group_by: each row's group, as in the data
    codes: tuple[bool, ...] = ()  # per column: a code (a digest) that may break between any two characters


@dataclass(frozen=True)
class Chart:
    id: str
    kind: str  # a key of reportgen.charts.KINDS (a spec builder)
    rows: tuple[dict, ...]
    options: dict
    title: str
    caption: str  # data source and n
    table: Table  # the text alternative, shown under the chart
    block: str = "chart"
    print_table: bool = False  # also print the table under the chart (when it carries more than the chart)


@dataclass(frozen=True)
class Cite:
    """A reference from the report body to a row of the evidence index."""

    evidence: str  # E-07: the anchor of the evidence row
    ref: str  # the anchor of this reference, for the link back


@dataclass(frozen=True)
class Sparkline:
    """A figure over the trend quarters, drawn in a 100 × 30 box (y grows downwards)."""

    segments: tuple[str, ...]  # SVG polyline points, one run of quarters with a value each
    last: tuple[float, float] | None  # the current quarter's point
    target_y: float | None  # the target line, when the figure has one
    label: str  # the values in words (the drawing's text alternative)


@dataclass(frozen=True)
class TileChange:
    """The change on the previous quarter as a tile shows it."""

    text: str  # ▲ 3.0 分, ▼ 3.5 个百分点
    tone: str  # "better", "worse" or "same" (no direction is better, or no change)
    significant: bool
    note: str  # 较上季度 · p = 0.003


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    detail: str
    tone: str  # the status: "met", "at_risk", "missed" or "neutral" (no target), a CSS class
    cite: Cite | None = None
    change: TileChange | None = None
    target: str = ""  # the target or commitment, in words
    spark: Sparkline | None = None
    key: str = ""  # the figure (a key of the HTML filters' views), or "" for one they do not recompute


@dataclass(frozen=True)
class Fix:
    """One of the three things to fix, with the action planned for it (or none)."""

    problem: str
    action: str  # the action, or the words for "no action yet"
    owner: str
    due: str
    status: str
    planned: bool  # an action addresses it


@dataclass(frozen=True)
class EvidenceRow:
    id: str
    figure: str
    definition: str
    population: str
    n: str
    value: str
    interval: str
    refs: tuple[str, ...]  # anchors of the places that cite it
    test: str = ""  # a change's p-value (p = 0.042), shown under its value


@dataclass(frozen=True)
class EvidenceIndex:
    rows: tuple[EvidenceRow, ...]
    block: str = "evidence"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    blocks: tuple = ()  # Chart and Table, in reading order
    children: tuple["Section", ...] = ()


@dataclass(frozen=True)
class Summary:
    verdict: str  # one sentence: the quarter in a line
    kpis: tuple[Kpi, ...]
    urgent: tuple[Fix, ...]
    changes: tuple[tuple[str, str, "Cite | None"], ...]  # (sentence, tone "better" / "worse" / "same", evidence)
    flags: tuple[str, ...]
    index_note: str | None


@dataclass(frozen=True)
class Control:
    """One `<select data-filter="field">`: its label and its groups as (value, label)."""

    field: str
    label: str
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Filters:
    controls: tuple[Control, ...]
    views: dict  # field -> group -> {"tiles", "charts", "captions", "titles"}; see `views`
    charts: tuple[str, ...]  # the ids of the charts that follow the filters

    def views_json(self) -> str:
        """The views for a <script type="application/json">: nothing in it can end the element."""
        text = json.dumps(self.views, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    organisation: str
    logo: str | None  # data: URI, so the HTML stays self-contained
    period: str
    period_label: str
    period_range: str
    issued: str
    cover_facts: tuple[tuple[str, str], ...]
    summary: Summary
    sections: tuple[Section, ...]
    ui: dict[str, str] = field(default_factory=dict)
    filters: Filters | None = None  # the HTML's global filters (reportgen.report.filters)

    def charts(self):
        """Every chart in the report, in reading order."""
        def walk(sections):
            for s in sections:
                for b in s.blocks:
                    if isinstance(b, Chart):
                        yield b
                yield from walk(s.children)
        return list(walk(self.sections))
