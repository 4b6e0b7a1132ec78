"""Every registered set at once, by half: the check that a change holds beyond the questions it
was made on (`newsdesk eval --sets all`).

Each set's questions split into two fixed halves (`evals.questions.half_of`). A set may hold some
back as an unseen check (`"held_out": "all"` or `"b"` in `evals/sets/registry.json`): their lines
say "held out", and the table prints counts only, never a question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evals.questions import half_of

Counts = tuple[int, int]  # correct, asked


def half_counts(records: Sequence[Mapping[str, Any]]) -> dict[str, Counts]:
    """Correct answers and questions asked in each half ("a", "b") of one set's records."""
    counts = {"a": [0, 0], "b": [0, 0]}
    for record in records:
        tally = counts[half_of(record["id"])]
        tally[0] += bool(record["correct"])
        tally[1] += 1
    return {half: (c, n) for half, (c, n) in counts.items() if n}


def held_out(entry: Mapping[str, str], half: str) -> bool:
    """Whether a registry entry holds this half back as an unseen check."""
    return entry.get("held_out", "") in ("all", half)


def sweep_lines(
    results: Mapping[str, Mapping[str, Any]],
    registry: Mapping[str, Mapping[str, str]],
    baseline: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[str]:
    """One line per set and half: correct / asked and accuracy, then the change in correct
    answers against `baseline` (results of the same sets), shown only where the baseline asked
    that half the same number of questions; last, the totals of the halves in use and of those
    held out, each with its change over the halves compared, so a change is read on both."""
    lines = [f"{'set':16} half {'':8} {'correct':>9} accuracy  change"]
    totals = {False: [0, 0, 0, 0], True: [0, 0, 0, 0]}  # correct, asked, change, compared
    for name, result in results.items():
        now = half_counts(result["questions"])
        before = half_counts(baseline[name]["questions"]) if baseline and name in baseline else {}
        for half, (correct, asked) in now.items():
            hidden = held_out(registry.get(name, {}), half)
            then = before.get(half)
            change = correct - then[0] if then and then[1] == asked else None
            total = totals[hidden]
            total[0], total[1] = total[0] + correct, total[1] + asked
            if change is not None:
                total[2], total[3] = total[2] + change, total[3] + 1
            shown = "" if change is None else f"{change:+d}" if change else "="
            lines.append(
                f"{name:16} {half:4} {'held out' if hidden else '':8} {correct:>4}/{asked:<4}"
                f" {correct / asked:.3f}     {shown}"
            )
    for hidden, (correct, asked, change, compared) in totals.items():
        if asked:
            label = "held out" if hidden else "in use"
            shown = f" {change:+d} over {compared} halves compared" if compared else ""
            lines.append(f"{'all ' + label:16} {'':13} {correct:>4}/{asked:<4}{shown}")
    return lines
