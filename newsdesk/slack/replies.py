"""The work after the ack: answer in a thread, answer a slash command, record a vote, share.

Each function here runs on the bot's worker pool, never inside Slack's 3-second ack window, and
turns one Slack payload into one `QAService.ask` (or `record_feedback`) and its result back out.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Literal

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from ingest.models import Filters
from newsdesk.errors import QuestionError
from newsdesk.slack import blocks
from newsdesk.slack.refs import AnswerRef
from newsdesk.slack.threads import fetch_thread, is_ours, mentions, plain_text, thread_turns
from qa.feedback import Feedback, record_feedback
from qa.models import Answer, Turn
from qa.service import QAService

log = logging.getLogger("newsdesk.slack")
Event = dict[str, Any]
ServiceProvider = Callable[[], QAService]
SEEN_MESSAGES = 10_000  # a retry comes within minutes; this many messages span far longer


class SeenMessages:
    """Messages already taken up, so a retry (or the same message as both `app_mention` and
    `message`) is answered once. Bounded: the oldest are forgotten first.
    """

    def __init__(self, size: int = SEEN_MESSAGES) -> None:
        self._size = size
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        """True the first time `key` is claimed, False ever after (while it is remembered)."""
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            if len(self._keys) > self._size:
                self._keys.popitem(last=False)
            return True


class Replies:
    def __init__(self, service_provider: ServiceProvider) -> None:
        self.service_provider = service_provider
        self.seen = SeenMessages()

    def _claim(self, key: str) -> bool:
        """First sight of a message, in this process and then in the store that every worker
        process shares: a retry that reaches another `--workers` process is not answered twice."""
        return self.seen.claim(key) and self.service_provider().store.catalog.claim(key)

    # --- messages ---------------------------------------------------------------------------

    def mention(self, client: WebClient, event: Event, bot_user_id: str | None) -> None:
        """`@Newsdesk question` in a channel: answered in the message's thread."""
        if event.get("bot_id") or not event.get("user"):
            return  # other bots may mention us; answering them could loop
        channel, ts = event["channel"], event["ts"]
        if not self._claim(f"{channel}:{ts}"):
            return
        thread_ts = event.get("thread_ts") or ts
        history: list[Turn] = []
        if event.get("thread_ts"):
            history = thread_turns(fetch_thread(client, channel, thread_ts), ts, bot_user_id)
        question = plain_text(event.get("text", ""), bot_user_id)
        self.answer_in_thread(client, channel, thread_ts, ts, question, history)

    def message(self, client: WebClient, event: Event, bot_user_id: str | None) -> None:
        """A direct message, or a follow-up in a thread the bot has answered in (no mention)."""
        if event.get("subtype") not in (None, "thread_broadcast", "file_share"):
            return  # edits, deletions, joins, bot_message
        user = event.get("user")
        if event.get("bot_id") or not user or user == bot_user_id:
            return
        channel, ts, parent = event["channel"], event["ts"], event.get("thread_ts")
        thread_ts = parent or ts
        if event.get("channel_type") == "im":
            messages = fetch_thread(client, channel, parent) if parent else []
        else:
            if not parent or mentions(event.get("text", ""), bot_user_id):
                return  # chatter outside threads; a mention comes as app_mention
            messages = fetch_thread(client, channel, parent)
            if not any(is_ours(m, bot_user_id) for m in messages):
                return  # a thread between people
        if not self._claim(f"{channel}:{ts}"):
            return
        history = thread_turns(messages, ts, bot_user_id)
        question = plain_text(event.get("text", ""), bot_user_id)
        self.answer_in_thread(client, channel, thread_ts, ts, question, history)

    def answer_in_thread(
        self,
        client: WebClient,
        channel: str,
        thread_ts: str,
        question_ts: str,
        question: str,
        history: Sequence[Turn],
    ) -> None:
        """Post "Searching…" in the thread, then replace it with the answer (or an apology)."""
        posted = client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=blocks.SEARCHING,
            blocks=blocks.status_blocks(blocks.SEARCHING),
            unfurl_links=False,
            unfurl_media=False,
        )
        ts = str(posted["ts"])
        try:
            answer = self.ask(question, history)
        except QuestionError as exc:
            text = blocks.EMPTY_QUESTION if not question else f"Sorry, {blocks.escape(str(exc))}."
            client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks.status_blocks(text))
            return
        except Exception:
            log.exception("answering %r in %s failed", question[:200], channel)
            apology = blocks.status_blocks(blocks.APOLOGY)
            client.chat_update(channel=channel, ts=ts, text=blocks.APOLOGY, blocks=apology)
            return
        ref = AnswerRef.of(question, answer, question_ts, thread_ts).encode()
        client.chat_update(
            channel=channel,
            ts=ts,
            text=blocks.answer_text(answer),
            blocks=blocks.answer_blocks(answer, ref),
        )

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        return self.service_provider().ask(question, history, Filters())

    # --- the slash command and the buttons --------------------------------------------------

    def command(self, respond: Respond, command: Event) -> None:
        """`/newsdesk question`: an answer only the asker sees, with a "Share in channel" button."""
        question = plain_text(command.get("text", ""), None)
        if not question:
            respond(text="Usage: `/newsdesk your question`", response_type="ephemeral")
            return
        try:
            answer = self.ask(question)
        except QuestionError as exc:
            respond(text=f"Sorry, {blocks.escape(str(exc))}.", response_type="ephemeral")
            return
        except Exception:
            log.exception("answering /newsdesk %r failed", question[:200])
            respond(text=blocks.APOLOGY, response_type="ephemeral")
            return
        ref = AnswerRef.of(question, answer).encode()
        shown = blocks.answer_blocks(answer, ref, question=question, shareable=True)
        respond(text=blocks.answer_text(answer), blocks=shown, response_type="ephemeral")

    def vote(
        self,
        client: WebClient,
        respond: Respond,
        body: Event,
        action: Event,
        bot_user_id: str | None,
    ) -> None:
        """👍/👎: the vote, with the question, history and answer, goes to the store's catalog.

        The history is read from the thread again: it is what the answer was given with.
        """
        ref = AnswerRef.decode(action.get("value", ""))
        user = body["user"]["id"]
        container = body.get("container") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
        message_ts = container.get("message_ts", "")
        history: list[Turn] = []
        if ref.t and ref.h and ref.t != ref.h:
            history = thread_turns(fetch_thread(client, channel, ref.h), ref.t, bot_user_id)
        store = self.service_provider().store
        vote: Literal[1, -1] = 1 if action.get("action_id") == blocks.VOTE_UP else -1
        feedback = Feedback(
            vote=vote,
            question=ref.q,
            history=history,
            answer=ref.answer(store),
            user=user,
            channel=channel,
            origin="slack",
            key=f"{channel}:{message_ts}:{user}",
        )
        record_feedback(store, feedback)
        thanks = "Thanks, noted." if vote > 0 else "Thanks: this answer is kept for review."
        respond(text=thanks, response_type="ephemeral", replace_original=False)

    def share(self, respond: Respond, body: Event, action: Event) -> None:
        """The "Share in channel" button: the private answer posted for everyone, its copy gone."""
        ref = AnswerRef.decode(action.get("value", ""))
        answer = ref.answer(self.service_provider().store)
        user = body["user"]["id"]
        shown = blocks.answer_blocks(answer, ref.encode(), question=ref.q, asked_by=user)
        respond(
            text=blocks.answer_text(answer),
            blocks=shown,
            response_type="in_channel",
            replace_original=False,
        )
        respond(delete_original=True)
