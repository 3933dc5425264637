"""A `[sources]` file block resolved against its file: the file found, the preset's defaults
read from the file's first rows, every key checked against the file's header and the
contract, and every problem listed at once (each names the key to write or correct)."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from reportgen import presets
from reportgen.errors import InputError, Problem
from reportgen.load import FALLBACK_ENCODINGS, READABLE, Layout, guess_encodings, header_names, read_table
from reportgen.mapping import ROW_NUMBER, STARTED, MappedTable, Plan, scalar_text
from reportgen.periods import Quarter
from reportgen.schema import Column, missing
from reportgen.sources import DatabaseSource, FileSource

CONFIG = "reportgen.toml"
DATED = {"complaints": "received_at", "surveys": "submitted_at"}
TABLE_IDS = {"complaints": "ticket_id", "surveys": "response_id"}
_MERGED = ("columns", "values", "dates", "drop", "keep")  # a preset's table keys, merged key by key


def find_files(data_dir: Path, pattern: str, key: str) -> list[Path]:
    """The files `pattern` names in the data folder, in name order; each must lie inside it."""
    root = data_dir.resolve()
    found = sorted(p for p in data_dir.glob(pattern) if p.is_file())
    outside = [p for p in found if not p.resolve().is_relative_to(root)]
    if outside:
        raise InputError([Problem(CONFIG, None, None, f"{key}.file: {outside[0].name} lies outside the data folder "
                                                      "(a link out of it); copy the file into the folder")])
    if not found:
        raise InputError([Problem(CONFIG, None, None, f"{key}.file: no file matches {pattern!r} in {data_dir}")])
    odd = [p.name for p in found if p.suffix.lower() not in READABLE]
    if odd:
        raise InputError([Problem(odd[0], None, None, f"cannot read this kind of file (named by {key}.file); "
                                                      f"expected {', '.join(READABLE)}")])
    return found


def peek(path: Path, skip_lines: int, rows: int = 3, encoding: str | None = None,
         encodings: tuple[str, ...] = ()) -> list[list[str]]:
    """The first records after `skip_lines`, for a preset to recognise its layout and for the
    names of a sheet's columns (text in the first encoding that decodes it)."""
    if path.suffix.lower() == ".sav":
        from reportgen.spss import names_and_labels

        try:
            return [list(r) for r in names_and_labels(path)][:rows]
        except InputError:
            return []  # reading the file properly reports why
    if path.suffix.lower() in (".xlsx", ".xls"):
        try:
            frame = pd.read_excel(path, sheet_name=0, engine="calamine", dtype=object, header=None,
                                  nrows=skip_lines + rows)
        except Exception:
            return []  # reading the file properly reports why
        return [["" if pd.isna(v) else str(v).strip() for v in r] for r in frame.iloc[skip_lines:].itertuples(index=False)]
    with path.open("rb") as fh:
        block = fh.read(1 << 18)
    text = None
    tried = [encoding] if encoding else ["utf-16"] if block.startswith((b"\xff\xfe", b"\xfe\xff")) else [
        *(encodings or (*FALLBACK_ENCODINGS, "cp1252"))]
    for enc in tried:
        try:
            text = codecs.getincrementaldecoder(enc)().decode(block, final=False)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    text = text if text is not None else block.decode("utf-8-sig", errors="replace")
    lines = re.split(r"\r\n?|\n", text)[skip_lines:]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        return [[c.strip() for c in r] for _, r in zip(range(rows), csv.reader(io.StringIO("\n".join(lines)),
                                                                                  delimiter=delimiter))]
    except csv.Error:
        return []


def effective(source: FileSource, head: list[list[str]]) -> tuple[dict, tuple[str, ...]]:
    """The source's keys with its preset's defaults under them, and the encodings to try."""
    given = source.model_dump(exclude_unset=True)
    fallback = FALLBACK_ENCODINGS
    if source.preset is None:
        return _spread(source.model_dump()), fallback
    base = presets.defaults(source.preset, head)
    if "encoding_fallback" in base:
        fallback = (FALLBACK_ENCODINGS[0], base.pop("encoding_fallback"))
    out = source.model_dump()
    out.update({k: v for k, v in base.items() if k not in _MERGED and k != "na"})
    for k in _MERGED:
        out[k] = {**base.get(k, {}), **given.get(k, {})}
    na = given.get("na", [])
    out["na"] = ({"*": base.get("na", []), **na} if isinstance(na, dict) else [*base.get("na", []), *na])
    out.update({k: v for k, v in given.items() if k not in _MERGED and k != "na"})
    return _spread(out), fallback


def _spread(keys: dict) -> dict:
    """`values` and `na` keys that list several columns ("q1,q2,q3") given to each of them."""
    out = dict(keys)
    for part in ("values", "na"):
        if not isinstance(keys[part], dict):
            continue
        spread: dict = {}
        for names, rule in keys[part].items():
            for name in (n.strip() for n in names.split(",")):
                spread[name] = ({**spread.get(name, {}), **rule} if isinstance(rule, dict)
                                else [*spread.get(name, []), *rule])
        out[part] = spread
    return out


def open_source(data_dir: Path, table: str, source: FileSource, kinds: tuple[Column, ...], tz: ZoneInfo,
                encoding: str | None = None, period: str | None = None, window: tuple | None = None):
    """The table `source` describes, mapped (several files matching `file` read one after
    another); raises InputError listing every problem in every file."""
    from reportgen.chain import ChainedTable
    from reportgen.db_read import DatabaseTable

    if isinstance(source, DatabaseSource):
        return _open_file(None, table, source, kinds, tz, encoding, period, DatabaseTable(source, data_dir), window)
    files = find_files(data_dir, source.file, f"sources.{table}")
    parts, problems = [], []
    for path in files:
        try:
            parts.append(_open_file(path, table, source, kinds, tz, encoding, period))
        except InputError as exc:
            problems.extend(p for p in exc.problems if p not in problems)  # a key's problem once, not per file
    if problems:
        raise InputError(problems)
    return parts[0] if len(parts) == 1 else ChainedTable(parts)


def _open_file(path: Path | None, table: str, source: FileSource | DatabaseSource, kinds: tuple[Column, ...],
               tz: ZoneInfo, encoding: str | None, period: str | None, db=None, window: tuple | None = None) -> MappedTable:
    """One file (or, with `db`, a database table or query) with its mapping resolved."""
    key = f"sources.{table}"
    head: list[list[str]] = []
    if db is not None:
        keys, fallback = effective(source, [list(db.header)])
        keys.update(header_rows=1, skip_lines=0, encoding=None)
        path = db.path
    else:
        order = guess_encodings(path) if path.suffix.lower() in (".csv", ".tsv") else ()
        head = peek(path, source.skip_lines, max(3, source.header_rows), encoding=source.encoding or encoding,
                    encodings=order)
        keys, fallback = effective(source, head)
    if path.suffix.lower() == ".sav":  # names and question texts are the file's metadata, not rows
        keys.update(header_rows=1, skip_lines=0)
    layout = Layout(keys["skip_lines"], keys["header_rows"], fallback)
    enc = keys.get("encoding") or encoding
    if table == "surveys":
        kinds = (*kinds, STARTED)
    by_name = {c.name: c for c in kinds if c.read}
    columns = {k: ([v] if isinstance(v, str) else list(v)) for k, v in keys["columns"].items()}
    problems = _unknown_keys(keys, {c.name: c for c in kinds}, key, table)
    labels = {s for k, srcs in columns.items() if k in by_name and by_name[k].kind == "text" and by_name[k].mask
              for s in srcs}
    if db is not None:
        header, file = list(db.header), db.name
    elif path.suffix.lower() in (".xlsx", ".xls", ".sav"):  # read whole: the names first, from the first rows
        if layout.skip_lines != source.skip_lines or len(head) < layout.header_rows:  # a preset moved the header
            head = peek(path, layout.skip_lines, max(2, layout.header_rows))
        header = head[0] if path.suffix.lower() == ".sav" else header_names(head[:layout.header_rows])
        file = path.name
    else:  # a text file's rows are read only when its batches are
        raw = read_table(path, enc, None, labels, layout)
        header, file, enc = list(raw.header), raw.name, raw.encoding if raw.forced else enc
    for name in by_name:  # a contract column the file has under its own name, unless mapped otherwise
        if name not in columns and name not in keys["constants"] and name in header:
            columns[name] = [name]
    problems += _absent_sources(columns, keys, header, file, key, layout.skip_lines + 1)
    constants: dict[str, object] = dict(keys["constants"])
    dated = DATED[table]
    quarter = keys.get("period") or period
    if dated not in columns and dated not in constants and quarter:
        constants[dated] = Quarter.parse(quarter).bounds(tz)[0]
    for name, why in missing(tuple(by_name.values()), {*columns, *constants}):
        hint = (f"map it with {key}.columns.{name} = \"<a column of {file}>\""
                + (f", or give {key}.period (e.g. \"2026Q3\") for an export without one" if name == dated else ""))
        problems.append(Problem(file, None, name, f"required column is missing{why}: {hint}"))
    if problems:
        raise InputError(problems)
    columns = {k: v for k, v in columns.items() if k in by_name}  # columns no figure reads are not read
    wanted = {s for srcs in columns.values() for s in srcs if s != ROW_NUMBER} | set(keys["drop"]) | set(keys["keep"])
    if db is not None:  # in time and id order: a table has no file order
        order = [columns[c][0] for c in (DATED[table], TABLE_IDS[table]) if c in columns]
        # The quarter's time window goes into the query where the time is one column read as it is
        # stored (a typed timestamp, or ISO text, which compares as text in the same order).
        dated_source = columns.get(dated, [])
        where = (dated_source[0], *window) if window and len(dated_source) == 1 and keys["dates"].get(
            dated, "iso") == "iso" and not keys.get("timezone") else None
        raw = type(db)(db.source, db.data_dir, wanted, order, where)
    else:
        raw = read_table(path, enc, wanted, labels, layout)
    zone = keys.get("timezone")
    plan = Plan(table=table, key=key, columns={k: v for k, v in columns.items() if k in by_name},
                constants={k: v for k, v in constants.items() if k in by_name},
                values={c: {scalar_text(a).casefold(): scalar_text(b) for a, b in m.items()}
                        for c, m in keys["values"].items()},
                na=_codes(keys["na"], columns, by_name), drop=_folded_sets(keys["drop"]),
                keep=_folded_sets(keys["keep"]), dates=dict(keys["dates"]),
                zone=ZoneInfo(zone) if zone else tz, kinds=by_name, zone_given=bool(zone), preset=keys.get("preset"),
                option_letters=keys["option_letters"],
                period=quarter if dated in constants and dated not in keys["constants"] else None)
    return MappedTable(raw, plan)


def _unknown_keys(keys: dict, by_name: dict[str, Column], key: str, table: str) -> list[Problem]:
    known = ", ".join(by_name)
    problems = []
    na = keys["na"] if isinstance(keys["na"], dict) else {}
    for part in ("columns", "constants", "values", "dates", "na"):
        for name in (keys[part] if part != "na" else na):
            if name not in by_name and not (part == "na" and name == "*"):
                problems.append(Problem(CONFIG, None, None, f"{key}.{part}.{name}: not a column of the {table} "
                                                            f"table (its columns: {known})"))
            elif part == "dates" and by_name[name].kind != "timestamp":
                problems.append(Problem(CONFIG, None, None, f"{key}.dates.{name}: {name} is not a timestamp column"))
    return problems


def _absent_sources(columns: dict[str, list[str]], keys: dict, header: list[str], file: str, key: str,
                    header_row: int) -> list[Problem]:
    """A problem for every source column a key names that the file's header lacks."""
    problems = []
    named = [(f"{key}.columns.{k}", s) for k, srcs in columns.items() for s in srcs if s != ROW_NUMBER]
    named += [(f"{key}.{rule}.{s}", s) for rule in ("drop", "keep") for s in keys[rule]]
    for where, src in named:
        if src not in header:
            close = difflib.get_close_matches(src, header, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            problems.append(Problem(file, header_row, src, f"no such column in the header (named by {where}){hint}"))
    return problems


def _codes(na, columns: dict[str, list[str]], by_name: dict[str, Column]) -> dict[str, frozenset[str]]:
    """Not-applicable codes per contract column, case folded; a list (or `*`) applies to every
    mapped column but the ids and the timestamps."""
    every = na.get("*", []) if isinstance(na, dict) else na
    out = {}
    for name in columns:
        col = by_name.get(name)
        if col is None:
            continue
        codes = list(na.get(name, [])) if isinstance(na, dict) else []
        if not col.unique and col.kind != "timestamp":
            codes += every
        if codes:
            out[name] = frozenset(scalar_text(c).casefold() for c in codes)
    return out


def _folded_sets(rules: dict) -> dict[str, frozenset[str]]:
    out = {}
    for column, values in rules.items():
        texts = set()
        for v in values:
            texts |= {"true", "1"} if v is True else {"false", "0"} if v is False else {scalar_text(v).casefold()}
        out[column] = frozenset(texts)
    return out
