"""A fake Slack on loopback: the Web API methods the bot calls, response URLs and Socket Mode.

It keeps channels' messages like Slack does (posting gives a new ts, `chat.update` edits in place,
`conversations.replies` returns a thread), records every call, and lets a test wait for a call
instead of sleeping.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import serve

BOT_USER = "UNEWSBOT"
BOT_ID = "BNEWSBOT"
TEAM = "T0TEAM"

Message = dict[str, Any]


@dataclass
class Call:
    method: str  # a Web API method ("chat.update"), or "response_url"
    args: dict[str, Any]
    token: str = ""
    path: str = ""


_TIMESTAMPS = itertools.count(1)  # shared: like Slack's, a message ts is never seen twice


@dataclass
class FakeSlack:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    channels: dict[str, list[Message]] = field(default_factory=dict)
    ws_url: str = ""  # what apps.connections.open hands out
    _ts: Iterator[int] = field(default_factory=lambda: _TIMESTAMPS)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def next_ts(self) -> str:
        return f"1718000000.{next(self._ts):06d}"

    def user_says(
        self, channel: str, text: str, user: str = "UALICE", thread_ts: str = ""
    ) -> Message:
        """A person's message, as Slack stores it (so conversations.replies returns it)."""
        message: Message = {"type": "message", "user": user, "text": text, "ts": self.next_ts()}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self._changed:
            self.channels.setdefault(channel, []).append(message)
        return dict(message)

    def named(self, *methods: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method in methods]

    def wait_for(self, check: Callable[[], Any], timeout: float = 20.0) -> Any:
        """Poll `check` whenever a call arrives until it is truthy; fail after `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                result = check()
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out; calls: {[c.method for c in self.calls]}")
                self._changed.wait(min(left, 0.5))

    def wait_calls(self, method: str, count: int = 1, timeout: float = 20.0) -> list[Call]:
        return self.wait_for(
            lambda: len(self.named(method)) >= count and self.named(method), timeout
        )

    # --- the Web API, as far as the bot uses it ----------------------------------------------

    def handle(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM, "user": "newsdesk"}
        if method == "chat.postMessage":
            message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "ts": self.next_ts()}
            message.update({k: args[k] for k in ("text", "blocks", "thread_ts") if k in args})
            self.channels.setdefault(args["channel"], []).append(message)
            return {"channel": args["channel"], "ts": message["ts"], "message": message}
        if method == "chat.update":
            for message in self.channels.get(args["channel"], []):
                if message["ts"] == args["ts"]:
                    message.update({k: args[k] for k in ("text", "blocks") if k in args})
                    return {"channel": args["channel"], "ts": args["ts"]}
            return {"ok": False, "error": "message_not_found"}
        if method == "conversations.replies":
            thread = [
                dict(m)
                for m in self.channels.get(args["channel"], [])
                if args["ts"] in (m["ts"], m.get("thread_ts"))
            ]
            return {"messages": thread, "has_more": False}
        if method == "apps.connections.open":
            return {"url": self.ws_url}
        return {"ok": False, "error": "unknown_method"}


def _parse(handler: BaseHTTPRequestHandler) -> dict[str, Any]:
    """Arguments as the SDK sends them: JSON, a form, or a GET query string."""
    length = int(handler.headers.get("Content-Length") or 0)
    raw = handler.rfile.read(length).decode() if length else ""
    args: dict[str, Any] = dict(parse_qsl(urlsplit(handler.path).query))
    if handler.headers.get("Content-Type", "").startswith("application/json"):
        args.update(json.loads(raw or "{}"))
    elif raw:
        args.update(parse_qsl(raw))
    if isinstance(args.get("blocks"), str):
        args["blocks"] = json.loads(args["blocks"])
    return args


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _reply(self, body: bytes, content_type: str = "application/json") -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _serve(self) -> None:
            path = urlsplit(self.path).path
            args = _parse(self)
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            method = "response_url" if path.startswith("/response/") else path.split("/")[-1]
            with fake._changed:
                fake.calls.append(Call(method, args, token, path))
                result = {"ok": True} if method == "response_url" else fake.handle(method, args)
                fake._changed.notify_all()
            if method == "response_url":
                self._reply(b"ok", "text/plain")
                return
            self._reply(json.dumps({"ok": True, **result}).encode())

        do_GET = _serve
        do_POST = _serve

    return Handler


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class FakeSocketMode:
    """Slack's side of a Socket Mode WebSocket: says hello, pushes envelopes, collects acks."""

    url: str = ""
    acks: list[dict[str, Any]] = field(default_factory=list)
    connections: list[Any] = field(default_factory=list)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def push(self, kind: str, payload: dict[str, Any], envelope_id: str) -> None:
        """Send an envelope (`events_api`, `slash_commands`, `interactive`) on the live socket."""
        envelope: dict[str, Any] = {"envelope_id": envelope_id, "type": kind, "payload": payload}
        envelope["accepts_response_payload"] = kind != "events_api"
        self.wait_for(lambda: self.connections)[-1].send(json.dumps(envelope))

    def wait_for(self, check: Callable[[], Any], timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (result := check()):
                if time.monotonic() > deadline:
                    raise AssertionError(f"timed out; acks: {self.acks}")
                self._changed.wait(0.2)
            return result

    def serve(self, connection: Any) -> None:
        with self._changed:
            self.connections.append(connection)
            self._changed.notify_all()
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        try:
            for message in connection:  # until the bot closes the socket
                with self._changed:
                    self.acks.append(json.loads(message))
                    self._changed.notify_all()
        except ConnectionClosed:
            pass  # the SDK's client drops the socket without a close frame


@contextmanager
def fake_socket_mode(slack: FakeSlack) -> Iterator[FakeSocketMode]:
    """A WebSocket server that `apps.connections.open` on `slack` points the bot to."""
    fake = FakeSocketMode()
    with serve(fake.serve, "127.0.0.1", 0, ping_interval=None) as server:
        port = server.socket.getsockname()[1]
        fake.url = slack.ws_url = f"ws://127.0.0.1:{port}/link"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield fake
        finally:
            server.shutdown()
