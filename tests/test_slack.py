"""The Slack bot through real signed requests, against a fake Slack Web API on loopback.

Requests are signed with `slack_sdk.signature.SignatureVerifier` and go through FastAPI to bolt;
the bot's WebClient talks to `tests/slack_fakes.py`, and the tests assert on the calls it got.
Answers come after the ack, so tests wait for calls (or close the bot, which finishes its work).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from evals.questions import load_questions
from ingest.models import Filters
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.cli import main
from newsdesk.settings import Settings
from newsdesk.slack import SlackEndpoint, SlackNotConfigured, SlackSettings, run_socket_mode
from newsdesk.slack import blocks as bk
from newsdesk.slack.bot import COMMAND
from newsdesk.slack.refs import VALUE_CHARS, AnswerRef
from newsdesk.slack.threads import plain_text
from qa.feedback import stored_feedback
from qa.models import Answer, Citation, Turn
from qa.service import QAService
from tests.conftest import FakeEmbedder, free_port
from tests.slack_fakes import BOT_ID, BOT_USER, TEAM, Call, FakeSlack, fake_slack, fake_socket_mode

MANIFEST = Path(__file__).resolve().parents[1] / "slack" / "manifest.yml"
SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
ARTICLES = [
    {
        "id": "space",
        "title": "Blue Origin courts the White House",
        "source": "Orbit Daily",
        "url": "https://orbit.example/blue-origin",
        "published_at": "2025-06-10",
        "body": "Blue Origin chief executive Dave Limp met the White House chief of staff on"
        " Monday. The meeting lasted two hours. Blue Origin has seven government launches.",
    },
    {
        "id": "port",
        "title": "Port strike ends <!channel> <@U0VICTIM>",
        "source": "<http://evil.example|Harbour Times>",
        "url": "javascript:alert(1)",
        "published_at": "2024-03-14",
        "body": "Dock workers returned to work after the union accepted a pay offer. Union"
        " secretary Maria Lopez said <!channel> members approved the deal by a wide margin.",
    },
]


class RecordingService(QAService):
    """The real service, remembering what it was asked; `fail_on` makes one question raise."""

    def __init__(self, settings: Settings, store: Store) -> None:
        super().__init__(settings, store)
        self.asked: list[tuple[str, list[Turn]]] = []
        self.fail_on = ""

    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        filters: Filters = Filters(),
        on_text: Any = None,
    ) -> Answer:
        self.asked.append((question, list(history)))
        if self.fail_on and self.fail_on in question:
            raise RuntimeError("the index fell over")
        return super().ask(question, history, filters, on_text)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    root = tmp_path_factory.mktemp("slack")
    corpus = root / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    s = Store(Settings(store=root / "store", chunk_max_tokens=40), FakeEmbedder())
    assert ingest_paths([corpus], s).added == 2
    yield s
    s.close()


@pytest.fixture
def service(store: Store) -> RecordingService:
    return RecordingService(Settings(store=store.settings.store, abstain_threshold=0.5), store)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with fake_slack() as f:
        yield f


def slack_settings(api_url: str, **extra: Any) -> SlackSettings:
    return SlackSettings(
        slack_bot_token=SecretStr(TOKEN),
        slack_signing_secret=SecretStr(SECRET),
        slack_api_url=api_url,
        **extra,
    )


@pytest.fixture
def endpoint(fake: FakeSlack, service: RecordingService) -> Iterator[SlackEndpoint]:
    e = SlackEndpoint(slack_settings(fake.api_url), lambda: service)
    yield e
    e.close()


@pytest.fixture
def client(endpoint: SlackEndpoint) -> TestClient:
    app = FastAPI()
    app.include_router(endpoint.router)
    return TestClient(app)


def signed_post(
    client: TestClient,
    body: str,
    content_type: str = "application/json",
    secret: str = SECRET,
    age: int = 0,
    headers: dict[str, str] | None = None,
) -> Any:
    timestamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    sent = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature or "",
        **(headers or {}),
    }
    return client.post("/slack/events", content=body, headers=sent)


def send_event(client: TestClient, event: dict[str, Any], event_id: str, **kw: Any) -> Any:
    body = {
        "type": "event_callback",
        "team_id": TEAM,
        "api_app_id": "A0NEWS",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
    }
    response = signed_post(client, json.dumps(body), **kw)
    assert response.status_code == 200, response.text
    return response


def mention(fake: FakeSlack, text: str, thread_ts: str = "") -> dict[str, Any]:
    said = fake.user_says("C0NEWS", f"<@{BOT_USER}> {text}", thread_ts=thread_ts)
    return {**said, "type": "app_mention", "channel": "C0NEWS"}


def in_thread(fake: FakeSlack, text: str, thread_ts: str, user: str = "UALICE") -> dict[str, Any]:
    said = fake.user_says("C0NEWS", text, user=user, thread_ts=thread_ts)
    return {**said, "channel": "C0NEWS", "channel_type": "channel"}


def send_action(client: TestClient, payload: dict[str, Any]) -> None:
    body = urlencode({"payload": json.dumps(payload)})
    response = signed_post(client, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.text


def button(call: Call, action_id: str) -> dict[str, Any]:
    for block in call.args["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no {action_id} button in {call.args['blocks']}")


def mrkdwn(call: Call) -> str:
    """Every mrkdwn text of a message's blocks, one per line."""
    texts = []
    for block in call.args["blocks"]:
        texts += [block["text"]["text"]] if "text" in block else []
        texts += [e["text"] for e in block.get("elements", []) if e.get("type") == "mrkdwn"]
    return "\n".join(texts)


# --- answering in threads ---------------------------------------------------------------------


def test_a_mention_gets_searching_then_the_cited_answer_in_its_thread(
    client: TestClient, fake: FakeSlack
) -> None:
    event = mention(fake, "Who met the White House chief of staff?")
    started = time.monotonic()
    send_event(client, event, "Ev1")
    assert time.monotonic() - started < 3, "the ack must beat Slack's 3-second window"

    [update] = fake.wait_calls("chat.update")
    [auth] = fake.named("auth.test")
    assert auth.token == TOKEN
    [placeholder] = fake.named("chat.postMessage")
    assert placeholder.args["thread_ts"] == event["ts"] and placeholder.token == TOKEN
    assert placeholder.args["text"] == bk.SEARCHING
    posted = fake.channels["C0NEWS"][-1]
    assert update.args["ts"] == posted["ts"] and posted["thread_ts"] == event["ts"]

    section, citation, actions = (update.args["blocks"][i] for i in (0, 1, -1))
    assert section["block_id"] == bk.ANSWER_BLOCK
    assert section["text"]["text"].startswith("Dave Limp.") and "[1]" in section["text"]["text"]
    cite = citation["elements"][0]["text"]
    assert cite.startswith("*[1]* <https://orbit.example/blue-origin|Blue Origin courts the White")
    assert "Orbit Daily" in cite and "2025-06-10" in cite and "“Blue Origin chief" in cite
    assert [e["action_id"] for e in actions["elements"]] == [bk.VOTE_UP, bk.VOTE_DOWN]


def test_article_markup_is_escaped_and_bad_urls_are_not_linked(
    client: TestClient, fake: FakeSlack
) -> None:
    send_event(client, mention(fake, "Who said members approved the deal?"), "Ev1")
    [update] = fake.wait_calls("chat.update")
    text = mrkdwn(update) + update.args["text"]
    assert "Maria Lopez" in text
    for markup in ("<!channel>", "<@U0VICTIM>", "<http://evil.example", "<javascript:"):
        assert markup not in text
    assert "&lt;!channel&gt;" in text and "&lt;@U0VICTIM&gt;" in text
    assert "&lt;http://evil.example|Harbour Times&gt;" in text


def test_follow_ups_in_an_answered_thread_need_no_mention(
    client: TestClient, fake: FakeSlack, service: RecordingService
) -> None:
    first = mention(fake, "Who accepted the pay offer at the port?")
    send_event(client, first, "Ev1")
    fake.wait_calls("chat.update")
    follow = in_thread(fake, "And who said members approved it?", first["ts"])
    send_event(client, {**follow, "type": "message"}, "Ev2")

    updates = fake.wait_calls("chat.update", 2)
    assert "Maria Lopez" in updates[1].args["text"]
    assert fake.named("chat.postMessage")[1].args["thread_ts"] == first["ts"]
    assert fake.named("conversations.replies")[0].args["ts"] == first["ts"]
    question, history = service.asked[-1]
    assert question == "And who said members approved it?"
    assert history == [
        Turn(role="user", content="Who accepted the pay offer at the port?"),
        Turn(role="assistant", content=plain_text(updates[0].args["text"], BOT_USER)),
    ]


def test_threads_and_chatter_the_bot_is_not_in_get_no_answer(
    client: TestClient, fake: FakeSlack, endpoint: SlackEndpoint
) -> None:
    parent = fake.user_says("C0NEWS", "Lunch at noon?")
    send_event(client, {**parent, "channel": "C0NEWS", "channel_type": "channel"}, "Ev1")
    reply = in_thread(fake, "Who met the chief of staff?", parent["ts"], user="UBOB")
    send_event(client, {**reply, "type": "message"}, "Ev2")
    endpoint.close()  # waits for the work the events started
    assert [c.method for c in fake.calls] == ["auth.test", "conversations.replies"]


def test_direct_messages_are_answered_and_bots_and_edits_ignored(
    client: TestClient, fake: FakeSlack, endpoint: SlackEndpoint
) -> None:
    dm = {**fake.user_says("D0DM", "Who met the chief of staff?"), "channel": "D0DM"}
    send_event(client, {**dm, "channel_type": "im"}, "Ev1")
    own = {"type": "message", "channel": "D0DM", "user": BOT_USER, "bot_id": BOT_ID, "text": "x"}
    send_event(client, {**own, "ts": "1718000001.000001", "channel_type": "im"}, "Ev2")
    other_bot = {**own, "user": "UOTHER", "bot_id": "BOTHER", "subtype": "bot_message"}
    send_event(client, {**other_bot, "ts": "1718000001.000002", "channel_type": "im"}, "Ev3")
    edit = {"type": "message", "subtype": "message_changed", "channel": "D0DM", "message": dm}
    send_event(client, {**edit, "ts": "1718000001.000003", "channel_type": "im"}, "Ev4")
    endpoint.close()
    [placeholder] = fake.named("chat.postMessage")
    assert placeholder.args["channel"] == "D0DM" and placeholder.args["thread_ts"] == dm["ts"]
    assert len(fake.named("chat.update")) == 1


def test_retries_and_double_deliveries_are_answered_once(
    client: TestClient, fake: FakeSlack, endpoint: SlackEndpoint
) -> None:
    event = mention(fake, "Who met the White House chief of staff?")
    send_event(client, event, "Ev1")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    send_event(client, event, "Ev1", headers=retry)
    as_message = {**event, "type": "message", "channel_type": "channel", "thread_ts": event["ts"]}
    send_event(client, as_message, "Ev2")  # the same message, also subscribed as message.channels
    endpoint.close()
    assert len(fake.named("chat.postMessage")) == 1 and len(fake.named("chat.update")) == 1


def test_a_retry_reaching_another_worker_process_is_not_answered_again(
    client: TestClient, fake: FakeSlack, endpoint: SlackEndpoint, store: Store
) -> None:
    other_store = Store(store.settings, FakeEmbedder(), create=False)  # another worker's own
    other_service = RecordingService(Settings(store=store.settings.store), other_store)
    other = SlackEndpoint(slack_settings(fake.api_url), lambda: other_service)
    app = FastAPI()
    app.include_router(other.router)
    event = mention(fake, "Who met the White House chief of staff?")
    send_event(client, event, "Ev1")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    send_event(TestClient(app), event, "Ev1", headers=retry)
    endpoint.close()
    other.close()
    assert len(fake.named("chat.postMessage")) == 1 and other_service.asked == []


def test_a_failure_apologises_in_the_thread_and_logs_the_traceback(
    client: TestClient,
    fake: FakeSlack,
    service: RecordingService,
    caplog: pytest.LogCaptureFixture,
) -> None:
    service.fail_on = "chief of staff"
    with caplog.at_level(logging.ERROR, logger="newsdesk.slack"):
        send_event(client, mention(fake, "Who met the chief of staff?"), "Ev1")
        [update] = fake.wait_calls("chat.update")
    assert update.args["text"] == bk.APOLOGY
    [record] = [r for r in caplog.records if r.name == "newsdesk.slack"]
    assert record.exc_info and "the index fell over" in str(record.exc_info[1])


def test_an_empty_mention_is_told_how_to_ask(client: TestClient, fake: FakeSlack) -> None:
    send_event(client, mention(fake, " "), "Ev1")
    [update] = fake.wait_calls("chat.update")
    assert update.args["text"] == bk.EMPTY_QUESTION


# --- slash command, share and votes ------------------------------------------------------------


def test_slash_command_answers_privately_and_share_posts_it(
    client: TestClient, fake: FakeSlack
) -> None:
    form = {
        "command": "/newsdesk",
        "text": "Who met the White House chief of staff?",
        "user_id": "UALICE",
        "channel_id": "C0NEWS",
        "team_id": TEAM,
        "response_url": fake.response_url("cmd"),
        "trigger_id": "1.2.3",
    }
    response = signed_post(client, urlencode(form), "application/x-www-form-urlencoded")
    assert response.status_code == 200
    [private] = fake.wait_calls("response_url")
    assert private.args["response_type"] == "ephemeral"
    assert "Dave Limp" in mrkdwn(private) and "Question: Who met the White House" in mrkdwn(private)
    share = button(private, bk.SHARE)

    send_action(client, action_payload(fake, share, "share", container={"is_ephemeral": True}))
    shared, deleted = fake.wait_calls("response_url", 3)[1:]
    assert shared.args["response_type"] == "in_channel" and shared.path == "/response/share"
    assert "<@UALICE> asked: Who met the White House" in mrkdwn(shared)
    assert "<https://orbit.example/blue-origin|" in mrkdwn(shared)
    assert deleted.args["delete_original"] is True
    assert not fake.named("chat.postMessage"), "private until shared"


def action_payload(
    fake: FakeSlack,
    element: dict[str, Any],
    name: str,
    user: str = "UALICE",
    container: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user},
        "api_app_id": "A0NEWS",
        "container": {"type": "message", "channel_id": "C0NEWS", **(container or {})},
        "channel": {"id": "C0NEWS"},
        "trigger_id": "1.2.3",
        "response_url": fake.response_url(name),
        "actions": [{**element, "type": "button", "block_id": "newsdesk_actions"}],
    }


def test_votes_are_stored_and_thumbs_down_export_as_eval_cases(
    client: TestClient, fake: FakeSlack, store: Store, tmp_path: Path
) -> None:
    first = mention(fake, "Who accepted the pay offer at the port?")
    send_event(client, first, "Ev1")
    fake.wait_calls("chat.update")
    follow = in_thread(fake, "And who said members approved it?", first["ts"])
    send_event(client, {**follow, "type": "message"}, "Ev2")
    answer = fake.wait_calls("chat.update", 2)[1]
    where = {"message_ts": answer.args["ts"], "thread_ts": first["ts"]}

    up, down = button(answer, bk.VOTE_UP), button(answer, bk.VOTE_DOWN)
    clicks = [(up, "UBOB"), (down, "UBOB"), (down, "UCAROL")]  # Bob changes his mind
    for n, (element, user) in enumerate(clicks, start=1):
        send_action(client, action_payload(fake, element, f"vote{n}", user, where))
        thanks = fake.wait_calls("response_url", n)[-1]  # one click at a time: their order counts
        assert thanks.args["response_type"] == "ephemeral" and thanks.args["text"]

    votes = stored_feedback(store)
    assert sorted((v.user, v.vote) for v in votes) == [("UBOB", -1), ("UCAROL", -1)]
    vote = votes[0]
    assert vote.origin == "slack" and vote.channel == "C0NEWS"
    assert vote.question == "And who said members approved it?"
    assert vote.history[0] == Turn(role="user", content="Who accepted the pay offer at the port?")
    assert vote.answer.answer == plain_text(answer.args["text"], None)
    assert vote.answer.citations[0].article_id == "port"
    assert "Maria Lopez" in vote.answer.citations[0].quote

    out = tmp_path / "cases.jsonl"
    assert (
        main(["--store", str(store.settings.store), "feedback", "export", "--out", str(out)]) == 0
    )
    cases = load_questions(out)
    assert [c.question for c in cases] == ["And who said members approved it?"] * 2
    assert cases[0].history == vote.history


def test_a_button_the_bot_cannot_read_gets_an_apology_and_a_logged_traceback(
    client: TestClient, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    forged = {"action_id": bk.VOTE_DOWN, "value": "{not a reference"}
    with caplog.at_level(logging.ERROR, logger="newsdesk.slack"):
        send_action(client, action_payload(fake, forged, "forged"))
        [reply] = fake.wait_calls("response_url")
    assert reply.args["text"] == bk.APOLOGY and reply.args["response_type"] == "ephemeral"
    assert any(r.exc_info and "reference" in str(r.exc_info[1]) for r in caplog.records)


# --- signatures, configuration, readiness -------------------------------------------------------


def test_bad_or_stale_signatures_get_401_and_no_answer(
    client: TestClient, fake: FakeSlack, endpoint: SlackEndpoint
) -> None:
    body = json.dumps({"type": "event_callback", "event": mention(fake, "Who met them?")})
    for response in (
        signed_post(client, body, secret="not-the-secret"),
        signed_post(client, body, age=10 * 60),
        signed_post(client, body, headers={"X-Slack-Request-Timestamp": "soon"}),
        client.post("/slack/events", content=body),
    ):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_signature"
    endpoint.close()
    assert fake.calls == []


def test_slack_can_verify_the_endpoint_url(client: TestClient, fake: FakeSlack) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"})
    response = signed_post(client, body)
    assert response.status_code == 200 and "c-123" in response.text
    assert not fake.named("chat.postMessage")


def test_without_tokens_the_route_says_503_and_names_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, service: RecordingService
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    endpoint = SlackEndpoint(SlackSettings(), lambda: service)
    app = FastAPI()
    app.include_router(endpoint.router)
    response = TestClient(app).post("/slack/events", content="{}")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "slack_not_configured" and "SLACK_SIGNING_SECRET" in error["message"]
    assert "SLACK_BOT_TOKEN" not in error["message"] and endpoint.problem() is None
    with pytest.raises(SlackNotConfigured, match="SLACK_APP_TOKEN"):
        run_socket_mode(SlackSettings(), lambda: service)


def test_unreachable_slack_still_starts_and_readiness_says_why(
    fake: FakeSlack, service: RecordingService, caplog: pytest.LogCaptureFixture
) -> None:
    dead = slack_settings(f"http://127.0.0.1:{free_port()}/api/", slack_auth_retry=0)
    endpoint = SlackEndpoint(dead, lambda: service)
    app = FastAPI()
    app.include_router(endpoint.router)
    with caplog.at_level(logging.ERROR, logger="newsdesk.slack"):
        started = time.monotonic()
        send_event(TestClient(app), mention(fake, "Who met the chief of staff?"), "Ev1")
        assert time.monotonic() - started < 3
        endpoint.close()
    assert "auth.test failed" in (endpoint.problem() or "")
    assert any(r.exc_info for r in caplog.records), "a reply that cannot be posted is logged"

    back = SlackEndpoint(slack_settings(fake.api_url, slack_auth_retry=0), lambda: service)
    assert back.problem() is None and fake.named("auth.test")
    back.close()


# --- Socket Mode --------------------------------------------------------------------------------


def test_socket_mode_answers_over_the_websocket_and_stops_cleanly(
    fake: FakeSlack, service: RecordingService
) -> None:
    settings = slack_settings(fake.api_url, slack_app_token="xapp-test")
    stop = threading.Event()
    with fake_socket_mode(fake) as socket:
        runner = threading.Thread(target=run_socket_mode, args=(settings, lambda: service, stop))
        runner.start()
        try:
            event = mention(fake, "Who met the White House chief of staff?")
            body = {"type": "event_callback", "team_id": TEAM, "event_id": "Ev1", "event": event}
            socket.push("events_api", body, "env-1")
            socket.wait_for(lambda: any(a.get("envelope_id") == "env-1" for a in socket.acks))
            [update] = fake.wait_calls("chat.update")
        finally:
            stop.set()
            runner.join(timeout=15)
    assert not runner.is_alive(), "run_socket_mode returns once stopped"
    assert not [t.name for t in threading.enumerate() if t.name.startswith("newsdesk-slack")]
    assert fake.named("apps.connections.open")[0].token == "xapp-test"
    assert update.args["text"].startswith("Dave Limp.")


def test_the_manifest_asks_for_what_the_bot_uses() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    settings, features = manifest["settings"], manifest["features"]
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "message.groups"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "channels:history", "im:history"} <= (
        scopes
    )
    assert [c["command"] for c in features["slash_commands"]] == [COMMAND]
    urls = [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(u.endswith("/slack/events") for u in urls + [features["slash_commands"][0]["url"]])


RUNNER = """
import logging
from newsdesk.slack import SlackSettings, run_socket_mode
logging.basicConfig(level=logging.INFO)
run_socket_mode(SlackSettings(), lambda: None)
print("stopped", flush=True)
"""


def test_socket_mode_process_stops_on_ctrl_c(fake: FakeSlack) -> None:
    """What `newsdesk slack` does: connect, then a Ctrl-C ends it with exit 0, no traceback."""
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": "xapp-test"}
    env["SLACK_API_URL"] = fake.api_url
    with fake_socket_mode(fake) as socket:
        proc = subprocess.Popen(
            [sys.executable, "-c", RUNNER], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            socket.wait_for(lambda: socket.connections, timeout=60)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
        finally:
            proc.kill()
    assert proc.returncode == 0 and out.decode().strip() == "stopped", err.decode()
    assert "Traceback" not in err.decode()


# --- rendering and references, as plain functions ------------------------------------------------


def test_long_and_hostile_text_stays_within_slack_limits() -> None:
    long = "The council <b>met</b> & voted. " * 400
    cite = Citation(
        n=1, article_id="a", title=long, source="<!here>", url="https://x.example/a|b>c",
        published_at="2024-05-01T10:00:00Z", quote=long, start=0, end=10,
    )  # fmt: skip
    answer = Answer(answer=long + " [1]", abstained=False, citations=[cite] * 30)
    shown = bk.answer_blocks(answer, "ref")
    assert len(shown) <= 50 and len(shown[0]["text"]["text"]) <= bk.SECTION_CHARS
    context = shown[1]["elements"][0]["text"]
    assert context.startswith("*[1]* <https://x.example/a%7Cb&gt;c|The council &lt;b&gt;met")
    assert (
        "&lt;!here&gt;" in context
        and "· 2024-05-01\n“The council" in context
        and len(context) < 800
    )
    assert bk.safe_url("data:text/html,x") is None and bk.safe_url("https://a b") is None
    abstained = bk.answer_blocks(Answer(answer="The articles don't say.", abstained=True), "r")
    assert abstained[0]["text"]["text"].startswith(bk.NOT_FOUND)


def test_answer_references_fit_a_button_and_restore_the_answer(store: Store) -> None:
    text = "Maria Lopez said members approved it [1]. " * 100
    cite = Citation(n=1, article_id="port", quote="x", start=80, end=120)
    value = AnswerRef.of(
        "Who approved it?" * 50, Answer(answer=text, abstained=False, citations=[cite])
    ).encode()
    assert len(value) <= VALUE_CHARS
    restored = AnswerRef.decode(value).answer(store)
    assert restored.answer.endswith("…") and restored.answer.startswith("Maria Lopez said")
    article = store.article("port")
    assert article is not None
    assert restored.citations[0].quote == article.text[80:120]
    assert restored.citations[0].title.startswith("Port strike ends")


def test_slack_markup_reads_back_as_plain_words() -> None:
    said = "<@UNEWSBOT> what did <@U2|ann> say in <#C1|general> about <https://a.example|this>"
    said += " &amp; <!here>?"
    assert plain_text(said, "UNEWSBOT") == "what did @ann say in #general about this & @here?"
    assert plain_text("<@UX> who &lt;won&gt;", None) == "who <won>"
