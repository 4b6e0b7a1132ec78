"""Answer quality on an archive that already exists: a question set asked against a store as it
is (`newsdesk eval` builds a fresh store from the set's own corpus instead), scored as the eval
scores it. For the archives `cost_curve.py --keep yes` leaves behind, which hold the shipped
corpora among tens of thousands of other articles: how answers hold up as an archive grows.

Usage: python benchmarks/archive_eval.py STORE SET [--json OUT]
       SET: a question file, or a set name (rgb-dev, multihop-dev, ...). The store's settings
       come from the environment as for `newsdesk` (NEWSDESK_DATABASE_URL, NEWSDESK_CHROMA_URL,
       NEWSDESK_ENCODER: the encoder it was built with).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from evals.questions import load_questions
    from evals.runner import record_for, summarise
    from evals.sets import resolve_set
    from ingest.models import Filters
    from ingest.store import open_store
    from newsdesk.settings import Settings
    from qa.service import QAService

    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    store_path, name = Path(args[0]), args[1]
    questions_path = Path(name) if Path(name).exists() else resolve_set(name)[1]
    settings = Settings(store=store_path)
    store = open_store(settings)
    service = QAService(settings, store)
    service.ask("warm up")
    records = []
    for question in load_questions(questions_path):
        start = time.perf_counter()
        answer = service.ask(question.question, question.history, Filters())
        latency = (time.perf_counter() - start) * 1000
        records.append(record_for(question, answer, store, latency))
    store.close()
    summary = {**summarise(records), "store": str(store_path), "questions": str(questions_path)}
    if "--json" in args:
        Path(args[args.index("--json") + 1]).write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if isinstance(v, (int, float))}, indent=2))


if __name__ == "__main__":
    main()
