"""Prometheus metrics, one registry per app so several apps in one process never clash."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from qa.models import Answer

# Request latency buckets (seconds): extractive answers take tens of ms, LLM answers seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "newsdesk_http_requests",
            "HTTP requests by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "newsdesk_http_request_duration_seconds",
            "Time from request to the last byte of the response, by route template.",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter(
            "newsdesk_answers", "Answers given, by mode.", ["mode"], registry=self.registry
        )
        self.abstentions = Counter(
            "newsdesk_abstentions", "Answers that abstained.", registry=self.registry
        )

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def observe_answer(self, answer: Answer) -> None:
        self.answers.labels(answer.mode).inc()
        if answer.abstained:
            self.abstentions.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
