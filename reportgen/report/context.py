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
from reportgen.report.formatting import interval
from reportgen.report.model import Chart, Cite, Table


class Ledger:
    """Evidence numbers in order of first citation; each figure keeps every place that cites it."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}

    def cite(self, key: str, place: str, **details) -> Cite:
        if key not in self.rows:
            self.rows[key] = {"id": f"E-{len(self.rows) + 1:02d}", "refs": [], **details}
        row = self.rows[key]
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
        m = BY_KEY[key]
        return m.zh if self.t.lang == "zh-CN" else m.en

    def compared_label(self, name: str) -> str:
        """The name of a figure compared between quarters (a key of `Figures.changes`)."""
        return self.label(COMPARED[name].key)

    def dimension(self, code: str) -> str:
        return self.q.dimensions[code].get(self.t.lang)

    def cite(self, key: str, place: str, *, value: str, n: int | None = None, interval: str = "",
             population: str | None = None, metric: str | None = None) -> Cite:
        """Cite figure `key` (a registry key, or a finer one such as survey.dimensions.attitude)."""
        d = describe(BY_KEY[metric or key], self.config, self.t.lang, self.q.scale)
        return self.ledger.cite(key, place, figure=d["zh"] if self.t.lang == "zh-CN" else d["en"],
                                definition=d["definition"],
                                population=population or d["denominator"] or self.population(key),
                                n=DASH if n is None else self.t.integer(n), value=value,
                                interval=interval.removeprefix(self.t.t("ci95")).strip())

    def cite_share(self, key: str, place: str, share) -> Cite:
        return self.cite(key, place, value=self.t.percent(share.value), n=share.n,
                         interval=interval(share.ci95, self.t, True))

    def population(self, key: str) -> str:
        section = key.split(".")[0]
        what = {"complaints": "population_tickets", "survey": "population_responses"}.get(section,
                                                                                        "population_index")
        return self.t.say(what, period=self.period_text)

    @property
    def period_text(self) -> str:
        return self.t.quarter(self.fig.period)

    def file_name(self, table: str) -> str:
        return self.fig.source_files.get(table, f"{table}.csv")

    def source_complaints(self, n: int) -> str:
        return self.t.say("source_complaints", file=self.file_name("complaints"), period=self.period_text,
                          n=self.t.integer(n))

    def source_survey(self, n: int) -> str:
        return self.t.say("source_survey", file=self.file_name("surveys"), period=self.period_text,
                          n=self.t.integer(n))


def table(columns, rows, numeric, row_classes=(), *, title: str | None = None, cites=()) -> Table:
    return Table(tuple(columns), tuple(tuple(r) for r in rows), tuple(numeric), tuple(row_classes), title=title,
                 cites=tuple(cites))


MIN_ROWS = {"radar": 3}  # fewer points than this make no chart of that kind


def chart(id, kind, rows, title, caption, text_table, *, print_table=False, **options) -> Chart | Table:
    """A chart of `rows`; with too few rows to draw, just its table (the reader still sees the numbers)."""
    rows = list(rows)
    if len(rows) < MIN_ROWS.get(kind, 1):
        return text_table
    return Chart(id, kind, tuple(rows), options, title, caption, text_table, print_table=print_table)
