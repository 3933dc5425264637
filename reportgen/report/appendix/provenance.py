"""Appendix: provenance, the manifest in words (files and digests, mappings, configuration, versions)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from reportgen.i18n import DASH, Texts
from reportgen.report.context import Context, table
from reportgen.report.model import Section


def build(c: Context) -> Section:
    """The manifest in words: which files, which digests, which configuration, which versions."""
    t, m = c.t, c.provenance or {}
    inputs = m.get("inputs", {})
    rows = []
    for e in inputs.values():
        if "url" in e:  # a database table: no digest
            rows.append((f"{e['table']} · {e['url']}", DASH, DASH, t.integer(e["rows_read"]),
                         t.integer(e.get("rows_used", e["rows_read"]))))
            continue
        for part in e.get("files") or [e]:
            rows.append((PurePath(part["path"]).name, t.integer(part["size"]), part["sha256"], t.integer(part["rows_read"]),
                         t.integer(e["rows_used"]) if part is e else DASH))
    files = replace(table((t.t("file"), t.t("size_bytes"), "SHA-256", t.t("rows_read"), t.t("rows_used")), rows,
                          (False, True, False, True, True), title=t.t("inputs")), codes=(False, False, True, False, False))
    blocks = [files]
    mapped = [(name, e["mapping"]) for name, e in inputs.items() if e.get("mapping")]
    if mapped:
        blocks.append(table((t.t("table"), t.t("mapping")), [(name, mapping_text(mp, t)) for name, mp in mapped],
                             (False, False), title=t.t("mappings")))
    cfg = m.get("config", {})
    settings = table((t.t("figure"), t.t("value")), [
        (t.t("config_file"), (PurePath(cfg["path"]).name + " · SHA-256 " + cfg["sha256"]) if cfg.get("path")
         else t.t("default_config")),
        (t.t("generated"), c.issued),
        *((name, version or DASH) for name, version in m.get("versions", {}).items()),
    ], (False, False), title=t.t("settings_versions"))
    settings = replace(settings, codes=(False, True))  # the configuration's digest
    return Section("appendix-provenance", t.t("appendix_provenance"), paragraphs=(t.t("provenance_note"),),
                   blocks=(*blocks, settings))


def mapping_text(mp: dict, t: Texts) -> str:
    """A `[sources]` mapping as applied, in one cell: preset, columns, rows left out, cells made missing."""
    parts = [f"{t.t('preset')} {mp['preset']}" if mp.get("preset") else t.t("no_preset")]
    parts.append(t.t("clause_sep").join(f"{k} ← {v}" for k, v in mp.get("columns", {}).items()))
    if mp.get("constants"):
        parts.append(t.t("constants") + " " + t.t("clause_sep").join(f"{k} = {v}" for k, v in mp["constants"].items()))
    if mp.get("period"):
        parts.append(t.say("mapping_period", period=mp["period"]))
    if mp.get("timezone"):
        parts.append(f"{t.t('timezone')} {mp['timezone']}")
    dropped = mp.get("rows_dropped") or {}
    parts.append(t.say("mapping_dropped", n=t.integer(sum(dropped.values())), read=t.integer(mp.get("rows_read", 0)))
                 + (t.t("label_sep") + t.t("clause_sep").join(f"{k} × {t.integer(v)}" for k, v in dropped.items())
                    if dropped else ""))
    if mp.get("not_applicable"):
        parts.append(t.t("not_applicable") + t.t("label_sep") + t.t("clause_sep").join(
            f"{k} × {t.integer(v)}" for k, v in mp["not_applicable"].items()))
    return " · ".join(p for p in parts if p)
