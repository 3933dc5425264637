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

    rows = [("Cronbach's α", t.number(r.cronbach_alpha, 3), ALPHA_OK.text, verdict(judged["acceptable"], "alpha"))]
    for dim, d in r.per_dimension.items():
        rows.append((f"α {c.dimension(dim)}", t.number(d["alpha"], 3), ALPHA_OK.text,
                     verdict(ALPHA_OK.met(d["alpha"]), "alpha")))
    rows.append(("KMO", t.number(r.kmo, 3), KMO_OK.text, verdict(judged["adequate"], "kmo")))
    rows.append((f"Bartlett χ² (df = {r.bartlett_df})", t.number(r.bartlett_chi2, 1), f"p {BARTLETT.text}",
                 f"{p_text(r.bartlett_p)}: " + verdict(judged["significant"], "bartlett")))
    return Section("appendix-reliability", t.t("appendix_reliability"), paragraphs=(f"n = {t.integer(r.n)}",), blocks=(
        table((t.t("figure"), t.t("value"), t.t("threshold"), t.t("verdict")), rows, (False, True, False, False)),
        table((t.t("item"), t.t("alpha_if_deleted"), "MSA"),
              [(i, t.number(r.alpha_if_deleted.get(i), 3), t.number(r.msa.get(i), 3)) for i in q.item_ids],
              (False, True, True))))
