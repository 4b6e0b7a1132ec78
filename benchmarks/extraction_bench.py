"""Article body extraction: plain trafilatura beside Newsdesk's HTML reader, same pages.

Data: ../shared/benchmarks/extraction (181 news pages from scrapinghub/article-extraction-benchmark,
`html/<id>.html.gz` and `ground-truth.json`). The metric is the one its README.md defines (see
"Metric"), implemented in `score` (one page) and `aggregate` (the means), as in the upstream
evaluate.py. `trafilatura` is `trafilatura.extract(html)` with default settings; `newsdesk` is
`ingest.readers.read_file` on the page written to a temporary .html file (its time includes that
write), the draft's body being the prediction; a ReadError counts as an empty prediction. Each
extractor gets one untimed warm-up call first, so imports are not in its seconds.

Halves: a page is in half "a" when the last hex digit of sha1(id) is even, else in "b". Tune on
half a only; keep half b aside, as the held-out check of whatever the tuning changed.

Usage: python benchmarks/extraction_bench.py [--json OUT] [--pages N]
Prints one JSON document (--json also writes it to OUT); --pages N scores the first N sorted ids.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "extraction"
TOKEN = re.compile(r"\w+")  # str patterns match Unicode word characters
SHINGLE = 4
Pages = dict[str, tuple[bytes, str]]  # id to (HTML bytes, ground-truth body)


@dataclass(frozen=True)
class PageScore:
    """TP, FP and FN shingle shares of one page (summing to 1, or all 0) and exact match.

    FP = FN = 0 gives precision = recall = 1 as the README says (None if both texts are empty)."""

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        """None where the page has no predicted shingle (left out of the mean)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """None where the ground truth has no shingle (left out of the mean)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float:
        """The page's own F1 (a missing precision or recall counts as 0), to rank the worst."""
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(tokens: list[str]) -> Counter[tuple[str, ...]]:
    """Consecutive 4-token tuples; a text of 1 to 3 tokens is one shorter shingle, as upstream."""
    starts = range(max(1, len(tokens) - SHINGLE + 1)) if tokens else range(0)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in starts)


def score(predicted: str, truth: str) -> PageScore:
    """One page under the README's metric: shingle TP/FP/FN normalised by their sum."""
    pred_tokens, true_tokens = TOKEN.findall(predicted), TOKEN.findall(truth)
    pred, true = shingles(pred_tokens), shingles(true_tokens)
    tp = sum((pred & true).values())
    fp, fn = sum((pred - true).values()), sum((true - pred).values())
    total = tp + fp + fn or 1
    return PageScore(tp / total, fp / total, fn / total, pred_tokens == true_tokens)


def aggregate(scores: list[PageScore]) -> dict[str, float]:
    """Mean precision and recall over the pages that have one, F1 of the two means, accuracy.

    Only the page count where no page has a precision or a recall (no mean to take)."""
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    if not precisions or not recalls:
        return {"pages": len(scores)}
    p, r = statistics.mean(precisions), statistics.mean(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    accuracy = sum(s.exact for s in scores) / len(scores)
    values = {"precision": p, "recall": r, "f1": f1, "accuracy": accuracy}
    return {k: round(v, 4) for k, v in values.items()} | {"pages": len(scores)}


def half(page_id: str) -> str:
    return "a" if int(hashlib.sha1(page_id.encode()).hexdigest()[-1], 16) % 2 == 0 else "b"


def load_pages(limit: int | None) -> Pages:
    """The pages, decompressed, in id order."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    html = {i: gzip.decompress((DATA / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    return {i: (html[i], truth[i]["articleBody"]) for i in ids}


def trafilatura_extract(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html.decode("utf-8", errors="replace")) or ""


def newsdesk_extractor(workdir: Path) -> Callable[[bytes], str]:
    from ingest.readers import ReadError, read_file

    path = workdir / "page.html"

    def extract(html: bytes) -> str:
        path.write_bytes(html)
        try:
            drafts = read_file(path).drafts
        except ReadError:
            return ""
        return drafts[0].body if drafts else ""

    return extract


def evaluate(extract: Callable[[bytes], str], pages: Pages) -> dict[str, Any]:
    """Score `extract` on the pages, timing it after one untimed warm-up call (imports, caches)."""
    extract(next(iter(pages.values()))[0])
    start = time.perf_counter()
    predictions = {page_id: extract(html) for page_id, (html, _) in pages.items()}
    seconds = time.perf_counter() - start
    scores = {i: score(predictions[i], truth) for i, (_, truth) in pages.items()}
    worst = sorted(scores, key=lambda i: (scores[i].f1, i))[:5]
    return {
        "all": aggregate(list(scores.values())),
        **{h: aggregate([s for i, s in scores.items() if half(i) == h]) for h in ("a", "b")},
        "empty_predictions": sum(not p.strip() for p in predictions.values()),
        "seconds": round(seconds, 2),
        "pages_per_s": round(len(pages) / seconds, 2) if seconds else None,
        "worst": {i: round(scores[i].f1, 4) for i in worst},  # the 5 lowest page F1s
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Article body extraction benchmark.")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the JSON here")
    parser.add_argument("--pages", type=int, metavar="N", help="only the first N (sorted) ids")
    args = parser.parse_args()
    pages = load_pages(args.pages)
    with tempfile.TemporaryDirectory() as workdir:
        results = {
            "trafilatura": evaluate(trafilatura_extract, pages),
            "newsdesk": evaluate(newsdesk_extractor(Path(workdir)), pages),
        }
    document = {"data": str(DATA), "pages": len(pages), "extractors": results}
    text = json.dumps(document, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
