"""Registered question sets: names for (corpus, questions) pairs, paths relative to the project."""

from __future__ import annotations

import json
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def registered_sets() -> dict[str, dict[str, str]]:
    registry: dict[str, dict[str, str]] = json.loads(
        (Path(__file__).parent / "registry.json").read_text(encoding="utf-8")
    )
    return registry


def resolve_set(name: str) -> tuple[Path, Path]:
    sets = registered_sets()
    if name not in sets:
        raise ValueError(f"no question set named {name!r} (known: {', '.join(sorted(sets))})")
    entry = sets[name]
    corpus, questions = PROJECT / entry["corpus"], PROJECT / entry["questions"]
    for path in (corpus, questions):
        if not path.exists():
            raise FileNotFoundError(f"set {name!r} needs {path}, which is missing")
    return corpus.resolve(), questions.resolve()
