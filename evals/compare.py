"""Baselines and floors: what got better or worse, and whether a metric fell below its floor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Metrics where a smaller value is the better one.
LOWER_IS_BETTER = ("latency", "answer_words")


def lookup(result: dict[str, Any], dotted: str) -> Any:
    """A metric by name, or nested like "by_type.inference_query.answer_accuracy"."""
    value: Any = result
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(f"no metric named {dotted!r}")
        value = value[part]
    return value


def parse_floors(specs: Sequence[str]) -> dict[str, float]:
    floors = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        try:
            floors[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise ValueError(f"--fail-under takes metric=value, got {spec!r}")
    return floors


def below_floors(result: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """One line per metric under its floor (a metric that could not be computed fails too)."""
    failures = []
    for name, floor in floors.items():
        value = lookup(result, name)
        if value is None or float(value) < floor:
            failures.append(f"{name} = {value} is below the floor {floor}")
    return failures


def compare(result: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Lines describing metric changes and questions that flipped between right and wrong."""
    lines = []
    for name, now in result.items():
        before = baseline.get(name)
        if not isinstance(now, int | float) or not isinstance(before, int | float) or now == before:
            continue
        worse_if_higher = any(name.startswith(p) for p in LOWER_IS_BETTER)
        better = (now < before) if worse_if_higher else (now > before)
        lines.append(f"{'better' if better else 'worse '}  {name}: {before} -> {now}")
    old = {q["id"]: q for q in baseline.get("questions", [])}
    for q in result.get("questions", []):
        prev = old.get(q["id"])
        if prev is None or prev["correct"] == q["correct"]:
            continue
        change = "fixed " if q["correct"] else "broken"
        lines.append(f"{change}  {q['id']}: {q['question'][:90]}")
        lines.append(f"          was: {prev['answer'][:110]}")
        lines.append(f"          now: {q['answer'][:110]}")
    return lines
