"""Appendix: whether the questionnaire measures consistently: Cronbach's α, McDonald's ω, corrected
item–total correlations, KMO and Bartlett, each with a sentence of what it means, from the thresholds."""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.metrics.registry import ALPHA_OK, BARTLETT, ITEM_TOTAL_OK, KMO_OK, OMEGA_OK
from reportgen.metrics.reliability import verdicts
from reportgen.report.context import Context, table
from reportgen.report.formatting import p_text
from reportgen.report.model import Section


def build(c: Context) -> Section:
    t, q, r = c.t, c.q, c.fig.current.survey.reliability
    judged = verdicts(r)

    def verdict(ok: bool | None, kind: str) -> str:
        return DASH if ok is None else t.t(f"verdict_{kind}_{'ok' if ok else 'low'}")

    population = t.say("population_reliability", period=c.period_text)

    def cite(name: str, value: str):
        return c.cite(f"survey.reliability.{name}", "reliability", value=value, n=r.n, population=population)

    alpha, kmo = t.number(r.cronbach_alpha, 3), t.number(r.kmo, 3)
    rows = [(c.label("survey.reliability.cronbach_alpha"), alpha, ALPHA_OK.text,
             verdict(judged["acceptable"], "alpha"))]
    cites = [cite("cronbach_alpha", alpha)]
    for dim, d in r.per_dimension.items():
        rows.append((f"α {c.dimension(dim)}", t.number(d["alpha"], 3), ALPHA_OK.text,
                     verdict(ALPHA_OK.met(d["alpha"]), "alpha")))
        cites.append(None)
    m = c.fig.measurement
    if m is not None:
        omega = t.number(m.omega_total.value, 3)
        rows.append((c.label("survey.reliability.omega_total"), omega + _interval(c, m.omega_total.interval),
                     OMEGA_OK.text, verdict(OMEGA_OK.met(m.omega_total.value), "alpha")))
        cites.append(c.cite("survey.reliability.omega_total", "reliability", value=omega, n=m.n, population=population,
                            interval=_interval(c, m.omega_total.interval).strip()))
        for dim, o in m.omega.items():
            if o.value is not None:
                rows.append((f"ω {c.dimension(dim)}", t.number(o.value, 3) + _interval(c, o.interval), OMEGA_OK.text,
                             verdict(OMEGA_OK.met(o.value), "alpha")))
                cites.append(None)
    rows.append((c.label("survey.reliability.kmo"), kmo, KMO_OK.text, verdict(judged["adequate"], "kmo")))
    cites.append(cite("kmo", kmo))
    chi2 = t.number(r.bartlett_chi2, 1)
    rows.append((f"{c.label('survey.reliability.bartlett_chi2')} χ² (df = {r.bartlett_df})", chi2,
                 f"p {BARTLETT.text}", f"{p_text(r.bartlett_p)}: " + verdict(judged["significant"], "bartlett")))
    cites.append(cite("bartlett_chi2", chi2))
    # n: the complete answers (listwise), which is fewer than the valid responses; said, so it is not a puzzle
    n_text = t.say("reliability_n", n=t.integer(r.n), items=len(q.item_ids),
                   valid=t.integer(c.fig.current.survey.responses_valid))
    item_total = {} if m is None else m.item_total
    return Section("appendix-reliability", t.t("appendix_reliability"), paragraphs=(n_text, *interpretations(c)),
                   blocks=(
        table((t.t("figure"), t.t("value"), t.t("threshold"), t.t("verdict")), rows, (False, True, False, False),
              cites=cites),
        table((t.t("item"), t.t("item_total"), t.t("alpha_if_deleted"), "MSA"),
              [(i, t.number(item_total.get(i), 3), t.number(r.alpha_if_deleted.get(i), 3), t.number(r.msa.get(i), 3))
               for i in q.item_ids], (False, True, True, True),
              ["warn" if ITEM_TOTAL_OK.met(item_total.get(i)) is False else "" for i in q.item_ids])))


def _interval(c: Context, ci) -> str:
    if ci is None:
        return ""
    return f"{c.t.t('paren_open')}{c.t.number(ci[0], 3)}–{c.t.number(ci[1], 3)}{c.t.t('paren_close')}"


def interpretations(c: Context) -> list[str]:
    """One sentence per statistic, saying what its value means against its threshold."""
    t, r, m = c.t, c.fig.current.survey.reliability, c.fig.measurement
    out = []
    if r.cronbach_alpha is not None:
        out.append(t.say("interpret_alpha_" + ("ok" if ALPHA_OK.met(r.cronbach_alpha) else "low"),
                         value=t.number(r.cronbach_alpha, 3), line=t.number(ALPHA_OK.value, 1)))
    if m is not None and m.omega_total.value is not None:
        gap = m.omega_total.value - (r.cronbach_alpha or m.omega_total.value)
        out.append(t.say("interpret_omega_" + ("ok" if OMEGA_OK.met(m.omega_total.value) else "low"),
                         value=t.number(m.omega_total.value, 3), line=t.number(OMEGA_OK.value, 1),
                         interval=_interval(c, m.omega_total.interval),
                         relation=t.t("omega_near_alpha" if abs(gap) < 0.02 else "omega_above_alpha" if gap > 0
                                      else "omega_below_alpha")))
        low = [(i, v) for i, v in m.item_total.items() if ITEM_TOTAL_OK.met(v) is False]
        if low:
            listed = t.t("list_sep").join(f"{i}{t.t('paren_open')}{t.number(v, 2)}{t.t('paren_close')}" for i, v in low)
            out.append(t.say("interpret_item_total_low", items=listed, line=t.number(ITEM_TOTAL_OK.value, 1)))
        elif m.item_total:
            least = min((v for v in m.item_total.values() if v is not None), default=None)
            if least is not None:
                out.append(t.say("interpret_item_total_ok", least=t.number(least, 2), line=t.number(ITEM_TOTAL_OK.value, 1)))
    if r.kmo is not None:
        out.append(t.say("interpret_kmo_" + ("ok" if KMO_OK.met(r.kmo) else "low"), value=t.number(r.kmo, 3),
                         line=t.number(KMO_OK.value, 1)))
    if r.bartlett_p is not None:
        out.append(t.say("interpret_bartlett_" + ("ok" if BARTLETT.met(r.bartlett_p) else "low"),
                         p=p_text(r.bartlett_p), line=f"{BARTLETT.value:g}"))
    return out
