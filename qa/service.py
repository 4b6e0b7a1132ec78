"""The answering chain: prepare -> retrieve -> select evidence -> compose -> verify citations.

Each step is a LangChain runnable over one `Turn` state; `QAService.ask` is the one entry point
that the CLI, the HTTP API, Slack and the eval runner share.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.runnables import Runnable, RunnableLambda

from ingest.models import Filters
from ingest.store import Store
from ingest.terms import content_words
from newsdesk.errors import QuestionError
from newsdesk.settings import Settings
from qa import spans, voting
from qa.citations import verify_citations
from qa.compose import (
    ABSTAIN_TEXT,
    QUOTE_WORDS,
    Quote,
    answer_text,
    attribution,
    citations_for,
    clip,
    quote_text,
)
from qa.constraints import LOOSE_LABELS, Constraints, key_constraints, meets, unmet
from qa.evidence import Sentence, sentences_of
from qa.grounding import GroundedStream
from qa.llm import LLM
from qa.models import Answer, Turn
from qa.query import Query, date_matches, is_follow_up, prepare_query
from qa.retrieval import (
    HybridRetriever,
    Retrieved,
    promote_answer_bearing,
    qualifier_signal,
    year_signal,
)
from qa.verdict import PartEvidence, asks_agreement, decide

EVIDENCE_CHUNKS = 8  # chunks whose sentences compete to answer
LLM_PASSAGES = 6  # evidence sentences an LLM answer may draw on
MAX_QUESTION_CHARS = 2000
UNSETTLED_TEXT = "The articles don't settle this:"
COVERAGE_WEIGHT = 0.3
OUTLET_WEIGHT = 0.15
YEAR_WEIGHT = 0.15
QUALIFIER_WEIGHT = 0.15


@dataclass
class State:
    question: str
    history: Sequence[Turn]
    filters: Filters
    query: Query | None = None
    vectors: np.ndarray | None = None
    retrieved: list[Retrieved] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    scores: np.ndarray | None = None  # sentences x query texts
    sentence_vectors: np.ndarray | None = None
    answer: Answer | None = None
    marks: dict[str, float] = field(default_factory=dict)
    on_text: Callable[[str], None] | None = None  # streamed LLM answer text, as it is grounded


def checked_question(question: str) -> str:
    """The question with whitespace (and NULs) collapsed; QuestionError when empty or too long."""
    question = " ".join(question.replace("\x00", " ").split())
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        limit = MAX_QUESTION_CHARS
        raise QuestionError(
            f"the question is too long ({len(question)} characters, at most {limit})"
        )
    return question


class QAService:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.retriever = HybridRetriever(store)
        self.llm = LLM(settings) if settings.llm else None
        self.chain = self.build_chain()

    def build_chain(self) -> Runnable[State, State]:
        steps = (self._prepare, self._retrieve, self._select, self._compose, self._verify)
        chain: Runnable[State, State] = RunnableLambda(steps[0])
        for step in steps[1:]:
            chain = chain | RunnableLambda(step)
        return chain

    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        filters: Filters = Filters(),
        on_text: Callable[[str], None] | None = None,
    ) -> Answer:
        """The answer; with `on_text`, an LLM answer's text is also passed on as it is written
        (each piece as soon as it is grounded; the final `Answer.answer` is their concatenation).
        """
        question = checked_question(question)
        start = time.perf_counter()
        state = State(question, history, filters, marks={"start": start}, on_text=on_text)
        state = self.chain.invoke(state)
        answer = state.answer
        assert answer is not None
        end = time.perf_counter()
        answer.timings_ms = {
            "retrieve": round((state.marks["retrieved"] - start) * 1000, 2),
            "answer": round((end - state.marks["retrieved"]) * 1000, 2),
            "total": round((end - start) * 1000, 2),
        }
        answer.retrieved = [r.chunk.id for r in state.retrieved]
        return answer

    # --- the steps ----------------------------------------------------------------------------
    def _prepare(self, state: State) -> State:
        state.query = prepare_query(state.question, state.history, self.store.sources())
        if self.llm and state.history and is_follow_up(state.question):
            rewritten = self.llm.condense(state.question, state.history)
            if rewritten:  # else the extractive rewrite (carried terms) stands
                state.query.text = rewritten
        return state

    def _retrieve(self, state: State) -> State:
        query = state.query
        assert query is not None
        state.vectors = self.store.embedder.embed([query.text, *query.parts])
        state.retrieved = self.retriever.search(
            query, self.settings.top_k, state.filters, state.vectors
        )
        state.marks["retrieved"] = time.perf_counter()
        return state

    def _select(self, state: State) -> State:
        query, vectors = state.query, state.vectors
        assert query is not None and vectors is not None
        depth = EVIDENCE_CHUNKS + 2 * len(query.parts)
        chosen = state.retrieved[:depth]
        stored = self.store.sentence_vectors([r.chunk.article_id for r in chosen])
        state.sentences, sentence_vectors = sentences_of(chosen, stored, self.store.embedder.embed)
        state.sentence_vectors = sentence_vectors
        if not state.sentences:
            return state
        scores = sentence_vectors @ vectors.T
        texts = [query.text, *query.parts]
        # a sentence in a passage about "Season 3" does not answer for season 4
        about = {
            r.chunk.id: QUALIFIER_WEIGHT
            * qualifier_signal(query.qualifiers, f"{r.chunk.title} {r.chunk.text}")
            for r in chosen
        }
        context = [about.get(s.chunk.id, 0.0) for s in state.sentences]
        for t, text in enumerate(texts):
            words = set(content_words(text))
            outlets = query.outlets_of(t)
            for n, s in enumerate(state.sentences):
                have = set(content_words(s.text))
                if words:
                    scores[n, t] += COVERAGE_WEIGHT * len(words & have) / len(words)
                if outlets and s.chunk.source in outlets:
                    scores[n, t] += OUTLET_WEIGHT
                if query.dates and any(date_matches(d, s.chunk.published_at) for d in query.dates):
                    scores[n, t] += OUTLET_WEIGHT / 2
                if query.years:
                    scores[n, t] += YEAR_WEIGHT * year_signal(query.years, s.text)
                scores[n, t] += context[n]
        state.scores = scores
        return state

    def _compose(self, state: State) -> State:
        query, scores = state.query, state.scores
        assert query is not None
        if scores is None or not state.sentences:
            state.answer = Answer(answer=ABSTAIN_TEXT, abstained=True)
            return state
        evidence = float(scores[:, 0].max())
        if query.unknown_outlets or evidence < self.settings.abstain_threshold:
            state.answer = self._abstain(state, query)
        elif query.verdict or query.choice:
            state.answer = self._verdict(state, query, scores)
        else:
            wanted = self._constraints(query)
            met, absent = self._meets_constraints(state, wanted)
            best = float(scores[met, 0].max()) if met.any() else 0.0
            if absent:
                reason = f" The closest articles do not mention {' or '.join(absent)}."
                state.answer = self._abstain(state, query, reason)
            elif best < self.settings.abstain_threshold:
                state.answer = self._abstain(state, query, unmet_reason(state, wanted, met))
            else:  # evidence from articles that miss a named year or name cannot answer
                state.answer = self._span_answer(state, query, np.where(met[:, None], scores, -1))
        if self.llm and not state.answer.abstained:
            state.answer = self._llm_answer(state, query, scores) or state.answer
        state.answer.evidence_score = round(evidence, 4)
        return state

    def _verify(self, state: State) -> State:
        answer = state.answer
        assert answer is not None
        texts = {}
        for c in answer.citations:
            article = self.store.article(c.article_id)
            texts[c.article_id] = article.text if article else ""
        verify_citations(answer.citations, texts)
        return state

    # --- answer shapes ------------------------------------------------------------------------
    def _constraints(self, query: Query) -> Constraints:
        """What evidence must mention: the question's years and named entities (its parse);
        only single questions are held to it, not their parts."""
        if query.parts:
            return Constraints()
        doc = self.store.tagger.parse(query.question)
        names = [(e.text, e.label_) for e in doc.ents]
        return key_constraints(query.question, names, self.store.sources())

    def _meets_constraints(self, state: State, wanted: Constraints) -> tuple[np.ndarray, list[str]]:
        """Per evidence sentence, whether its article meets the constraints; and the names no
        evidence article mentions at all. An article without a title (a search snippet) can
        not be held to the names: it rarely repeats the subject its neighbours name (_held)."""
        if not wanted:
            return np.ones(len(state.sentences), dtype=bool), []
        ok: dict[str, bool] = {}
        absent = list(wanted.names)
        for s in state.sentences:
            if s.chunk.article_id not in ok:
                article = self.store.article(s.chunk.article_id)
                text = f"{article.title}\n{article.text}" if article else ""
                held = _held(wanted, bool(article and article.title))
                ok[s.chunk.article_id] = meets(held, text, s.chunk.published_at)
                absent = [n for n in absent if unmet(Constraints(names=(n,)), text)]
        met = np.array([ok[s.chunk.article_id] for s in state.sentences], dtype=bool)
        return met, [n.text for n in absent]

    def _abstain(self, state: State, query: Query, reason: str = "") -> Answer:
        assert state.scores is not None
        order = np.argsort(-state.scores[:, 0])[:2]
        scores = state.scores
        related = [self._quote(state.sentences[i], query, float(scores[i, 0])) for i in order]
        if query.unknown_outlets:
            reason = (
                f" No stored article is from {', '.join(dict.fromkeys(query.unknown_outlets))}."
            )
        text = f"{ABSTAIN_TEXT}{reason} The closest passages are listed as related."
        return Answer(answer=text, abstained=True, citations=citations_for(related))

    def _verdict(self, state: State, query: Query, scores: np.ndarray) -> Answer:
        parts = query.parts or [query.question]
        columns = list(range(1, len(parts) + 1)) if query.parts else [0]
        evidence, quotes, used = [], [], set()
        for part, column in zip(parts, columns, strict=True):
            order = np.argsort(-scores[:, column])
            best = next((int(i) for i in order if int(i) not in used), int(order[0]))
            used.add(best)
            sentence = state.sentences[best]
            vector = state.sentence_vectors[best] if state.sentence_vectors is not None else None
            evidence.append(
                PartEvidence(
                    part,
                    sentence.text,
                    float(scores[best, column]),
                    sentence.chunk.published_at,
                    vector,
                )
            )
            quotes.append(self._quote(sentence, query, float(scores[best, column]), part))
        if len(evidence) == 1 and asks_agreement(query.question, bool(query.choice)):
            other = self._other_report(state, scores, used)
            if other is not None:  # one part, two reports: the best passage of another article
                sentence, score, vector = other
                evidence.append(
                    PartEvidence(
                        query.question, sentence.text, score, sentence.chunk.published_at, vector
                    )
                )
                quotes.append(self._quote(sentence, query, score))
        verdict = decide(
            query.question,
            evidence,
            self.settings.verdict_threshold,
            bool(query.choice),
            found=self.settings.abstain_threshold,
        )
        if verdict.yes is None:
            lead = UNSETTLED_TEXT
        elif query.choice:
            lead = (query.choice[0] if verdict.yes else query.choice[1]).capitalize() + "."
        else:
            lead = "Yes." if verdict.yes else "No."
        quotes = _distinct(quotes)[:3]
        return Answer(
            answer=answer_text(lead, quotes, attribute=verdict.yes is None, every=True),
            abstained=False,
            citations=citations_for(quotes),
        )

    def _other_report(
        self, state: State, scores: np.ndarray, used: set[int]
    ) -> tuple[Sentence, float, np.ndarray | None] | None:
        """The best evidence sentence from an article none of `used` comes from."""
        taken = {state.sentences[i].chunk.article_id for i in used}
        for i in np.argsort(-scores[:, 0]):
            sentence = state.sentences[int(i)]
            if sentence.chunk.article_id not in taken:
                vectors = state.sentence_vectors
                return sentence, float(scores[i, 0]), vectors[i] if vectors is not None else None
        return None

    def _span_answer(self, state: State, query: Query, scores: np.ndarray) -> Answer:
        kind = spans.expected_kind(query.wh, query.question)
        order = [int(i) for i in np.argsort(-scores[:, 0])[:15]]
        ranked = [(state.sentences[i].text, float(scores[i, 0])) for i in order]
        if not spans.has_answer_of_kind(query.question, kind, [text for text, _ in ranked]):
            return self._abstain(state, query)
        labels = self._labels(state, order)
        found = voting.best_span(query.question, kind, ranked, context=query.text, labels=labels)
        lead, best = "", order[0]
        if found is not None:
            span, index = found
            best = order[index]
            if kind == "entity" and " " not in span:  # a bare surname: look for the full name
                span = voting.complete_name(span, self._mentions(span, state))
            if len(span) < 80:
                lead = span.rstrip(".") + "."
                cited = state.sentences[best].chunk.id
                state.retrieved = promote_answer_bearing(state.retrieved, span, first=cited)
        quote = self._quote(
            state.sentences[best],
            query,
            float(scores[best, 0]),
            lead,
            max_words=QUOTE_WORDS if lead else 2 * QUOTE_WORDS,  # the sentence is the answer
        )
        return Answer(
            answer=answer_text(lead, [quote]), abstained=False, citations=citations_for([quote])
        )

    def _llm_answer(self, state: State, query: Query, scores: np.ndarray) -> Answer | None:
        """The LLM's answer over the best evidence sentences (each part's best first), kept only
        where it cites them; None (the extractive answer stands) when the backend is down or
        its reply cites nothing it was shown."""
        assert self.llm is not None
        picks: list[int] = []
        for column in [*range(1, scores.shape[1]), 0]:
            for i in np.argsort(-scores[:, column]):
                if int(i) not in picks:
                    picks.append(int(i))
                    if column or len(picks) >= LLM_PASSAGES:
                        break
        quotes = [
            self._quote(state.sentences[i], query, float(scores[i, 0]), max_words=2 * QUOTE_WORDS)
            for i in picks[: max(LLM_PASSAGES, scores.shape[1] - 1)]
        ]
        passages = "\n".join(
            f"[{n}] {attribution(q.sentence)}{quote_text(q)}" for n, q in enumerate(quotes, 1)
        )
        stream = GroundedStream([quote_text(q) for q in quotes], state.on_text)
        values = {"passages": passages, "question": state.question}
        if state.on_text is None:
            stream.feed(self.llm.complete("answer", **values) or "")
        else:  # each grounded sentence reaches the reader as soon as the LLM completes it
            for piece in self.llm.stream("answer", **values):
                stream.feed(piece)
        kept = stream.finish()
        if kept is None:
            return None
        text, used = kept
        return Answer(
            answer=text,
            abstained=False,
            mode="llm",
            citations=citations_for([quotes[n - 1] for n in used]),
        )

    def _labels(self, state: State, order: Sequence[int]) -> list[list[tuple[int, int, str]]]:
        """The tagged entities of these evidence sentences, as offsets into each sentence."""
        chosen = [state.sentences[i] for i in order]
        tagged = self.store.entities([s.chunk.article_id for s in chosen])
        return [
            [
                (e.start - s.start, e.end - s.start, e.label)
                for e in tagged.get(s.chunk.article_id, ())
                if s.start <= e.start and e.end <= s.end
            ]
            for s in chosen
        ]

    def _mentions(self, name: str, state: State) -> list[str]:
        """Passages naming `name`: the retrieved ones, then the archive's (keyword index)."""
        chunks = [r.chunk for r in state.retrieved]
        hits = self.store.keyword_search(name, 20, state.filters)
        chunks += self.store.chunks([i for i, _ in hits]).values()
        return [text for c in chunks for text in (c.title, c.text) if text]

    def _quote(
        self,
        sentence: Sentence,
        query: Query,
        score: float,
        focus: str = "",
        max_words: int = QUOTE_WORDS,
    ) -> Quote:
        words = content_words(f"{focus} {query.text}")
        start, end = clip(sentence, words, max_words)
        return Quote(sentence, start, end, score)


def unmet_reason(state: State, wanted: Constraints, met: np.ndarray) -> str:
    """' The closest articles do not mention 2025.' when no evidence meets the constraints."""
    if met.any() or state.scores is None:
        return ""
    best = state.sentences[int(np.argmax(state.scores[:, 0]))]
    held = _held(wanted, bool(best.chunk.title))
    missing = unmet(held, f"{best.chunk.title}\n{best.chunk.text}", best.chunk.published_at)
    return f" The closest articles do not mention {' or '.join(missing)}." if missing else ""


def _held(wanted: Constraints, titled: bool) -> Constraints:
    """The constraints each article is held to: years always; names only where the article
    has a title (a search snippet rarely repeats its subject), and never places
    (LOOSE_LABELS)."""
    if not titled:
        return Constraints(years=wanted.years)
    names = tuple(n for n in wanted.names if n.label not in LOOSE_LABELS)
    return Constraints(wanted.years, names)


def _distinct(quotes: Sequence[Quote]) -> list[Quote]:
    seen: set[tuple[str, int]] = set()
    out = []
    for q in quotes:
        key = (q.sentence.chunk.article_id, q.start)
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out
