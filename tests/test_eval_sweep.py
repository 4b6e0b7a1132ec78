"""`newsdesk eval --sets`: each set's halves on one line each, held-out halves marked, changes
against a saved run."""

from __future__ import annotations

import json
from pathlib import Path

from evals.questions import half_of
from evals.sweep import half_counts, held_out, sweep_lines
from newsdesk.cli import main


def _ids(half: str, n: int) -> list[str]:
    found = [f"q-{i}" for i in range(200) if half_of(f"q-{i}") == half]
    return found[:n]


def _result(correct: dict[str, bool]) -> dict:
    return {"questions": [{"id": i, "correct": ok} for i, ok in correct.items()]}


def test_half_counts_split_by_the_fixed_halves() -> None:
    a, b = _ids("a", 3), _ids("b", 2)
    records = _result({a[0]: True, a[1]: False, a[2]: True, b[0]: False, b[1]: False})
    assert half_counts(records["questions"]) == {"a": (2, 3), "b": (0, 2)}
    assert half_counts(_result({a[0]: True})["questions"]) == {"a": (1, 1)}


def test_held_out_halves() -> None:
    assert held_out({"held_out": "all"}, "a") and held_out({"held_out": "all"}, "b")
    assert held_out({"held_out": "b"}, "b") and not held_out({"held_out": "b"}, "a")
    assert not held_out({}, "a")


def test_lines_mark_held_out_halves_and_count_changes_on_each_side() -> None:
    a, b = _ids("a", 2), _ids("b", 2)
    now = {
        "kestrel": _result({a[0]: True, a[1]: True, b[0]: True, b[1]: False}),
        "lowfield": _result({a[0]: False, b[0]: True}),
    }
    before = {
        "kestrel": _result({a[0]: True, a[1]: False, b[0]: True, b[1]: True}),
        "lowfield": _result({a[0]: False, b[0]: True}),
    }
    registry = {"kestrel": {"held_out": "b"}, "lowfield": {}}
    lines = sweep_lines(now, registry, before)
    by_start = {" ".join(line.split()[:2]): line for line in lines[1:]}
    assert "held out" not in by_start["kestrel a"] and by_start["kestrel a"].endswith("+1")
    assert "held out" in by_start["kestrel b"] and by_start["kestrel b"].endswith("-1")
    assert by_start["lowfield a"].split()[-1] == "=" and "0/1" in by_start["lowfield a"]
    totals = [line for line in lines if line.startswith("all ")]
    assert totals[0].split()[3:6] == ["3/4", "+1", "over"]  # in use: kestrel a, lowfield a, b
    assert totals[0].endswith("3 halves compared")
    assert totals[1].split()[3:5] == ["1/2", "-1"]  # held out: kestrel b
    unchanged = sweep_lines(now, registry)[1:]
    assert all(len(line.split()) == (6 if "held out" in line else 4) for line in unchanged[:-2])
    assert not any("compared" in line for line in unchanged)


def test_halves_asked_differently_or_missing_are_not_compared() -> None:
    a, b = _ids("a", 3), _ids("b", 1)
    now = {"kestrel": _result({a[0]: True, a[1]: True, b[0]: True})}
    before = {"kestrel": _result({a[0]: False, a[1]: False, a[2]: False})}  # no b; a asked 3
    lines = sweep_lines(now, {}, before)
    assert all(len(line.split()) == 4 for line in lines[1:3])  # no change shown on either half
    assert lines[-1].split()[3:] == ["3/3"]  # and no total change: nothing was compared
    assert sweep_lines(now, {}, {})[-1].split()[3:] == ["3/3"]  # an empty baseline alike


def test_sets_run_write_and_compare(tmp_path: Path, capsys) -> None:
    out, saved = tmp_path / "now", tmp_path / "before"
    assert main(["eval", "--sets", "sample", "--json-dir", str(out)]) == 0
    result = json.loads((out / "sample.json").read_text())
    first = result["questions"][0]
    first["correct"] = not first["correct"]  # a saved run that differed on one question
    saved.mkdir()
    (saved / "sample.json").write_text(json.dumps(result))
    capsys.readouterr()
    # the same folder for both: the saved run is read before the new one replaces it
    assert (
        main(["eval", "--sets", "sample", "--json-dir", str(saved), "--baseline-dir", str(saved)])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    changed = next(
        line for line in lines if line.startswith(f"sample           {half_of(first['id'])}")
    )
    assert changed.split()[-1] == ("+1" if not first["correct"] else "-1")


def test_sets_refuse_single_set_options(tmp_path: Path, capsys) -> None:
    code = main(["eval", "--sets", "sample", "--fail-under", "answer_accuracy=0.5"])
    assert code != 0
    assert "--sets runs whole sets" in capsys.readouterr().err
    assert main(["eval", "--sets", "sample", "--baseline-dir", str(tmp_path / "none")]) != 0
    assert "no such directory" in capsys.readouterr().err
    assert main(["eval", "--sets", "sample", "all"]) != 0
    assert "names or 'all'" in capsys.readouterr().err
    assert main(["eval", "--sets", "sample", "no-such-set"]) != 0  # before sample runs
    assert "no-such-set" in capsys.readouterr().err
    assert main(["eval", "--set", "sample", "--json-dir", str(tmp_path)]) != 0
    assert "go with --sets" in capsys.readouterr().err
