"""Appendix: whether the questionnaire measures consistently (Cronbach's α, KMO, Bartlett)."""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.metrics.registry import ALPHA_OK, BARTLETT, KMO_OK
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
    rows.append((c.label("survey.reliability.kmo"), kmo, KMO_OK.text, verdict(judged["adequate"], "kmo")))
    cites.append(cite("kmo", kmo))
    chi2 = t.number(r.bartlett_chi2, 1)
    rows.append((f"{c.label('survey.reliability.bartlett_chi2')} χ² (df = {r.bartlett_df})", chi2,
                 f"p {BARTLETT.text}", f"{p_text(r.bartlett_p)}: " + verdict(judged["significant"], "bartlett")))
    cites.append(cite("bartlett_chi2", chi2))
    # n: the complete answers (listwise), which is fewer than the valid responses; said, so it is not a puzzle
    n_text = t.say("reliability_n", n=t.integer(r.n), items=len(q.item_ids),
                   valid=t.integer(c.fig.current.survey.responses_valid))
    return Section("appendix-reliability", t.t("appendix_reliability"), paragraphs=(n_text,), blocks=(
        table((t.t("figure"), t.t("value"), t.t("threshold"), t.t("verdict")), rows, (False, True, False, False),
              cites=cites),
        table((t.t("item"), t.t("alpha_if_deleted"), "MSA"),
              [(i, t.number(r.alpha_if_deleted.get(i), 3), t.number(r.msa.get(i), 3)) for i in q.item_ids],
              (False, True, True))))
