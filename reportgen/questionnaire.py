"""The questionnaire (`questionnaire.yaml`): items, their text, dimensions and reverse coding."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from reportgen.config import printable_text as _printable
from reportgen.errors import InputError, Problem

_ITEM_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RESERVED_COLUMNS = {"overall", "nps", "response_id", "submitted_at", "duration_seconds", "channel",
                    "segment", "product_line", "store", "comment"}


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, but a key given twice in one mapping is an error, not "the last wins"."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice (first on line {seen[key] + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# Texts shown in the report: printable, one line, of a length a table cell can hold.
Line = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_printable)]


class Text(_Strict):
    zh: Line = Field(alias="zh-CN")
    en: Line

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh-CN" else self.en


class Scale(_Strict):
    """The answers' scale, for every item and the overall question: 1–4, 1–5, 1–6, 1–7, 1–10,
    0–10, or a 0–100 slider (the recommendation question is always 0–10)."""

    min: int = Field(1, ge=0, le=1)
    max: int = Field(5, le=100)

    @model_validator(mode="after")
    def _at_least_three_points(self):
        if self.max - self.min < 2:
            raise ValueError(f"a scale needs at least three points (min {self.min}, max {self.max})")
        return self


class ItemSpec(_Strict):
    dimension: str
    zh: Line = Field(alias="zh-CN")
    en: Line
    reverse: bool = False
    scale: Scale | None = None  # this item's own scale (default: the questionnaire's)


class QuestionnaireSpec(_Strict):
    scale: Scale = Scale()
    dimensions: dict[str, Text] = Field(min_length=1)
    items: dict[str, ItemSpec] = Field(min_length=2)
    overall: Text
    nps: Text

    @model_validator(mode="after")
    def _consistent(self):
        for item_id, item in self.items.items():
            if not _ITEM_ID.match(item_id) or item_id in RESERVED_COLUMNS:
                raise ValueError(f"item id {item_id!r} cannot be a column name")
            if item.dimension not in self.dimensions:
                raise ValueError(f"item {item_id} names dimension {item.dimension!r}, "
                                 f"which is not under 'dimensions'")
        empty = [d for d in self.dimensions if not any(i.dimension == d for i in self.items.values())]
        if empty:
            raise ValueError(f"dimension(s) without items: {', '.join(empty)}")
        return self


@dataclass(frozen=True)
class Item:
    id: str
    dimension: str
    text: Text
    reverse: bool
    scale: tuple[int, int] = (1, 5)


def levels_of(scale: tuple[int, int]) -> list[int]:
    """Every answer of a scale of at most 11 points (a slider's answers are not counted one by one)."""
    lo, hi = scale
    return list(range(lo, hi + 1)) if hi - lo <= 10 else []


@dataclass(frozen=True)
class Questionnaire:
    """What the figures need to know about the survey instrument, in file order."""

    items: tuple[Item, ...]
    dimensions: dict[str, Text]
    overall: Text
    nps: Text
    scale: tuple[int, int] = (1, 5)  # the items' and the overall question's lowest and highest answer

    @property
    def levels(self) -> list[int]:
        """The overall question's answers, counted one by one (none on a slider)."""
        return levels_of(self.scale)

    @property
    def item_scales(self) -> dict[str, tuple[int, int]]:
        return {i.id: i.scale for i in self.items}

    @property
    def unit(self) -> int:
        """The common unit of the items' scales: every range divides it, so an answer's place on
        its scale, (answer − min) × unit / (max − min), is a whole number and dimension sums stay exact."""
        return math.lcm(*{hi - lo for lo, hi in self.item_scales.values()})

    @property
    def one_scale(self) -> bool:
        """Every item on the questionnaire's own scale."""
        return all(s == self.scale for s in self.item_scales.values())

    @property
    def top_from(self) -> int:
        """The lowest answer in the top box: the two highest categories; on a slider of more than
        11 points, 80 % of the range and above (80 on 0–100)."""
        lo, hi = self.scale
        return hi - 1 if self.levels else lo + math.ceil(0.8 * (hi - lo))

    @property
    def item_ids(self) -> list[str]:
        return [i.id for i in self.items]

    def dimension_items(self, dimension: str) -> list[str]:
        return [i.id for i in self.items if i.dimension == dimension]

    @property
    def reverse_items(self) -> list[str]:
        return [i.id for i in self.items if i.reverse]


def default_questionnaire_text() -> str:
    return resources.files("reportgen").joinpath("defaults/questionnaire.yaml").read_text("utf-8")


def parse_questionnaire(text: str, name: str = "questionnaire.yaml") -> Questionnaire:
    """Validate questionnaire text; every problem is reported with its key or line."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError([Problem(name, row, None, f"not valid YAML: {problem}")])
    if not isinstance(data, dict):
        raise InputError([Problem(name, None, None,
                                  "expected a mapping with 'dimensions', 'items', 'overall' and 'nps'")])
    try:
        spec = QuestionnaireSpec.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            key = ".".join(str(p) for p in e["loc"])
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                msg = "unknown key"
            problems.append(Problem(name, None, None, f"key {key}: {msg}" if key else msg))
        raise InputError(problems)
    default = (spec.scale.min, spec.scale.max)
    items = tuple(Item(k, v.dimension, Text(**{"zh-CN": v.zh, "en": v.en}), v.reverse,
                       (v.scale.min, v.scale.max) if v.scale is not None else default)
                  for k, v in spec.items.items())
    return Questionnaire(items=items, dimensions=dict(spec.dimensions), overall=spec.overall, nps=spec.nps,
                         scale=(spec.scale.min, spec.scale.max))


def load_questionnaire(path: Path) -> tuple[Questionnaire, bytes]:
    """Read `questionnaire.yaml`; return it parsed and the bytes it came from."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path.name, None, None,
                                  f"questionnaire not found in {path.parent}; every data folder needs one "
                                  "(`reportgen sample` writes the default)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(path.name, None, None, "questionnaire is not UTF-8 text")])
    return parse_questionnaire(text, path.name), raw
