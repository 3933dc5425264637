"""What every section builder shares: the figures, the language, the evidence ledger.

A section reads `Context.fig` (the quarter's `Figures`) and `Context.config` (the validated
settings) and nothing else; `cite` numbers each figure the first time a section shows it, so
the evidence index lists figures in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.config import Config
from reportgen.figures import Figures
from reportgen.i18n import DASH, Texts
from reportgen.metrics.registry import BY_KEY, COMPARED, describe
from reportgen.periods import Quarter
from reportgen.questionnaire import Questionnaire
from reportgen.report.formatting import change_text, interval, p_text
from reportgen.report.model import Chart, Cite, Table


class Ledger:
    """Evidence numbers in order of first citation; each figure keeps every place that cites it."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}

    def cite(self, key: str, place: str, **details) -> Cite:
        if key not in self.rows:
            self.rows[key] = {"id": f"E-{len(self.rows) + 1:02d}", "refs": [], **details}
        row = self.rows[key]
        if details.get("value") != row.get("value"):  # the row shows one value: every place citing it shows it
            raise ValueError(f"{key} cited at {place} as {details.get('value')!r}, "
                             f"but as {row.get('value')!r} by {row['id']}")
        ref = f"ref-{row['id']}-{place}"
        if ref not in row["refs"]:
            row["refs"].append(ref)
        return Cite(row["id"], ref)


@dataclass(frozen=True)
class Context:
    fig: Figures
    config: Config
    t: Texts
    provenance: dict | None = None  # manifest.json's content
    issued: str = ""  # the issue date, formatted (the report shows no clock time: same-day builds are identical)
    ledger: Ledger = field(default_factory=Ledger)

    @property
    def q(self) -> Questionnaire:
        return self.fig.questionnaire

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.fig.period)

    def label(self, key: str) -> str:
        """A registry figure's name in the report's language."""
        return BY_KEY[key].name(self.t.lang)

    def compared_label(self, name: str) -> str:
        """The name of a figure compared between quarters (a key of `Figures.changes`)."""
        return self.label(COMPARED[name].key)

    def dimension(self, code: str) -> str:
        return self.q.dimensions[code].get(self.t.lang)

    def cite(self, key: str, place: str, *, value: str, n: int | None = None, interval: str = "",
             population: str | None = None, metric: str | None = None, figure: str | None = None,
             test: str = "") -> Cite:
        """Cite figure `key` (a registry key, or a finer one such as survey.dimensions.attitude).

        `metric` is the registry entry of a finer key (its definition is the row's); `figure`
        names the finer figure where the entry's name alone would not; `test` is a change's p-value.
        """
        d = describe(BY_KEY[metric or key], self.config, self.t.lang, self.q.scale)
        return self.ledger.cite(key, place, figure=figure or (d["zh"] if self.t.lang == "zh-CN" else d["en"]),
                                definition=d["definition"],
                                population=population or d["denominator"] or self.population(key),
                                n=DASH if n is None else self.t.integer(n), value=value, test=test,
                                interval=interval.removeprefix(self.t.t("ci95")).strip())

    def cite_share(self, key: str, place: str, share) -> Cite:
        return self.cite(key, place, value=self.t.percent(share.value), n=share.n,
                         interval=interval(share.ci95, self.t, True))

    def cite_change(self, scope: str, name: str, place: str) -> Cite | None:
        """Cite the change of compared figure `name` on the previous quarter ("qoq") or a year ago
        ("yoy"): the difference and p-value, with both quarters' counts (None without a change); n is
        this quarter's."""
        t, ch = self.t, self.fig.changes[scope][name]
        if ch.delta is None:
            return None
        compared = COMPARED[name]
        value, test = change_text(name, ch.delta, t), "" if ch.p is None else p_text(ch.p)
        periods = ((self.fig.period, ch.current_counts), (ch.previous_period, ch.previous_counts))
        if ch.current_counts is None or ch.previous_counts is None:
            population = t.say("change_population", period=self.period_text, previous=t.quarter(ch.previous_period))
            n = None
        else:  # this quarter's counts, then the earlier quarter's: enough to re-derive the test by hand
            kind = "change_counts_nps" if compared.test == "nps" else "change_counts_rate"
            current, previous = (t.say(kind, period=t.quarter(period), **{k: t.integer(v) for k, v in counts.items()})
                                 for period, counts in periods)
            population = t.say("change_counts", current=current, previous=previous)
            n = ch.current_counts["n"]
        return self.cite(f"comparisons.{scope}.{name}", place, metric=f"comparisons.{scope}", value=value, n=n,
                         test=test, population=population,
                         figure=t.say("figure_part", figure=self.label(f"comparisons.{scope}"),
                                      part=self.compared_label(name)))

    def coded(self, kind: str, code: str) -> str:
        """A code with its name, as the appendix and the tables show it: 重复提交（duplicate）."""
        return self.t.say("coded", name=self.t.value(kind, code), code=code)

    def population(self, key: str) -> str:
        section = key.split(".")[0]
        if key.startswith(("survey.responses_", "survey.excluded")):  # counted before cleaning
            return self.t.say("population_received", period=self.period_text)
        what = {"complaints": "population_tickets", "survey": "population_responses"}.get(section)
        if what is None:  # the index: its components are listed in the comparison chapter
            return self.t.say("population_index", period=self.period_text, section=self.t.t("comparison_section"),
                              table=self.label("service_quality_index.components"))
        return self.t.say(what, period=self.period_text)

    @property
    def period_text(self) -> str:
        return self.t.quarter(self.fig.period)

    def file_name(self, table: str) -> str:
        return self.fig.source_files.get(table, f"{table}.csv")

    def source_complaints(self, n: int) -> str:
        return self.t.say("source_complaints", file=self.file_name("complaints"), period=self.period_text,
                          n=self.t.integer(n))

    def source_survey(self, n: int, *, received: bool = False) -> str:
        """The survey's source line with the valid responses, or (`received`) those received before cleaning."""
        return self.t.say("source_survey_received" if received else "source_survey", file=self.file_name("surveys"),
                          period=self.period_text, n=self.t.integer(n))


def table(columns, rows, numeric, row_classes=(), *, title: str | None = None, cites=(), cell_cites=()) -> Table:
    return Table(tuple(columns), tuple(tuple(r) for r in rows), tuple(numeric), tuple(row_classes), title=title,
                 cites=tuple(cites), cell_cites=tuple(tuple(r) for r in cell_cites))


MIN_ROWS = {"dumbbell": 2}  # fewer points than this make no chart of that kind


def chart(id, kind, rows, title, caption, text_table, *, print_table=False, **options) -> Chart | Table:
    """A chart of `rows`; with too few rows to draw, just its table (the reader still sees the numbers)."""
    rows = list(rows)
    if len(rows) < MIN_ROWS.get(kind, 1):
        return text_table
    return Chart(id, kind, tuple(rows), options, title, caption, text_table, print_table=print_table)
