"""Block Kit for answers: the text with its [n] markers, one context block per citation, buttons.

Everything that comes from an article (titles, outlets, quotes, the answer text that quotes them) is
escaped here, so an article cannot ping `<!channel>`, mention a user or slip in a link of its own.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from qa.models import Answer, Citation

Block = dict[str, Any]

ANSWER_BLOCK = "newsdesk_answer"  # marks answers: they are a thread's assistant turns
STATUS_BLOCK = "newsdesk_status"  # "Searching…" and apologies: the bot's, but not answers
VOTE_UP = "newsdesk_vote_up"
VOTE_DOWN = "newsdesk_vote_down"
SHARE = "newsdesk_share"

SEARCHING = "Searching the news archive…"
APOLOGY = "Sorry, something went wrong while answering. It has been logged; please try again."
EMPTY_QUESTION = "Ask me a question after the mention, e.g. “Who won the vote in Leeds?”"
NOT_FOUND = "*Not found in the archive.*"
NEAREST = "Nearest passages (they do not answer it):"

# Slack's limits: a section's text and a context element's text hold 3000 characters, a message
# 50 blocks. The shorter limits are for reading, not for Slack.
SECTION_CHARS = 3000
TITLE_CHARS = 150
QUOTE_CHARS = 280
QUESTION_CHARS = 300
MAX_CITATIONS = 10
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def escape(text: str) -> str:
    """Slack's three control characters as entities: what is left cannot form markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int, one_line: bool = True) -> str:
    """`text` escaped, and cut with "…" (at a space where one is near) so that it fits `limit`.

    Cutting happens before escaping, so an entity is never split in half. Titles and quotes are
    put on one line: a newline inside a context element would break its layout.
    """
    text = " ".join(text.split()) if one_line else text.strip()
    escaped = escape(text)
    keep = min(len(text), limit)
    while len(escaped) > limit and keep > 0:
        cut = text[:keep]
        space = cut.rfind(" ")
        if space > keep * 0.8:
            cut = cut[:space]
        escaped = escape(cut.rstrip()) + "…"
        keep -= max(1, len(escaped) - limit)
    return escaped if len(escaped) <= limit else "…"


def safe_url(url: str) -> str | None:
    """The URL ready to sit inside `<url|title>`, or None unless it is plain http(s)."""
    url = url.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return escape(url).replace("|", "%7C")


def citation_text(citation: Citation) -> str:
    """`[n] <url|title> · outlet · date` and the quote under it, all escaped."""
    title = fit(citation.title or citation.source or citation.article_id, TITLE_CHARS)
    url = safe_url(citation.url)
    head = [f"<{url}|{title}>" if url else f"*{title}*"]
    if citation.source:
        head.append(fit(citation.source, TITLE_CHARS))
    if citation.published_at:
        date = citation.published_at[:10]
        head.append(date if DATE.fullmatch(date) else fit(citation.published_at, 40))
    quote = fit(citation.quote, QUOTE_CHARS)
    return f"*[{citation.n}]* " + " · ".join(head) + f"\n“{quote}”"


def answer_text(answer: Answer) -> str:
    """The message's plain `text` (notifications, and the thread history read back later)."""
    return fit(answer.answer, SECTION_CHARS, one_line=False) or "…"  # Slack refuses empty text


def answer_blocks(
    answer: Answer,
    ref: str,
    *,
    question: str = "",
    asked_by: str = "",
    shareable: bool = False,
) -> list[Block]:
    """The answer message. `question` is echoed where Slack shows none (slash command, shared).

    `ref` is the buttons' value (see `newsdesk.slack.refs`); `asked_by` a user id for "asked by".
    """
    blocks: list[Block] = []
    if question:
        who = f"<@{asked_by}> asked" if USER_ID.fullmatch(asked_by) else "Question"
        blocks.append(_context(f"{who}: {fit(question, QUESTION_CHARS)}"))
    text = answer_text(answer)
    if answer.abstained:
        text = fit(answer.answer, SECTION_CHARS - len(NOT_FOUND) - 1, one_line=False)
        text = f"{NOT_FOUND} {text}"
    blocks.append(
        {"type": "section", "block_id": ANSWER_BLOCK, "text": {"type": "mrkdwn", "text": text}}
    )
    shown = answer.citations[:MAX_CITATIONS]
    if answer.abstained and shown:
        blocks.append(_context(NEAREST))
    blocks += [_context(citation_text(c)) for c in shown]
    blocks.append(_buttons(ref, shareable))
    return blocks


def status_blocks(text: str) -> list[Block]:
    """A message of the bot's own wording ("Searching…", an apology): plain, but marked as ours."""
    return [{"type": "section", "block_id": STATUS_BLOCK, "text": {"type": "mrkdwn", "text": text}}]


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}


def _button(action_id: str, label: str, value: str, style: str = "") -> Block:
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _buttons(ref: str, shareable: bool) -> Block:
    elements = [
        _button(VOTE_UP, "👍", ref),
        _button(VOTE_DOWN, "👎", ref),
    ]
    if shareable:
        elements.append(_button(SHARE, "Share in channel", ref, style="primary"))
    return {"type": "actions", "block_id": "newsdesk_actions", "elements": elements}
