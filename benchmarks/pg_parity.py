"""Eval parity: the dev splits answered from a PostgreSQL catalog beside the embedded SQLite one.

Starts a throwaway PostgreSQL 15 cluster (Debian's binaries; as root, run as the `postgres`
user) on a free loopback port, then runs `newsdesk eval --set S --json F` for each set twice:
with the default catalog and with `--database-url` on a fresh database. Vectors stay in embedded
Chroma either way, so the difference is the catalog, chiefly keyword ranking (BM25 over a
`tsvector`'s lexemes, PostgreSQL's stemmer, against FTS5's BM25). Prints one JSON document.

Usage: python benchmarks/pg_parity.py [SET...]   (default: rgb-dev multihop-dev)
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
KEYS = (
    "answer_accuracy",
    "hit_at_1",
    "mrr_at_10",
    "citation_precision",
    "abstention_precision",
    "abstention_recall",
    "verdict_accuracy_yes",
    "verdict_accuracy_no",
)


def as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_cluster(root: Path) -> tuple[str, list[str]]:
    data, port = root / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    run = {"check": True, "capture_output": True}
    initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-U", "newsdesk", "--auth=trust"]
    subprocess.run([*as_postgres(), *initdb, "-E", "UTF8", "--locale=C", "--no-sync"], **run)
    pg_ctl = [*as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(data), "-s"]
    options = f"-k {root} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off"
    subprocess.run([*pg_ctl, "-w", "-o", options, "-l", str(root / "log"), "start"], **run)
    return f"postgresql://newsdesk@127.0.0.1:{port}", pg_ctl


def evaluate(name: str, out: Path, database_url: str = "") -> dict[str, Any]:
    command = [str(ROOT / ".venv" / "bin" / "newsdesk"), "eval", "--set", name, "--json", str(out)]
    if database_url:
        command = [command[0], "--database-url", database_url, *command[1:]]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    figures = json.loads(out.read_text())
    return {k: figures[k] for k in KEYS if isinstance(figures.get(k), (int, float))}


def main() -> None:
    import psycopg

    sets = sys.argv[1:] or ["rgb-dev", "multihop-dev"]
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    url, pg_ctl = start_cluster(root)
    results: dict[str, Any] = {}
    try:
        for n, name in enumerate(sets):
            with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE parity_{n}")
            results[name] = {
                "sqlite": evaluate(name, root / f"{name}-sqlite.json"),
                "postgresql": evaluate(name, root / f"{name}-pg.json", f"{url}/parity_{n}"),
            }
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
