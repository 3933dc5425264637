"""The public notice-board edition: one page of aggregates, private by construction.

Only counts and rates reach it. Every string that comes from the data (category codes, action
texts, statuses) goes through `redact`; groups with fewer than `min_cell` tickets are not shown
on their own; ticket, customer and response ids, descriptions and comments are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from reportgen.config import Config
from reportgen.figures import Figures
from reportgen.i18n import DASH, Texts, texts
from reportgen.redact import redact

SIZES = ("A4", "A3")
TOP_CATEGORIES = 5
MAX_ACTION_CHARS = 60
DONE_WORDS = {"已完成", "完成", "已整改", "done", "completed", "complete"}  # statuses printed as done


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    note: str = ""
    status: str = ""  # met / not met, for a commitment


@dataclass(frozen=True)
class CategoryRow:
    label: str
    count: str
    share: str
    bar: float  # 0–100, the width of the printed bar


@dataclass(frozen=True)
class ActionRow:
    problem: str
    measure: str
    status: str
    done: bool


@dataclass(frozen=True)
class Notice:
    lang: str
    size: str
    title: str
    organisation: str
    period_label: str
    period_range: str
    issued: str
    headlines: tuple[Headline, ...]
    commitments: tuple[Headline, ...]
    satisfaction: tuple[str, ...]
    categories: tuple[CategoryRow, ...]
    categories_note: str | None
    actions: tuple[ActionRow, ...]
    actions_note: str | None
    channels: tuple[str, ...]
    hotline: str | None
    footer: str
    compact: int  # 0 normal; higher levels tighten spacing to keep to one page
    ui: dict[str, str]


def _public(text, config: Config) -> str:
    return redact(str(text), config.redact_names)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def commitment_text(name: str, minutes: float, t: Texts) -> str:
    """A published commitment as customers know it: 30 分钟响应, Response within 30 minutes."""
    td = timedelta(minutes=minutes)
    s = int(td.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if s % size == 0 and not (unit == "day" and s <= 2 * 86400):
            return t.say("commitment", amount=s // size, unit=t.t(f"unit_{unit}"), sla=t.value("sla_verb", name))
    return t.say("commitment", amount=round(s / 60), unit=t.t("unit_minute"), sla=t.value("sla_verb", name))


def _change_words(delta: float | None, t: Texts, *, points: bool) -> str:
    if delta is None:
        return t.t("notice_no_previous")
    size = f"{t.number(abs(delta))} {t.t('points')}" if points else t.pp(delta, signed=False)
    if abs(delta) < (0.05 if points else 0.0005):
        return t.t("notice_unchanged")
    return t.say("notice_up" if delta > 0 else "notice_down", delta=size)


def build_notice(fig: Figures, config: Config, *, size: str, issued: date,
                 max_actions: int | None = None, compact: int = 0) -> Notice:
    """Assemble the notice; `max_actions` and `compact` shrink it until it fits one page."""
    lang = config.locale
    t = texts(lang)
    min_cell = config.min_cell
    cf, sf = fig.current.complaints, fig.current.survey
    small_tickets = cf.total < min_cell
    small_survey = sf.responses_valid < min_cell
    hidden = t.t("insufficient")

    no_tickets, no_survey = "complaints" in fig.absent, "surveys" in fig.absent

    def rate(share_value, small):
        if no_tickets:
            return DASH
        return hidden if small else t.t("not_measured") if share_value is None else t.percent(share_value)

    headlines = [
        Headline(t.t("notice_received"), DASH if no_tickets else t.integer(cf.total)),
        Headline(t.t("notice_closed"), DASH if no_tickets else t.integer(cf.closed)),
        Headline(t.t("notice_resolution"), rate(cf.resolution.value, small_tickets)),
    ]
    commitments = []
    for name in ("response", "closure"):
        sla = cf.sla[name]
        status = "" if small_tickets or sla.met is None else (t.t("met") if sla.met else t.t("not_met"))
        commitments.append(Headline(commitment_text(name, sla.limit_minutes, t),
                                    rate(sla.attainment.value, small_tickets),
                                    f"{t.t('notice_target')} {t.percent(sla.required, 0)}", status))
    qoq = fig.changes["qoq"]
    if no_survey:
        satisfaction = (t.t("notice_absent_surveys"),)
    elif small_survey:
        satisfaction = (t.say("notice_survey_small", n=t.integer(sf.responses_valid)),)
    else:
        satisfaction = (
            t.say("notice_csat", value=t.percent(sf.csat_top2.value),
                  change=_change_words(qoq["csat_top2"].delta, t, points=False)),
            t.say("notice_nps", value=t.number(sf.nps.score),
                  change=_change_words(qoq["nps"].delta, t, points=True)),
        )
    shown, rest = [], 0
    for code, group in fig.breakdowns["category"].items():
        if group.insufficient or len(shown) >= TOP_CATEGORIES or small_tickets:
            rest += group.count
            continue
        shown.append((code, group))
    top = max((g.count for _, g in shown), default=1)
    categories = tuple(CategoryRow(_public(t.value("category", code), config), t.integer(g.count),
                                   t.percent(g.share), 100.0 * g.count / top) for code, g in shown)
    categories_note = t.say("notice_other_categories", n=t.integer(rest), min_cell=min_cell) if rest else None
    if no_tickets:
        categories_note = t.t("notice_absent_complaints")

    actions: list[ActionRow] = []
    for a in fig.actions:
        status = "" if a.status is None else _public(a.status, config)
        actions.append(ActionRow(
            problem=DASH if a.related_category is None else _public(t.value("category", a.related_category), config),
            measure=_shorten(_public(a.action, config), MAX_ACTION_CHARS - 15 * compact),
            status=status, done=status.lower() in DONE_WORDS))
    limit = len(actions) if max_actions is None else max_actions
    actions_note = t.say("notice_more_actions", n=len(actions) - limit) if len(actions) > limit else None
    org = config.organisation
    return Notice(
        lang=lang, size=size, title=t.t("notice_title"),
        organisation=org.name if lang == "zh-CN" else org.name_en,
        period_label=t.quarter(fig.period),
        period_range=f"{t.date(date.fromisoformat(fig.first_day))} – {t.date(date.fromisoformat(fig.last_day))}",
        issued=t.date(issued), headlines=tuple(headlines), commitments=tuple(commitments),
        satisfaction=satisfaction, categories=categories, categories_note=categories_note,
        actions=tuple(actions[:limit]), actions_note=actions_note,
        channels=tuple(org.complaint_channels), hotline=org.hotline,
        footer=t.say("notice_footer", min_cell=min_cell), compact=compact, ui=t.ui,
    )
