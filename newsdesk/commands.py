"""CLI command handlers: flags in, one service call, text or JSON out."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from ingest.backend import store_location
from ingest.models import Filters, IngestReport
from ingest.pipeline import ingest_paths
from ingest.store import Store, open_store, store_exists
from newsdesk.errors import InputError, NotFound, StoreMissing
from newsdesk.settings import Settings
from qa.models import Answer, Turn
from qa.service import QAService


def print_json(document: object) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(source=args.source, since=args.since, until=args.until)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.web import ingest_sources, is_url

    urls = [s for s in args.paths if is_url(s)]
    paths = [Path(s) for s in args.paths if not is_url(s)]
    store = open_store(settings, create=True)
    progress = not args.json and sys.stderr.isatty()
    if urls:
        report = ingest_sources(paths, urls, store, progress=progress)
    else:
        report = ingest_paths(paths, store, progress=progress)
    if args.json:
        print_json(report.as_json())
    else:
        print(summary(report))
        print_details(report)
    if report.error:
        print(f"newsdesk: error: {report.error}", file=sys.stderr)
    return 1 if report.failed or report.error else 0


def summary(report: IngestReport) -> str:
    repaired = f", repaired {report.repaired}" if report.repaired else ""
    return (
        f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}"
        f"{repaired}, failed {len(report.failed)}, chunks written {report.chunks}"
    )


def print_details(report: IngestReport) -> None:
    """Near-duplicates on stdout; warnings and failures, one a line, on stderr."""
    for dup in report.duplicates:
        print(f"  {dup['id']}: near-duplicate of {dup['duplicate_of']}")
    for warning in report.warnings:
        print(f"  warning: {warning['path']}: {warning['warning']}", file=sys.stderr)
    for failure in report.failed:
        print(f"  failed: {failure['path']}: {failure['error']}", file=sys.stderr)


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.watch import Round, watch

    for url in args.urls:
        if not url.lower().startswith(("http://", "https://")):
            raise InputError(f"watch takes http(s) URLs, got {url!r}")
    store = open_store(settings)  # only ingest creates a store (CONTRACT.md)

    def show(r: Round) -> None:
        if args.json:
            started = r.started.isoformat(timespec="seconds")
            line = {"round": r.number, "started": started, "seconds": round(r.seconds, 2)}
            print(json.dumps({**line, **r.report.as_json()}, ensure_ascii=False), flush=True)
        else:
            started = f"{r.started.astimezone():%Y-%m-%d %H:%M:%S}"
            took = f"{r.seconds:.1f} s"
            print(f"{started} round {r.number} ({took}): {summary(r.report)}", flush=True)
            print_details(r.report)
        if r.report.error:
            print(f"newsdesk: error: round {r.number}: {r.report.error}", file=sys.stderr)

    try:
        last = watch(args.urls, store, args.every, show, args.rounds)
    except KeyboardInterrupt:
        print("newsdesk: watch stopped", file=sys.stderr)
        return 0
    return 1 if last is not None and (last.report.failed or last.report.error) else 0


def cmd_articles(args: argparse.Namespace, settings: Settings) -> int:
    articles = open_store(settings).articles()
    if args.json:
        print_json([a.metadata() for a in articles])
        return 0
    for a in articles:
        date = a.published_at[:10] or "----------"
        dup = f"  (duplicate of {a.duplicate_of})" if a.duplicate_of else ""
        print(f"{a.id}\t{date}\t{a.source or '-'}\t{a.title or a.text[:60]}{dup}")
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    article = open_store(settings).article(args.article_id)
    if article is None:
        raise NotFound(f"no article with id {args.article_id!r}")
    if args.json:
        print_json({**article.metadata(), "text": article.text})
        return 0
    for key, value in article.metadata().items():
        if value:
            print(f"{key}: {value}")
    print()
    print(article.text)
    return 0


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    deleted = open_store(settings).delete(args.article_ids)
    missing = [a for a in args.article_ids if a not in deleted]
    if args.json:
        print_json({"deleted": deleted, "missing": missing})
    else:
        print(f"deleted {len(deleted)}")
    if missing:
        print(f"newsdesk: error: no article with id {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


def _service(settings: Settings) -> tuple[Store, QAService]:
    store = open_store(settings)
    return store, QAService(settings, store)


def format_answer(answer: Answer) -> str:
    lines = [answer.answer, ""]
    for c in answer.citations:
        where = ", ".join(x for x in (c.source, c.published_at[:10]) if x)
        label = "related" if answer.abstained else f"[{c.n}]"
        lines.append(f"{label} {c.title or c.article_id}" + (f" ({where})" if where else ""))
        lines.append(f'    "{c.quote}"  ({c.article_id} {c.start}-{c.end})')
    return "\n".join(lines).rstrip()


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args)  # a bad range fails before the model loads
    _, service = _service(settings)
    answer = service.ask(args.question, filters=filters)
    if args.json:
        print_json(answer.model_dump(exclude={"retrieved"}))
    else:
        print(format_answer(answer))
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args)
    _, service = _service(settings)
    history: list[Turn] = []
    interactive = sys.stdin.isatty()
    if interactive:
        print("Ask about your articles (Ctrl-D to leave).")
    while True:
        try:
            question = input("> " if interactive else "")
        except EOFError:
            return 0
        if not question.strip():
            continue
        answer = service.ask(question, history, filters)
        print(format_answer(answer) + "\n")
        history += [
            Turn(role="user", content=question),
            Turn(role="assistant", content=answer.answer),
        ]


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from evals.compare import below_floors, compare, parse_floors
    from evals.report import text_table, write_html_report
    from evals.runner import run_eval
    from evals.sets import resolve_set

    if args.sweep_sets:
        return _sweep(args, settings)
    if args.json_dir or args.baseline_dir:
        raise InputError("--json-dir and --baseline-dir go with --sets")
    if args.question_set:
        corpus, questions = resolve_set(args.question_set)
    elif args.corpus and args.questions:
        corpus, questions = args.corpus, args.questions
    else:
        raise ValueError("eval needs --corpus FILE --questions FILE, or --set NAME")
    floors = parse_floors(args.fail_under)
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    settings = settings.model_copy(update={"top_k": args.k})

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total} questions", end="", file=sys.stderr, flush=True)

    result = run_eval(corpus, questions, settings, progress=progress, half=args.half)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(text_table(result))
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")
    if args.report:
        print(f"report: {write_html_report(result, args.report)}")
    if baseline is not None:
        print("\n".join(compare(result, baseline)) or "no change from the baseline")
    failures = below_floors(result, floors)
    for line in failures:
        print(f"newsdesk: eval: {line}", file=sys.stderr)
    return 1 if failures else 0


def _sweep(args: argparse.Namespace, settings: Settings) -> int:
    """`eval --sets`: each set in its own fresh store, then one line per set and half."""
    from evals.runner import run_eval
    from evals.sets import registered_sets, resolve_set
    from evals.sweep import sweep_lines

    single = [args.question_set, args.corpus, args.questions, args.json_out, args.report]
    if any(single) or args.baseline or args.fail_under or args.half:
        raise InputError("--sets runs whole sets: use --json-dir and --baseline-dir with it")
    if args.baseline_dir and not args.baseline_dir.is_dir():
        raise InputError(f"--baseline-dir {args.baseline_dir}: no such directory")
    registry = registered_sets()
    every = "all" in args.sweep_sets
    if every and len(args.sweep_sets) > 1:
        raise InputError("--sets takes set names or 'all', not both")
    sets: dict[str, tuple[Path, Path]] = {}
    for name in registry if every else dict.fromkeys(args.sweep_sets):
        try:  # every name checked before any set runs
            sets[name] = resolve_set(name)
        except FileNotFoundError as missing:
            if not every:
                raise
            print(f"skipped: {missing}", file=sys.stderr)  # a benchmark not shipped with a clone
    baseline: dict[str, Any] = {}  # read before --json-dir (perhaps the same folder) is written
    for name in sets:
        saved = args.baseline_dir / f"{name}.json" if args.baseline_dir else None
        if saved and saved.exists():
            baseline[name] = json.loads(saved.read_text(encoding="utf-8"))
    settings = settings.model_copy(update={"top_k": args.k})
    results: dict[str, Any] = {}
    for name, (corpus, questions) in sets.items():
        print(f"{name} ...", file=sys.stderr, flush=True)
        results[name] = run_eval(corpus, questions, settings)
        if args.json_dir:
            args.json_dir.mkdir(parents=True, exist_ok=True)
            text = json.dumps(results[name], indent=2, ensure_ascii=False)
            (args.json_dir / f"{name}.json").write_text(text, "utf-8")
    print("\n".join(sweep_lines(results, registry, baseline)))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from newsdesk.app import serve

    if args.workers < 1:
        raise InputError(f"--workers must be at least 1, got {args.workers}")
    if not store_exists(settings):  # say so now, not on the first request
        raise StoreMissing(f"no store at {store_location(settings)} (run newsdesk ingest first)")
    serve(settings, host=args.host, port=args.port, workers=args.workers)
    return 0


def cmd_slack(args: argparse.Namespace, settings: Settings) -> int:
    from newsdesk.slack import SlackSettings, run_socket_mode

    logging.getLogger("newsdesk.slack").setLevel(logging.INFO)
    _, service = _service(settings)
    run_socket_mode(SlackSettings(), lambda: service)  # returns on Ctrl-C
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from evals.feedback import feedback_questions
    from qa.feedback import stored_feedback

    store = open_store(settings)
    records = feedback_questions(stored_feedback(store, vote=-1))
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.out:
        args.out.write_text(lines, encoding="utf-8")
        print(f"wrote {len(records)} questions to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(lines)
    return 0


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from evals.runner import calibrate
    from evals.sets import resolve_set

    result = calibrate([resolve_set(name) for name in args.question_sets], settings)
    print_json({**result, "sets": args.question_sets})
    print(
        f"set NEWSDESK_ABSTAIN_THRESHOLD={result['abstain_threshold']} and"
        f" NEWSDESK_VERDICT_THRESHOLD={result.get('verdict_threshold', '')}"
        " (or the defaults in newsdesk/settings.py) to use them",
        file=sys.stderr,
    )
    return 0


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.migrate import migrate, open_stores

    source, target = open_stores(settings, args.to, args.to_chroma)
    try:
        report = migrate(source, target)
    finally:
        source.close()
        target.close()
    if args.json:
        print_json(report.as_json())
    else:
        print(
            f"copied {report.copied} articles ({report.chunks} chunks), unchanged"
            f" {report.unchanged}, votes added {report.feedback}"
        )
        for name, count in report.source.items():
            print(f"  {name}: {count} in the source, {report.target.get(name)} in the target")
        print("verified" if report.verified else "not verified: the counts differ")
    for failure in report.failed:
        print(f"  failed: {failure['id']}: {failure['error']}", file=sys.stderr)
    return 0 if report.verified else 1
