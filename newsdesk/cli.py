"""The `newsdesk` command line: each command turns its flags into one service call."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsdesk.settings import Settings


def _common(chroma: bool = True) -> argparse.ArgumentParser:
    """The options every command takes; `migrate` has its own --chroma-url (the target's)."""
    common = argparse.ArgumentParser(add_help=False)
    s = argparse.SUPPRESS
    common.add_argument("--store", type=Path, default=s, help="store folder (default ./.newsdesk)")
    if chroma:
        common.add_argument("--chroma-url", default=s, help="use a Chroma server, http://HOST:PORT")
    common.add_argument(
        "--database-url",
        default=s,
        help="keep the catalog in PostgreSQL, postgresql://USER@HOST/DB (default: SQLite)",
    )
    common.add_argument("--debug", action="store_true", default=s, help="show tracebacks")
    return common


def _llm(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--llm",
        default=argparse.SUPPRESS,
        metavar="URL|GGUF",
        help="answer with an OpenAI-compatible server (its /v1 base) or a local .gguf file"
        " (default $NEWSDESK_LLM; without it, extractive)",
    )


def _day(value: str) -> str:
    """A YYYY-MM-DD option value; argparse names the option in its error."""
    from ingest.models import check_day
    from newsdesk.errors import InputError

    try:
        check_day("", value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc).lstrip(": ")) from exc
    return value


def _every(value: str) -> float:
    """A round interval (30s, 15m, 1h) in seconds; argparse names the option in its error."""
    from ingest.watch import parse_every
    from newsdesk.errors import InputError

    try:
        return parse_every(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--every: ")) from exc


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", default="", help="only articles from this outlet")
    p.add_argument(
        "--since", default="", type=_day, help="only articles published on or after YYYY-MM-DD"
    )
    p.add_argument(
        "--until", default="", type=_day, help="only articles published on or before YYYY-MM-DD"
    )


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="newsdesk", parents=[common], description="Ask questions of your news articles."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "ingest", parents=[common], help="add or update articles from files, web pages and feeds"
    )
    p.add_argument("paths", nargs="+", metavar="PATH|URL")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("watch", parents=[common], help="keep the archive current from feeds")
    p.add_argument("urls", nargs="+", metavar="FEED_URL", help="RSS/Atom feeds (or pages)")
    p.add_argument(
        "--every",
        type=_every,
        default="15m",
        metavar="INTERVAL",
        help="from one round's start to the next: 30s, 15m, 1h (default 15m)",
    )
    p.add_argument(
        "--rounds", type=_positive, default=None, metavar="N", help="stop after N rounds"
    )
    p.add_argument("--json", action="store_true", help="one JSON line per round")

    p = sub.add_parser("articles", parents=[common], help="list stored articles")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", parents=[common], help="one article with its stored text")
    p.add_argument("article_id")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("delete", parents=[common], help="remove articles")
    p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("ask", parents=[common], help="answer one question with citations")
    _llm(p)
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    _filters(p)

    p = sub.add_parser("chat", parents=[common], help="an interactive conversation")
    _llm(p)
    _filters(p)

    p = sub.add_parser("eval", parents=[common], help="score answers on a question set")
    _llm(p)
    p.add_argument("--corpus", type=Path, help="articles to build a fresh store from")
    p.add_argument("--questions", type=Path, help="question set (JSONL)")
    p.add_argument("--set", dest="question_set", help="a registered set: sample, rgb-dev, ...")
    p.add_argument("--json", dest="json_out", type=Path, metavar="OUT", help="write results")
    p.add_argument("--k", type=int, default=10, help="chunks retrieved per question")
    p.add_argument(
        "--half",
        choices=["a", "b"],
        default="",
        help="only one fixed half of the questions (split by id): develop on one, check the other",
    )
    p.add_argument("--report", type=Path, metavar="DIR", help="write an HTML report here")
    p.add_argument(
        "--sets",
        dest="sweep_sets",
        nargs="+",
        default=[],
        metavar="NAME",
        help="several registered sets (or 'all'), each half's accuracy on one line",
    )
    p.add_argument(
        "--json-dir", type=Path, metavar="DIR", help="with --sets: write DIR/NAME.json per set"
    )
    p.add_argument(
        "--baseline-dir",
        type=Path,
        metavar="DIR",
        help="with --sets: compare with the NAME.json files a run with --json-dir wrote",
    )
    p.add_argument("--baseline", type=Path, metavar="FILE", help="compare with a saved --json")
    p.add_argument(
        "--fail-under",
        nargs="+",
        action="extend",
        default=[],
        metavar="METRIC=VALUE",
        help="exit 1 when a metric falls below its floor",
    )

    p = sub.add_parser("serve", parents=[common], help="serve the web chat and the HTTP API")
    _llm(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")

    p = sub.add_parser("slack", parents=[common], help="run the Slack bot over Socket Mode")
    _llm(p)

    p = sub.add_parser("feedback", parents=[common], help="votes on answers")
    fsub = p.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")
    f = fsub.add_parser("export", parents=[common], help="thumbs-down answers as eval questions")
    f.add_argument("--format", choices=["eval"], default="eval")
    f.add_argument("--out", type=Path, help="write here (default: stdout), one question a line")

    p = sub.add_parser(
        "migrate",
        parents=[_common(chroma=False)],
        help="copy the store into PostgreSQL and a Chroma server",
        description="Copy the store (--store, or --database-url/--chroma-url given before"
        " `migrate`) into a PostgreSQL catalog and a Chroma server, without embedding anything"
        " again. Run it again to resume a copy that stopped.",
    )
    p.add_argument("--to", required=True, metavar="URL", help="target: postgresql://USER@HOST/DB")
    p.add_argument(
        "--chroma-url",
        "--to-chroma",
        dest="to_chroma",
        required=True,
        metavar="URL",
        help="the target's Chroma server, http://HOST:PORT (a source's server goes before"
        " `migrate`)",
    )
    p.add_argument("--json", action="store_true", help="one JSON document with the counts")

    p = sub.add_parser("calibrate", parents=[common], help="fit the abstention threshold")
    p.add_argument(
        "--set",
        dest="question_sets",
        nargs="+",
        default=["multihop-dev", "rgb-dev", "sample"],
        help="registered question sets with answerable and unanswerable questions",
    )
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "store", None) is not None:
        overrides["store"] = args.store
    if getattr(args, "chroma_url", None):
        overrides["chroma_url"] = args.chroma_url
    if getattr(args, "database_url", None):
        overrides["database_url"] = args.database_url
    if getattr(args, "llm", None):
        overrides["llm"] = args.llm
    return Settings(**overrides)


def _quiet_libraries() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("chromadb").setLevel(logging.ERROR)
    ours = logging.getLogger("newsdesk")
    if not any(isinstance(h, _Warnings) for h in ours.handlers):
        ours.addHandler(_Warnings(logging.WARNING))


class _Warnings(logging.Handler):
    """Our warnings (a dead LLM backend, ...) as one line on the stderr of the moment."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"newsdesk: warning: {record.getMessage()}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    _quiet_libraries()
    try:
        from newsdesk import commands

        handler: Callable[[argparse.Namespace, Settings], int] = getattr(
            commands, f"cmd_{args.command}"
        )
        return handler(args, _settings(args))
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if debug:
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"newsdesk: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
