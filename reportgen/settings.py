"""One settings object per run: defaults < config file < command-line options, checked once.

The precedence is written here and nowhere else: `OPTIONS` maps each command-line option onto
the config key it overrides, the merged keys are validated as one `Config`, and the files the
config names (logo, template folder, comment dictionaries) are resolved and checked before any data is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from reportgen.assets import Assets, resolve_assets
from reportgen.config import Config, read_config, validate_config
from reportgen.errors import InputError, Problem
from reportgen.text.resources import TextResources, resolve_texts
from reportgen.text.topics import Topic

CONFIG_NAME = "reportgen.toml"
OPTIONS = {"lang": "locale", "encoding": "encoding", "notice_size": "notice_size"}  # option -> config key


@dataclass(frozen=True)
class Settings:
    config: Config  # the file's keys, the options' on top, validated
    path: Path | None  # the config file used (None: defaults)
    raw: bytes  # its bytes, for the manifest's digest
    assets: Assets | None = None  # the logo and template folder, when documents are made
    # The topic dictionary, user dictionary and stop words: read when comments are analysed or
    # categories derived (None: neither)
    texts: TextResources | None = None

    @property
    def comments(self) -> TextResources | None:
        """The dictionaries of comment analytics (None: the analysis is off)."""
        return self.texts if self.config.comments.enabled else None

    @property
    def categories(self) -> tuple[Topic, ...] | None:
        """The topic rules that missing complaint categories are derived by (None: not derived)."""
        return self.texts.topics if self.texts is not None and self.config.comments.derive_categories else None


def settle(data_dir: Path, config_path: Path | None = None, *, assets: bool = False, **options) -> Settings:
    """The settings of a run on `data_dir`.

    The config is `config_path` if given, else `<data>/reportgen.toml` if present, else the
    defaults; `options` are the command-line options of `OPTIONS` (None: not given).
    """
    unknown = set(options) - set(OPTIONS)
    if unknown:
        raise TypeError(f"not a command-line setting: {', '.join(sorted(unknown))}")
    path = config_path if config_path is not None else data_dir / CONFIG_NAME
    if config_path is None and not path.is_file():
        path, data, raw = None, {}, b""
    else:
        data, raw = read_config(path)
    config = validate_config(data, path.name if path else CONFIG_NAME)
    given = {OPTIONS[k]: v for k, v in options.items() if v is not None}
    if given:
        try:
            config = Config.model_validate({**data, **given})
        except ValidationError as exc:
            flag = {key: "--" + option.replace("_", "-") for option, key in OPTIONS.items()}
            raise InputError([Problem("command line", None, None, f"{flag.get(str(e['loc'][0]), e['loc'][0])}: "
                                      + e["msg"].removeprefix("Value error, ")) for e in exc.errors()])
    folder, name = (path.parent, path.name) if path is not None else (data_dir, CONFIG_NAME)
    found = resolve_assets(config, folder, name) if assets else None
    texts = resolve_texts(config, folder, name) if config.comments.enabled or config.comments.derive_categories else None
    return Settings(config, path, raw, found, texts)
