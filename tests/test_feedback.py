"""Votes are kept in the store and thumbs-down ones export as eval questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.questions import load_questions
from ingest.store import Store
from newsdesk.cli import main
from qa.feedback import Feedback, record_feedback, stored_feedback
from qa.models import Answer, Citation, Turn


def _answer(text: str) -> Answer:
    cite = Citation(n=1, article_id="a1", quote="Ann Marsh said", start=0, end=14)
    return Answer(answer=text, abstained=False, citations=[cite])


def test_thumbs_down_answers_export_as_eval_questions(
    tmp_path: Path,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    history = [Turn(role="user", content="Who leads the council?")]
    record_feedback(store, Feedback(vote=1, question="Who leads it?", answer=_answer("Ann [1].")))
    down = Feedback(
        vote=-1,
        question="And since when?",
        history=history,
        answer=_answer("Monday [1]."),
        user="U1",
        channel="C1",
        origin="slack",
        key="C1:1.2:U1",
    )
    record_feedback(store, down)
    record_feedback(store, down.model_copy(update={"vote": 1}))  # changed their mind
    record_feedback(store, down.model_copy(update={"key": "C1:1.2:U2", "user": "U2"}))
    assert [f.vote for f in stored_feedback(store)] == [1, 1, -1]

    out = tmp_path / "fb.jsonl"
    where = ["--store", str(store.settings.store)]
    if store.settings.database_url:
        where += ["--database-url", store.settings.database_url]
    assert main([*where, "feedback", "export", "--out", str(out)]) == 0
    [question] = load_questions(out)
    assert question.question == "And since when?" and question.history == history
    record = json.loads(out.read_text())
    assert record["rejected_answer"] == "Monday [1]." and record["rejected_citations"] == ["a1"]
