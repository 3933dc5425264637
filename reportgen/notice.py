"""The public notice-board edition: one page of aggregates, private by construction.

Only counts and rates reach it. Every string that comes from the data (category codes, action
texts, statuses) goes through `redact`; groups with fewer than `min_cell` tickets are not shown
on their own; ticket, customer and response ids, descriptions and comments are never read here.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import date

from reportgen.actions import state_of
from reportgen.config import Config
from reportgen.figures import Figures
from reportgen.i18n import DASH, Texts, texts
from reportgen.metrics.registry import BY_KEY, COMPARED
from reportgen.redact import redact
from reportgen.i18n import duration_parts

SIZES = ("A4", "A3")
TOP_CATEGORIES = 5
MAX_ACTION_CHARS = 60


@dataclass(frozen=True)
class Headline:
    label: str
    value: str  # printed in the largest type
    unit: str = ""  # after the value, in body type (件)
    note: str = ""
    status: str = ""  # met / not met, for a commitment
    met: bool | None = None  # a commitment's verdict (None: not judged)


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
    done: bool  # the status reads as done (reportgen.actions)


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
    channels: tuple[str, ...]  # each once; none that repeats the hotline or the complaint address
    hotline: str | None
    complaint_url: str | None  # the online complaint form, printed with a QR code
    complaint_url_text: str | None  # the same address as printed: without "https://"
    footer: str
    compact: int  # 0 normal; higher levels tighten spacing to keep to one page
    ui: dict[str, str]


def _public(text, config: Config) -> str:
    return redact(str(text), config.redact_names)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def metric_name(figure: str, lang: str) -> str:
    """The registry's name of a compared figure (an action's related_metric)."""
    return BY_KEY[COMPARED[figure].key].name(lang)


def commitment_text(name: str, minutes: float, t: Texts) -> str:
    """A published commitment as customers know it: 30 分钟响应, Response within 30 minutes."""
    amount, unit = duration_parts(minutes)
    return t.say("commitment", amount=amount, unit=t.t(f"unit_{unit}"), sla=t.value("sla_verb", name))


def change_words(change, t: Texts, *, points: bool) -> str:
    """上升/下降 for a change the comparison found significant, else 基本持平 (never a guess)."""
    if change is None or change.delta is None:
        return t.t("notice_no_previous")
    if not change.significant or change.delta == 0:
        return t.t("notice_unchanged")
    # an NPS point is a percentage point of (promoters − detractors)
    size = t.number(abs(change.delta)) if points else t.number(abs(change.delta) * 100)
    return t.say("notice_up" if change.delta > 0 else "notice_down", delta=f"{size} {t.t('notice_pp')}")


def status_words(raw: str | None, t: Texts, config: Config) -> tuple[str, bool]:
    """An action's status in the edition's language when it is a known word, and whether it is done."""
    if raw is None:
        return "", False
    code = state_of(raw)
    if code is None:
        return _public(raw, config), False
    return t.value("action_status", code), code == "done"


def _printed_address(url: str | None) -> str | None:
    """An address as people type it: without "https://", which a browser adds."""
    if not url:
        return None
    return url[len("https://"):] if url.lower().startswith("https://") else url


_NUMBER = re.compile(r"\d(?:[\d\- ]*\d)?")  # a phone number as written: 400-820-5678, 400 820 5678


def _numbers(text: str) -> set[str]:
    return {re.sub(r"\D", "", m) for m in _NUMBER.findall(text)}


def _bare(url: str) -> str:
    return re.sub(r"^https?://", "", url.casefold()).rstrip("/")


def channels(org, url: str | None) -> tuple[str, ...]:
    """The complaint channels, each once, leaving out those the notice shows on their own.

    A channel that names the hotline's number or the complaint address would print them twice:
    the hotline is printed in large type and the address beside its QR code.
    """
    seen, out = set(), []
    hotline = _numbers(org.hotline or "")
    for channel in org.complaint_channels:
        key = " ".join(channel.split()).casefold()
        if not key or key in seen or hotline & _numbers(channel) or (url and _bare(url) in key):
            continue
        seen.add(key)
        out.append(channel)
    return tuple(out)


def build_notice(fig: Figures, config: Config, *, size: str, issued: date, max_actions: int | None = None,
                 max_categories: int = TOP_CATEGORIES, compact: int = 0) -> Notice:
    """Assemble the notice; `compact`, `max_actions` and `max_categories` shrink it to fit one page."""
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

    unit = "" if no_tickets else t.t("notice_unit")
    headlines = [
        Headline(t.t("notice_received"), DASH if no_tickets else t.integer(cf.total), unit),
        Headline(t.t("notice_closed"), DASH if no_tickets else t.integer(cf.closed), unit),
        Headline(t.t("notice_resolution"), rate(cf.resolution.value, small_tickets)),
    ]
    commitments = []
    for name in ("response", "closure"):
        sla = cf.sla[name]
        status = "" if small_tickets or sla.met is None else t.t("notice_met" if sla.met else "notice_not_met")
        commitments.append(Headline(commitment_text(name, sla.limit_minutes, t),
                                    rate(sla.attainment.value, small_tickets),
                                    note=t.say("notice_target", required=t.percent(sla.required, 0)), status=status,
                                    met=None if not status else sla.met))
    qoq = fig.changes["qoq"]
    nps = sf.nps
    if no_survey:
        satisfaction = (t.t("notice_absent_surveys"),)
    elif small_survey:
        satisfaction = (t.say("notice_survey_small", n=t.integer(sf.responses_valid)),)
    else:
        satisfaction = (t.say("notice_csat", value=t.percent(sf.csat_top2.value),
                              change=change_words(qoq.get("csat_top2"), t, points=False)),)
        if nps.score is not None and nps.n:
            satisfaction += (t.say("notice_nps", promoters=t.percent(nps.promoters / nps.n),
                                   detractors=t.percent(nps.detractors / nps.n), score=t.number(abs(nps.score)),
                                   change=change_words(qoq.get("nps"), t, points=True)),)
    shown, rest = [], 0
    for code, group in fig.breakdowns["category"].items():
        if group.insufficient or len(shown) >= min(max_categories, TOP_CATEGORIES) or small_tickets:
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
        status, done = status_words(a.status, t, config)
        actions.append(ActionRow(
            problem=_public(t.value("category", a.related_category), config) if a.related_category
            else metric_name(a.related_metric, lang) if a.related_metric else DASH,
            measure=_shorten(_public(a.action, config), MAX_ACTION_CHARS - 18 * compact),
            status=status, done=done))
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
        channels=channels(org, org.complaint_url), hotline=org.hotline, complaint_url=org.complaint_url,
        complaint_url_text=_printed_address(org.complaint_url),
        footer=t.say("notice_footer", min_cell=min_cell), compact=compact, ui=t.ui,
    )
