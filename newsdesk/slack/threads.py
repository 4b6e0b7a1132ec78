"""A Slack thread as conversation history: who said what before the question, in plain words.

`conversations.replies` gives the thread's messages in Slack's markup; the bot's answers become
assistant turns, people's messages user turns with the bot's mention dropped, and the rest
(placeholders, other bots, joins, edits) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from slack_sdk import WebClient

from newsdesk.slack.blocks import ANSWER_BLOCK, STATUS_BLOCK
from qa.models import Turn

Message = dict[str, Any]

MAX_TURNS = 20  # the service reads the latest turns; older ones only cost tokens
PAGE_SIZE = 200
MAX_PAGES = 5  # a thread longer than 1000 messages is answered from its first 1000
PEOPLE_SUBTYPES = (None, "thread_broadcast", "file_share")  # messages a person wrote

USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
MARKUP = re.compile(r"<([^<>]*)>")


def plain_text(text: str, bot_user_id: str | None) -> str:
    """What the person typed: the bot's mention dropped, others' as @name, links as their text.

    With the bot's id unknown (Slack unreachable when it was asked), every user mention goes.
    """

    def user(match: re.Match[str]) -> str:
        uid, label = match.group(1), match.group(2)
        if bot_user_id is None or uid == bot_user_id:
            return " "
        return f"@{label or uid}"

    def markup(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            return label or f"@{target[1:].split('^')[0]}"
        return label or target

    text = USER_MENTION.sub(user, text)
    text = MARKUP.sub(markup, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def mentions(text: str, bot_user_id: str | None) -> bool:
    """Whether the message mentions the bot (it then also arrives as an `app_mention`)."""
    return bot_user_id is not None and f"<@{bot_user_id}" in text


def is_ours(message: Message, bot_user_id: str | None) -> bool:
    """Posted by this bot: its user id, or (id unknown) a bot message with Newsdesk's blocks."""
    if bot_user_id is not None:
        return message.get("user") == bot_user_id
    return bool(message.get("bot_id")) and bool(_block_ids(message) & {ANSWER_BLOCK, STATUS_BLOCK})


def fetch_thread(client: WebClient, channel: str, thread_ts: str) -> list[Message]:
    """The thread's messages, parent first, as `conversations.replies` pages them."""
    messages: list[Message] = []
    cursor = None
    for _ in range(MAX_PAGES):
        page = client.conversations_replies(
            channel=channel, ts=thread_ts, limit=PAGE_SIZE, cursor=cursor
        )
        messages += page.get("messages") or []
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            break
    return messages


def thread_turns(
    messages: Sequence[Message], before_ts: str, bot_user_id: str | None
) -> list[Turn]:
    """The turns before the message at `before_ts`, oldest first, at most `MAX_TURNS`."""
    limit = _ts(before_ts)
    turns: list[Turn] = []
    for message in sorted(messages, key=lambda m: _ts(m.get("ts", ""))):
        if _ts(message.get("ts", "")) >= limit:
            continue
        turn = _turn(message, bot_user_id)
        if turn is not None:
            turns.append(turn)
    return turns[-MAX_TURNS:]


def _turn(message: Message, bot_user_id: str | None) -> Turn | None:
    if is_ours(message, bot_user_id):
        if ANSWER_BLOCK not in _block_ids(message):
            return None  # a placeholder or an apology says nothing about the news
        return Turn(role="assistant", content=plain_text(message.get("text", ""), bot_user_id))
    if message.get("bot_id") or message.get("subtype") not in PEOPLE_SUBTYPES:
        return None
    content = plain_text(message.get("text", ""), bot_user_id)
    return Turn(role="user", content=content) if content else None


def _block_ids(message: Message) -> set[str]:
    return {b.get("block_id", "") for b in message.get("blocks") or [] if isinstance(b, dict)}


def _ts(ts: str) -> Decimal:
    """Slack timestamps ("1718000000.000200") compared exactly, not as floats."""
    try:
        value = Decimal(ts)
    except InvalidOperation:
        return Decimal(0)
    return value if value.is_finite() else Decimal(0)
