"""Human-readable eval output: a terminal table and a self-contained HTML report."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import Any

TABLE_METRICS = (
    "n", "hit_at_1", "hit_at_5", "mrr_at_10", "evidence_recall_at_10", "all_evidence_at_10",
    "answer_accuracy", "lead_accuracy", "verdict_accuracy_yes", "verdict_accuracy_no",
    "citation_precision",
    "citation_verbatim",
    "abstention_precision", "abstention_recall", "answer_words_p50", "answer_words_p95",
    "latency_p50_ms", "latency_p95_ms",
)  # fmt: skip


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


def text_table(result: dict[str, Any]) -> str:
    """All questions, then one column per question type."""
    types = list(result.get("by_type", {}))
    header = ["metric", "all", *types]
    rows = [header]
    for name in TABLE_METRICS:
        row = [name, _fmt(result.get(name))]
        row += [_fmt(result["by_type"][t].get(name)) for t in types]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _bar_chart(title: str, items: list[tuple[str, float]], maximum: float | None = None) -> str:
    """An inline SVG bar chart (no scripts, no network)."""
    top = maximum or max([v for _, v in items] + [1e-9])
    row_h, label_w, bar_w = 24, 220, 360
    height = row_h * len(items) + 30
    parts = [
        f'<svg width="{label_w + bar_w + 80}" height="{height}" role="img">',
        f'<text x="0" y="16" font-weight="bold">{html.escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = 28 + i * row_h
        w = 0 if top == 0 else bar_w * value / top
        parts.append(f'<text x="0" y="{y + 14}">{html.escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="16" fill="#3b6ea8"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 13}">{_fmt(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(values: list[float], bins: int = 10) -> list[tuple[str, float]]:
    if not values:
        return []
    low, high = min(values), max(values)
    step = (high - low) / bins or 1.0
    counts = Counter(min(int((v - low) / step), bins - 1) for v in values)
    return [(f"{low + i * step:.1f}-{low + (i + 1) * step:.1f} ms", counts[i]) for i in range(bins)]


def _failed_rows(questions: list[dict[str, Any]]) -> str:
    rows = []
    for q in questions:
        if q["correct"]:
            continue
        retrieved = "".join(
            f"<li><code>{html.escape(p['id'])}</code> {html.escape(p['title'])}: "
            f"{html.escape(p['text'])}</li>"
            for p in q["retrieved_preview"]
        )
        rank = q["first_hit_rank"] or "none"
        note = " <em>(abstained)</em>" if q["abstained"] else ""
        rows.append(
            f"<tr><td><code>{html.escape(q['id'])}</code><br>"
            f"{html.escape(q['question_type'])}"
            f"</td><td>{html.escape(q['question'])}</td><td>{html.escape('; '.join(q['gold']))}"
            f"</td><td>{html.escape(q['answer'])}{note}"
            f"</td><td>{rank}</td><td><ol>{retrieved}</ol></td></tr>"
        )
    return "".join(rows)


def write_html_report(result: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    questions = result["questions"]
    by_type = result.get("by_type", {})
    accuracy = [(t, m["answer_accuracy"] or 0.0) for t, m in by_type.items()]
    if not accuracy:
        accuracy = [("all", result["answer_accuracy"] or 0.0)]
    ranks = Counter(q["first_hit_rank"] or "none" for q in questions if q["n_evidence"])
    rank_items: list[tuple[str, float]] = [(f"rank {r}", ranks[r]) for r in range(1, 11)]
    rank_items.append(("not in top 10", ranks["none"]))
    latency = _histogram([q["latency_ms"] for q in questions])
    table = "".join(
        f"<tr><th>{name}</th><td>{_fmt(result.get(name))}</td>"
        + "".join(f"<td>{_fmt(by_type[t].get(name))}</td>" for t in by_type)
        + "</tr>"
        for name in TABLE_METRICS
    )
    heads = "".join(f"<th>{html.escape(t)}</th>" for t in by_type)
    failed = sum(1 for q in questions if not q["correct"])
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Newsdesk eval report</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }}
table {{ border-collapse: collapse; margin: 12px 0; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
.metrics td {{ text-align: right; font-variant-numeric: tabular-nums; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 32px; }}
.failed td {{ max-width: 380px; font-size: 13px; }}
</style></head><body>
<h1>Newsdesk eval report</h1>
<p>Corpus <code>{html.escape(result["corpus"])}</code>, questions
<code>{html.escape(result["questions_file"])}</code>: {result["n"]} questions, {failed} wrong.</p>
<table class="metrics"><tr><th>metric</th><th>all</th>{heads}</tr>{table}</table>
<div class="charts">
{_bar_chart("Answer accuracy by question type", accuracy, 1.0)}
{_bar_chart("Rank of the first evidence hit", rank_items)}
{_bar_chart("Latency per question", latency)}
</div>
<h2>Wrong answers ({failed})</h2>
<table class="failed"><tr><th>id</th><th>question</th><th>gold</th><th>answer</th>
<th>first hit</th><th>retrieved (top 5)</th></tr>{_failed_rows(questions)}</table>
</body></html>
"""
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
