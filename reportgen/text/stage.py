"""The text stage of a build: the engine's texts → comment figures (reportgen.text.analysis).

A file's texts were sanitised and masked as they were read; a table queried in place in a database
was not, so its texts pass the same step (reportgen.sanitise) here, before anything else sees them.
"""

from __future__ import annotations

from reportgen.config import Config
from reportgen.figures import Figures, Prepared
from reportgen.periods import Quarter
from reportgen.sanitise import sanitise_column
from reportgen.schema import COMMENT_CHARS
import pyarrow as pa

from reportgen.text.analysis import CommentFigures, analyse
from reportgen.text.resources import TextResources


def comment_figures(prep: Prepared, quarter: Quarter, figures: Figures, texts: TextResources,
                    config: Config) -> tuple[CommentFigures, pa.Table]:
    rows = {}
    if "surveys" not in figures.absent:
        rows["survey"] = figures.current.survey.responses_valid
    if "complaints" not in figures.absent:
        rows["complaint"] = figures.current.complaints.total
    table = prep.engine.comments(quarter)
    if config.sources.in_database:  # queried in place: not sanitised at intake as a file's texts are
        clean, _, _ = sanitise_column(table["text"], max_chars=COMMENT_CHARS, mask=True, names=config.redact_names)
        table = table.set_column(table.schema.get_field_index("text"), "text", clean)
    return analyse(table, quarter, rows, texts, config)
