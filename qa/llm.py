"""The opt-in LLM backend: an OpenAI-compatible server (vLLM, llama.cpp, Ollama) or a local GGUF.

Answering never depends on it: every call returns None when the backend is missing, slow or
down (logged once per cool-down), and the chain answers extractively instead. What it returns is
only ever used after `grounded` has kept the sentences that cite the passages it was shown.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import multiprocessing
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda

from newsdesk.settings import Settings
from qa.models import Turn

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
COOLDOWN_S = 60.0  # after a failure, answer extractively for this long before trying again
LOAD_TIMEOUT_S = 300.0  # a GGUF model's first load
MAX_TOKENS = 256

log = logging.getLogger("newsdesk.llm")


@functools.cache
def load_prompt(name: str) -> str:
    return (PROMPTS / f"{name}.md").read_text(encoding="utf-8")


class LLM:
    """A chat model behind `complete(prompt_name, **values) -> str | None`, connected on first
    use."""

    def __init__(self, settings: Settings) -> None:
        self.target = settings.llm or ""
        self.settings = settings
        self._model: Runnable[list[BaseMessage], str] | None = None
        self._down_until = 0.0

    def complete(self, prompt_name: str, **values: str) -> str | None:
        """The reply to prompts/`prompt_name`.md filled with `values`; None when anything fails."""
        if time.monotonic() < self._down_until:
            return None
        try:
            prompt = load_prompt(prompt_name).format(**values)
            if self._model is None:
                self._model = self._connect()
            return self._model.invoke([HumanMessage(prompt)]).strip()
        except Exception as exc:  # any backend failure: answer without it, say so once
            self._down_until = time.monotonic() + COOLDOWN_S
            log.warning("LLM backend %s unavailable (%s); answering extractively", self.target, exc)
            return None

    def stream(self, prompt_name: str, **values: str) -> Iterator[str]:
        """`complete`, piece by piece as the backend writes it; stops early when it fails."""
        if time.monotonic() < self._down_until:
            return
        try:
            prompt = load_prompt(prompt_name).format(**values)
            if self._model is None:
                self._model = self._connect()
            yield from self._model.stream([HumanMessage(prompt)])
        except Exception as exc:  # any backend failure: what was grounded so far stands
            self._down_until = time.monotonic() + COOLDOWN_S
            log.warning("LLM backend %s unavailable (%s); answering extractively", self.target, exc)

    def condense(self, question: str, history: Sequence[Turn]) -> str | None:
        """The follow-up as a standalone question (prompts/condense.md)."""
        lines = "\n".join(f"{t.role}: {' '.join(t.content.split())[:500]}" for t in history)
        reply = self.complete("condense", history=lines, question=question)
        candidates = [
            line.strip().strip('"“”')
            for line in (reply or "").splitlines()
            if line.strip() and not line.strip().endswith(":")  # "Here is the question:"
        ]
        candidates.sort(key=lambda line: not line.endswith("?"))  # a question first
        best = candidates[0] if candidates else ""
        return best if 2 <= len(best.split()) <= 60 else None

    def _connect(self) -> Runnable[list[BaseMessage], str]:
        if re.match(r"https?://", self.target):
            return self._openai_compatible()
        if self.target.endswith(".gguf"):
            return self._gguf()
        raise ValueError("expected an http(s) URL of an OpenAI-compatible /v1 base or a .gguf file")

    def _openai_compatible(self) -> Runnable[list[BaseMessage], str]:
        from langchain_openai import ChatOpenAI

        s = self.settings
        model = ChatOpenAI(
            base_url=self.target.rstrip("/"),
            api_key=s.llm_api_key or "not-needed",  # type: ignore[arg-type]
            model=s.llm_model or self._served_model(),
            temperature=0,
            max_completion_tokens=MAX_TOKENS,
            timeout=s.llm_timeout,
            max_retries=0,
        )
        return model | StrOutputParser()

    def _served_model(self) -> str:
        """The first model the server lists (vLLM and Ollama need a name; llama.cpp any)."""
        from openai import OpenAI

        s = self.settings
        client = OpenAI(
            base_url=self.target.rstrip("/"),
            api_key=s.llm_api_key or "not-needed",
            timeout=s.llm_timeout,
            max_retries=0,
        )
        models = client.models.list().data
        return models[0].id if models else "default"

    def _gguf(self) -> Runnable[list[BaseMessage], str]:
        path = Path(self.target).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"no GGUF file at {path}")
        if importlib.util.find_spec("llama_cpp") is None:
            raise RuntimeError("install llama-cpp-python: pip install 'newsdesk[gguf]'")
        worker = GGUFWorker(path, self.settings.llm_timeout)

        def chat(messages: list[BaseMessage]) -> str:
            return worker.ask("\n\n".join(str(m.content) for m in messages))

        return RunnableLambda(chat)


class GGUFWorker:
    """llama.cpp in a child process: native code that crashes (or hangs) takes down the child,
    never the service; the next call after the cool-down starts a fresh one."""

    def __init__(
        self, path: Path, timeout: float, serve: Callable[[str, Connection], None] | None = None
    ) -> None:
        self.path, self.timeout = path, timeout
        self.serve = serve or _gguf_serve
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        self._lock = threading.Lock()

    def ask(self, prompt: str) -> str:
        with self._lock:  # one pipe, one conversation at a time
            return self._ask(prompt)

    def _ask(self, prompt: str) -> str:
        if self._process is None or not self._process.is_alive():
            self._start()
        assert self._conn is not None
        try:
            self._conn.send(prompt)
            if not self._conn.poll(self.timeout):
                raise TimeoutError(f"no reply in {self.timeout:.0f} s")
            reply = self._conn.recv()
        except (EOFError, OSError, TimeoutError) as exc:
            code = None
            if self._process is not None:
                self._process.join(2)  # a crashed child needs a moment to be reaped
                code = self._process.exitcode
            self.close()
            why = f"exited with code {code}" if code is not None else str(exc) or repr(exc)
            raise RuntimeError(f"the llama.cpp worker {why}") from exc
        if isinstance(reply, Exception):
            raise reply
        return str(reply)

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self._process = context.Process(
            target=self.serve, args=(str(self.path), theirs), daemon=True
        )
        self._process.start()
        theirs.close()
        self._conn = ours
        # loading a model may take longer than answering: its own, longer wait
        if not ours.poll(max(LOAD_TIMEOUT_S, self.timeout)):
            self.close()
            raise TimeoutError(f"the model did not load in {LOAD_TIMEOUT_S:.0f} s")
        ready = ours.recv()
        if isinstance(ready, Exception):
            self.close()
            raise ready

    def close(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None


def serve_replies(conn: Connection, reply: Callable[[str], str]) -> None:
    """A worker's loop: answer each prompt that arrives until the parent hangs up. A failing
    prompt sends its error back; the worker goes on."""
    conn.send("ready")
    while True:
        try:
            prompt = conn.recv()
        except EOFError:
            return
        try:
            conn.send(reply(prompt))
        except Exception as exc:
            conn.send(RuntimeError(str(exc)))


def _gguf_serve(path: str, conn: Connection) -> None:  # pragma: no cover - runs in the child
    try:
        from llama_cpp import Llama

        llama = Llama(model_path=path, n_ctx=4096, verbose=False)
    except Exception as exc:
        conn.send(RuntimeError(f"could not load {path}: {exc}"))
        return

    def reply(prompt: str) -> str:
        answer: Any = llama.create_chat_completion(
            messages=[{"role": "user", "content": prompt}], temperature=0, max_tokens=MAX_TOKENS
        )
        return str(answer["choices"][0]["message"]["content"] or "")

    serve_replies(conn, reply)
