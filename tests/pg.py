"""A throwaway PostgreSQL server on loopback for the tests that read tables in place.

Debian's postgresql package provides initdb and pg_ctl; `make test` installs it when missing
and root. As root the server runs as the `postgres` user (initdb refuses root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

PG_TYPES = {"string": "TEXT", "Int64": "BIGINT", "int64": "BIGINT", "Float64": "DOUBLE PRECISION",
            "float64": "DOUBLE PRECISION", "boolean": "BOOLEAN"}


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(found[0]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self) -> None:
        bin_dir = binaries()
        # Its own folder: pytest's are private to the user, and the server may run as postgres.
        root = self.root = Path(tempfile.mkdtemp(prefix="reportgen-pg-"))
        self.data = root / "pgdata"
        self.port = _free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(root, "postgres")
        self._run([str(bin_dir / "initdb"), "-D", str(self.data), "-U", "reportgen", "--auth=trust", "-E", "UTF8"])
        self.pg_ctl = str(bin_dir / "pg_ctl")
        self._run([self.pg_ctl, "-D", str(self.data), "-w", "-l", str(root / "log"), "-o",
                   f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={root} "
                   "-c fsync=off -c synchronous_commit=off", "start"])
        self.url = f"postgresql://reportgen@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        subprocess.run(self.as_user + cmd, check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(self.as_user + [self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def load_frame(url: str, table: str, frame: pd.DataFrame) -> None:
    """Create `table` with the frame's columns (timestamps as timestamptz) and copy the rows in."""
    import psycopg

    cols = []
    for name, dtype in frame.dtypes.items():
        kind = "TIMESTAMPTZ" if str(dtype).startswith("datetime64") else PG_TYPES.get(str(dtype), "TEXT")
        cols.append(f'"{name}" {kind}')
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"CREATE TABLE {table} ({', '.join(cols)})")
        names = ", ".join(f'"{c}"' for c in frame.columns)
        with con.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in frame.itertuples(index=False):
                copy.write_row([None if pd.isna(v) else v for v in row])
