"""The data engine: the contract's tables become relations in a SQL engine, and cleaning and
every figure's counts are queries over them (see queries/). DuckDB runs them in process by
default; the same queries run inside the organisation's PostgreSQL or Spark (backends.py)."""
