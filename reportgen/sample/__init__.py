"""Synthetic sample data: a realistic, deterministic data directory (`reportgen sample`).

The data imitate a Chinese department-store / appliance-chain after-sales operation: complaint
tickets with realistic handling times, repeat customers and personal data in the free text, and
satisfaction-survey responses driven by a latent satisfaction factor, with the messiness of real
exports (duplicates, speeders, contradictions, straight-liners, incomplete and out-of-range answers)
so that every cleaning and data-quality rule fires in every quarter.

Everything is drawn from `numpy.random.default_rng` streams derived from the seed, with no
dependence on the current date, dict/set order or the output format: the same arguments give
byte-identical files, and csv, parquet and xlsx hold the same rows. The generator is vectorised
(numpy arrays, index look-ups into pre-expanded text pools); only the few rows that carry personal
data are formatted one by one.

Modules: organisation (the imagined operation's numbers), texts and personal_data (the free
text), tickets and responses (the two tables), events_actions, config_file (the written
`reportgen.toml`), writers (csv, parquet, xlsx), and generator (`generate`, `write_sample`).
"""

from reportgen.sample.columns import COMPLAINT_COLUMNS, survey_column_names
from reportgen.sample.generator import FORMATS, SampleData, generate, write_sample

__all__ = ["SampleData", "generate", "write_sample", "FORMATS", "COMPLAINT_COLUMNS", "survey_column_names"]
