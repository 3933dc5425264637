"""Where the tickets and responses come from, and how they map onto the contract: `[sources]`.

A data folder without `[sources]` reads `complaints.*` and `surveys.*` in the contract's shape.
With `[sources.complaints]` or `[sources.surveys]`, a table is a file of any layout (`file`,
mapped by `reportgen.mapping`, often from a platform `preset`) or the organisation's PostgreSQL
table in the contract's shape (`url` and `table`, queried in place). Validated here, once, with
every problem listed by its key.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePosixPath
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag, field_validator,
                      model_validator)

PRESETS = ("qualtrics", "surveymonkey", "wjx", "tencent", "google_forms")
# A date rule: a strftime pattern (e.g. "%d.%m.%Y %H:%M"), or a named rule.
DATE_RULES = ("iso", "day-first", "month-first", "excel")
_TABLE = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$"
_PERIOD = re.compile(r"^\d{4}Q[1-4]$")

Scalar = str | int | float | bool
SourceColumn = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _zone(v: str | None) -> str | None:
    if v is None:
        return v
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {v!r}; use an IANA name such as 'Asia/Shanghai'")
    return v


class Mapping(_Strict):
    """How a source's columns and values map onto the contract: the same for files and databases."""

    preset: Literal["qualtrics", "surveymonkey", "wjx", "tencent", "google_forms"] | None = None
    # contract column = source column; a list joins its columns with a space (a date and a time)
    columns: dict[str, SourceColumn | Annotated[list[SourceColumn], Field(min_length=1, max_length=3)]] = {}
    constants: dict[str, Scalar] = {}  # contract column = the value of every row
    # contract column -> {source text = contract value}; a key may list columns: "q1,q2,q3"
    values: dict[str, dict[str, Scalar]] = {}
    # Codes meaning "not applicable" or "skipped": missing, and counted. A list applies to every
    # mapped column, a table to the columns it names ("q1,q2" names two).
    na: list[Scalar] | dict[str, list[Scalar]] = []
    option_letters: bool = False  # answers written "A.电话热线", "B.满意": the option's letter is left out
    drop: dict[SourceColumn, list[Scalar]] = {}  # source column -> values whose rows are left out
    keep: dict[SourceColumn, list[Scalar]] = {}  # source column -> the only values whose rows are kept
    dates: dict[str, str] = {}  # contract column -> a date rule (DATE_RULES) or a strftime pattern
    timezone: str | None = None  # the zone of the source's timestamps without an offset
    period: str | None = None  # e.g. "2026Q3": the quarter of every row of a table without a timestamp

    @field_validator("dates")
    @classmethod
    def _date_rules(cls, v: dict[str, str]) -> dict[str, str]:
        for column, rule in v.items():
            if rule not in DATE_RULES and "%" not in rule:
                raise ValueError(f"{column}: {rule!r} is neither one of {', '.join(DATE_RULES)} nor a strftime "
                                 "pattern such as '%d/%m/%Y %H:%M'")
        return v

    _tz = field_validator("timezone")(classmethod(lambda cls, v: _zone(v)))

    @field_validator("period")
    @classmethod
    def _quarter(cls, v: str | None) -> str | None:
        if v is not None and not _PERIOD.match(v):
            raise ValueError(f"{v!r} is not a quarter such as 2026Q3")
        return v

    @model_validator(mode="after")
    def _one_rule_per_column(self):
        both = sorted(set(self.columns) & set(self.constants))
        if both:
            raise ValueError(f"{', '.join(both)}: given in both columns and constants; keep one")
        return self


MAPPING_KEYS = frozenset(Mapping.model_fields)


class FileSource(Mapping):
    """A table read from files in the data folder and mapped onto the contract."""

    file: Annotated[str, StringConstraints(min_length=1, max_length=300)]  # a name or a glob, in the data folder
    encoding: str | None = None  # CSV: the text encoding, when not UTF-8 or GB18030
    skip_lines: int = Field(0, ge=0, le=1000)  # lines above the header row (tool output, titles)
    header_rows: int = Field(1, ge=1, le=20)  # rows of header; the first names the columns

    @field_validator("file")
    @classmethod
    def _inside(cls, v: str) -> str:
        p = PurePosixPath(v.replace("\\", "/"))
        if p.is_absolute() or ".." in p.parts or re.match(r"^[A-Za-z]:", v):
            raise ValueError("must name a file inside the data folder (no absolute path, no '..')")
        return v

    @field_validator("encoding")
    @classmethod
    def _codec(cls, v: str | None) -> str | None:
        return known_encoding(v)


def known_encoding(v: str | None) -> str | None:
    """`v` if Python has a codec of that name (or None); a ValueError the config reports otherwise."""
    if v is not None:
        try:
            codecs.lookup(v)
        except LookupError:
            raise ValueError(f"unknown encoding {v!r}; use a name such as 'utf-8', 'gb18030' or 'cp1252'")
    return v


class DatabaseSource(Mapping):
    """A table (or a query's result) in a database.

    A PostgreSQL table in the contract's shape, with no mapping key, is queried in place: the
    figures' queries run inside the server. Any other (SQLite, another database, a `query`, or
    a table that needs a mapping) is read, only the columns the mapping names, and mapped as
    a file is."""

    url: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9+.-]*://", max_length=500)]
    table: Annotated[str, StringConstraints(pattern=_TABLE, max_length=127)] | None = None
    query: Annotated[str, StringConstraints(min_length=1, max_length=20_000)] | None = None

    @model_validator(mode="after")
    def _table_or_query(self):
        if (self.table is None) == (self.query is None):
            raise ValueError("give either table or query")
        return self

    @property
    def in_place(self) -> bool:
        return (re.match(r"^postgres(ql)?(\+psycopg)?://", self.url) is not None and self.table is not None
                and not (self.model_fields_set & MAPPING_KEYS))


def _kind(data):
    """Which model a `[sources.X]` table is: it names a `file` or a database `url`."""
    if (isinstance(data, dict) and "url" in data) or isinstance(data, DatabaseSource):
        return "database-source"
    return "file-source"


# Each table is validated against the model it means, so that messages name that model's keys.
TAGS = ("file-source", "database-source")  # left out of the key paths in messages
Source = Annotated[Annotated[FileSource, Tag("file-source")] | Annotated[DatabaseSource, Tag("database-source")],
                   Discriminator(_kind)]


class Sources(_Strict):
    complaints: Source | None = None
    surveys: Source | None = None

    @model_validator(mode="after")
    def _databases_together(self):
        db = {n: s for n, s in (("complaints", self.complaints), ("surveys", self.surveys))
              if isinstance(s, DatabaseSource) and s.in_place}
        if len(db) == 1:
            raise ValueError("a PostgreSQL table queried in place must be given for both sources.complaints and "
                             "sources.surveys (the figures' queries run in that one database); give the other "
                             "in place too, or give this one a mapping key (e.g. columns) to read it instead")
        if len(db) == 2 and db["complaints"].url != db["surveys"].url:
            raise ValueError("sources.complaints and sources.surveys must name the same database url")
        return self

    @property
    def in_database(self) -> bool:
        return isinstance(self.complaints, DatabaseSource) and self.complaints.in_place

    def mapped(self, name: str) -> FileSource | DatabaseSource | None:
        """The source read through a mapping (a file, or a database table read), if any."""
        source = getattr(self, name)
        return None if source is None or (isinstance(source, DatabaseSource) and source.in_place) else source
