"""Pure formatting filters the section builders share: p-values, intervals, changes, shares.

Each takes values and a language's `Texts` and returns the text a reader sees; none reads a
figure object, so each is tested on its own (tests/test_formatting.py).
"""

from __future__ import annotations

from reportgen.i18n import DASH, Texts
from reportgen.metrics.registry import BY_KEY, COMPARED, SIGNIFICANCE
from reportgen.metrics.stats import largest_remainder
from reportgen.report.model import Sparkline, TileChange


def p_cell(p: float | None) -> str:
    """A p-value in a table column headed "p": 0.044 *, < 0.001 * (the star marks significance)."""
    if p is None:
        return DASH
    return ("< 0.001" if p < 0.001 else f"{p:.3f}") + (" *" if SIGNIFICANCE.met(p) else "")


def p_text(p: float | None) -> str:
    """A p-value as printed in a sentence: p = 0.044, p < 0.001."""
    if p is None:
        return DASH
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def interval(ci: tuple[float, float] | None, t: Texts, percent: bool) -> str:
    """A 95 % interval with its label: 95% CI 81.2%–88.0%; empty when there is none."""
    if ci is None:
        return ""
    lo, hi = ci
    fmt = t.percent if percent else t.number
    return f"{t.t('ci95')} {fmt(lo)}–{fmt(hi)}"


def distribution(counts: dict, t: Texts) -> list[str]:
    """Each count's share, rounded so that the shares add up to exactly 100 %."""
    values = list(counts.values())
    if not sum(values):
        return [DASH] * len(values)
    return [f"{t.number(v)}%" for v in largest_remainder(values, decimals=1)]


def change_size(name: str, delta: float, t: Texts) -> str:
    """The size of a change where the words give its direction: 3.5 points (NPS, the index),
    120 tickets (the volume), 2.1 pp (rates)."""
    if name in ("nps", "service_quality_index"):
        return f"{t.number(abs(delta))} {t.t('points')}"
    if name == "complaints_total":
        return f"{t.integer(abs(round(delta)))} {t.t('tickets_unit')}".strip()
    return t.pp(delta, signed=False)


def change_text(name: str, delta: float | None, t: Texts) -> str:
    """A compared figure's change with its sign, as the comparison table shows it: +2.1 pp (a rate),
    −3.5 (NPS, the index), +12 (a count)."""
    compared = COMPARED[name]
    if compared.test == "rate":
        return t.pp(delta)
    return t.signed(delta, 0 if BY_KEY[compared.key].unit == "count" else 1)


def sla_label(name: str, limit_minutes: float, t: Texts) -> str:
    """A commitment as tables and charts label it: the figure's one name and its limit in words,
    响应及时率（30 分钟）, Response within SLA (30 minutes)."""
    return f"{BY_KEY[f'complaints.{name}_sla_rate'].name(t.lang)}{t.t('paren_open')}{t.duration(limit_minutes)}" \
           f"{t.t('paren_close')}"


def met_word(met: bool | None, t: Texts) -> str:
    """Whether a commitment was met, in words; None when it could not be measured."""
    return t.t("not_measured") if met is None else t.t("met") if met else t.t("not_met")


SPARK_W, SPARK_H, SPARK_PAD = 100.0, 30.0, 3.0


def sparkline(periods: list[str], values: list[float | None], t: Texts, *, fmt, target: float | None = None,
              min_span: float = 0.0) -> Sparkline | None:
    """The trend quarters of one figure as a small line, or None with fewer than two values.

    The vertical range spans the values and the target, and at least `min_span` (5 pp for a
    rate, 5 points for a score), so that noise of a tenth of a point does not fill the box."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    reach = known + ([target] if target is not None else [])
    lo, hi = min(reach), max(reach)
    if hi - lo < min_span:
        mid = (hi + lo) / 2
        lo, hi = mid - min_span / 2, mid + min_span / 2
    span = (hi - lo) or 1.0
    step = (SPARK_W - 2 * SPARK_PAD) / max(len(values) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return round(SPARK_PAD + i * step, 1), round(SPARK_PAD + (hi - v) / span * (SPARK_H - 2 * SPARK_PAD), 1)

    segments, run = [], []
    for i, v in enumerate(values):
        if v is None:
            if run:
                segments.append(run)
            run = []
        else:
            run.append(xy(i, v))
    if run:
        segments.append(run)
    last = xy(len(values) - 1, values[-1]) if values[-1] is not None else None
    target_y = xy(0, target)[1] if target is not None else None
    words = t.t("list_sep").join(f"{p} {fmt(v)}" for p, v in zip(periods, values))
    return Sparkline(tuple(" ".join(f"{x:g},{y:g}" for x, y in seg) for seg in segments),
                     last, target_y, words)


def tile_change(delta: float | None, p: float | None, significant: bool | None, higher_is_better: bool | None,
                size: str, t: Texts) -> TileChange | None:
    """A change on the previous quarter with its arrow, coloured by whether it is better or worse.

    `size` is the change's magnitude already in words (3.5 个百分点); the direction is the arrow."""
    if delta is None:
        return None
    arrow = "▲" if delta > 0 else "▼" if delta < 0 else "＝" if t.lang == "zh-CN" else "="
    if delta == 0 or higher_is_better is None:
        tone = "same"
    else:
        tone = "better" if (delta > 0) == higher_is_better else "worse"
    note = t.t("vs_previous_quarter") + ("" if p is None else f" · {p_text(p)}")
    return TileChange(f"{arrow} {size}", tone, bool(significant), note)
