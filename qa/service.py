"""The answering chain: prepare -> retrieve -> select evidence -> compose -> verify citations.

Each step is a LangChain runnable that takes the value the step before made and returns its
own (qa.steps); `QAService.ask` is the one entry point that the CLI, the HTTP API, Slack and the
eval runner share.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import time
from collections.abc import Callable, Sequence

import numpy as np
from langchain_core.runnables import Runnable, RunnableLambda
from spacy.language import Language

from ingest.embedding import Embedder, bundled_model_path
from ingest.encoders import INT8_SPACE, W8A8_SPACE, OnnxEmbedder
from ingest.models import Filters
from ingest.sentences import split_sentences
from ingest.store import Store
from ingest.terms import content_words
from newsdesk.errors import QuestionError
from newsdesk.settings import Settings
from qa import clauses, lexicon, spans, voting
from qa.bridge import find_bridge, side_clauses
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
from qa.constraints import (
    Constraints,
    Name,
    another_count,
    another_edition,
    another_month,
    another_quarter,
    derived_thing,
    described_owner,
    extended_event,
    key_constraints,
    loose_names,
    measured_noun,
    meets,
    name_words,
    noun_near,
    other_thing,
    quarters_of,
    same_party,
    unmet,
    unwritten_editions,
    withheld,
    year_near,
)
from qa.evidence import Sentence, coverage, rescored, sentences_of
from qa.followup import Reading, read_follow_up
from qa.grounding import GroundedStream
from qa.llm import LLM
from qa.models import Answer, Citation, Turn
from qa.query import (
    Query,
    asked_contest,
    award_signal,
    award_words,
    contest_signal,
    date_matches,
    division_signal,
    divisions,
    plain_question,
    prepare_query,
)
from qa.retrieval import (
    HybridRetriever,
    Retrieved,
    promote_answer_bearing,
    qualifier_signal,
    year_signal,
)
from qa.steps import Ask, Drafted, Evidence, Found, Prepared
from qa.verdict import (
    PartEvidence,
    Verdict,
    asked_value,
    asks_agreement,
    decide,
    holds_value,
    numbers_in,
    orders_reports,
)

EVIDENCE_CHUNKS = 8  # chunks whose sentences compete to answer
SIBLING_ARTICLES = 3  # best articles whose other passages may hold the measure asked (_select)
LLM_PASSAGES = 6  # evidence sentences an LLM answer may draw on
SET_ASIDE = -1.0  # the score of evidence sentences whose article misses a constraint
SPAN_SENTENCES = 15  # the best evidence sentences a short answer is voted on across
ATTRIBUTION_TRIES = 3  # figures set aside as another party's before the answer abstains
CLAUSE_CHECKS = 3  # spans read in their sentence's parse before the first voted is taken
PLACING_CHECKS = 8  # spans voted for a placing ("Who came second?"), read for one it states
OUTLET_CHECKS = 5  # names voted for a question on several outlets, read for the one each names
MAX_QUESTION_CHARS = 2000
UNSETTLED_TEXT = "The articles don't settle this:"


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

    def build_chain(self) -> Runnable[Ask, Answer]:
        """prepare -> retrieve -> select -> compose -> verify, each a typed step (qa.steps)."""
        return (
            RunnableLambda(self._prepare)
            | RunnableLambda(self._retrieve)
            | RunnableLambda(self._select)
            | RunnableLambda(self._compose)
            | RunnableLambda(self._verify)
        )

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
        question = plain_question(checked_question(question))  # "Can you tell me who ...?"
        started = time.perf_counter()
        reading = read_follow_up(self.store.tagger.nlp, question, history)  # "how old is he?"
        if self.llm and (reading.question != question or reading.context):
            rewritten = self.llm.condense(question, history)  # a follow-up, read by the LLM
            if rewritten:  # searched for beside the rules' reading, which types the answer
                reading = Reading(reading.question, rewritten, reading.topic)
        ask = Ask(
            reading.question,
            history,
            filters,
            on_text,
            started,
            context=reading.context,
            topic=reading.topic,
        )
        answer = self.chain.invoke(ask)
        if on_text is None and not reading.context:  # abstained too: the second hop may find it
            return self._bridged(reading.question, filters, answer) or answer
        return answer

    def _bridged(self, question: str, filters: Filters, direct: Answer) -> Answer | None:
        """A two-hop answer (qa.bridge): the entity the question only describes is found first
        ("Voltline" for "Which company is buying the battery maker that ...?"), the question is
        asked again of it, and both passages are cited. It stands in for a direct answer that is
        the entity itself or none, one read in articles that never name the entity, or one less
        of the kind asked (an organisation where a city is asked)."""
        query = prepare_query(question, "", self.store.sources())
        if query.verdict or query.choice:
            return None
        bridge = find_bridge(self.store.tagger.nlp, question)
        if bridge is None:
            return None
        inner = self.chain.invoke(Ask(bridge.inner, (), filters, None, time.perf_counter()))
        entity = inner.lead
        if not entity or len(inner.citations) != 1:
            return None
        kind = spans.answer_type("which", f"Which {bridge.noun}?")
        if self._kind_weight(entity, kind, inner.citations[0]) < lexicon.BRIDGE_KIND_WEIGHT:
            return None  # "Which company's founder ...?" answered by the founder
        if entity == direct.lead and self._is_who_asked(query, entity):
            return None  # "Who is the president of the union that ...?": Gambill, not the union
        outer_question = question.replace(bridge.phrase, entity)
        if prepare_query(outer_question, "", self.store.sources()).parts:
            return None  # a question of several parts even once the entity is named
        outer = self.chain.invoke(
            Ask(outer_question, (), filters, None, time.perf_counter(), bridged=True)
        )
        if outer.abstained or not outer.lead or outer.lead == entity:
            return None
        if not self._writes(entity, outer.citations):
            return None  # the second hop is answered from an article that never names it
        asked = spans.answer_type(query.wh, question)
        if (
            direct.lead not in ("", entity)
            and self._writes(entity, direct.citations)
            and self._kind_weight(outer.lead, asked, outer.citations[0])
            <= self._kind_weight(direct.lead, asked, direct.citations[0])
        ):  # the direct answer, read where the described entity is named, is as much the
            return None  # kind of thing asked as the second hop's
        n = len(outer.citations) + 1
        outer.answer = f"{outer.answer} {inner.answer.replace('[1]', f'[{n}]')}"
        outer.citations = [*outer.citations, inner.citations[0].model_copy(update={"n": n})]
        outer.timings_ms = direct.timings_ms
        return outer

    def _kind_weight(self, name: str, kind: str, cited: Citation) -> float:
        """How much a name is the kind of thing asked (lexicon.ANSWER_LABELS), by the labels
        it was tagged with where it is cited (at ingest, in its sentence) or, better, when
        tagged alone: the small tagger reads invented-looking names either way ("Vesta" alone
        as a person, "Voltline" in its sentence). 1.0 where the kind is untyped or the name
        untagged in either reading."""
        weights = lexicon.ANSWER_LABELS.get(kind)
        if not weights:
            return 1.0
        tagged = self.store.entities([cited.article_id]).get(cited.article_id, ())
        article = self.store.article(cited.article_id)
        text = article.text if article else ""
        readings = [
            [
                e.label
                for e in tagged
                if cited.start <= e.start and e.end <= cited.end and name in text[e.start : e.end]
            ],
            [label for _, label in self.store.tagger.names(name)],
        ]
        return max(
            max((weights.get(label, lexicon.UNLISTED) for label in labels), default=1.0)
            for labels in readings
        )

    def _writes(self, name: str, citations: Sequence[Citation]) -> bool:
        """Whether an article cited writes the name (every word of it)."""
        words = Constraints(names=(Name(name, "", name_words(name, "ORG")),))
        for c in citations:
            article = self.store.article(c.article_id)
            if article and not unmet(words, f"{article.title}\n{article.text}"):
                return True
        return False

    def _is_who_asked(self, query: Query, lead: str) -> bool:
        """Whether a lead is a person (tagged alone) where the question asks for one: then it
        answers the question, it is not the entity the question describes."""
        if spans.answer_type(query.wh, query.question) not in ("person", "role"):
            return False
        return any(label == "PERSON" for _, label in self.store.tagger.names(lead))

    # --- the steps ----------------------------------------------------------------------------
    def _prepare(self, ask: Ask) -> Prepared:
        return Prepared(ask, prepare_query(ask.question, ask.context, self.store.sources()))

    def _retrieve(self, prepared: Prepared) -> Found:
        query = prepared.query
        vectors = self.store.embedder.embed([query.text, *query.parts])
        passages = self.retriever.search(query, self.settings.top_k, prepared.ask.filters, vectors)
        return Found(prepared, vectors, passages, time.perf_counter())

    def _select(self, found: Found) -> Evidence:
        query = found.query
        depth = EVIDENCE_CHUNKS + 2 * len(query.parts)
        chosen = found.passages[:depth]
        chosen += self._measured_elsewhere(query, chosen)  # "100 doses" a few paragraphs on
        stored = self.store.sentence_vectors([r.chunk.article_id for r in chosen])
        sentences, vectors = sentences_of(chosen, stored, self.store.embedder.embed)
        if not sentences:
            empty = np.zeros((0, len(found.vectors)), dtype=np.float32)
            return Evidence(found, [], vectors, empty)
        scores = vectors @ found.vectors.T
        texts = [query.text, *query.parts]
        # a sentence in a passage about "Season 3" does not answer for season 4
        about = {
            r.chunk.id: lexicon.EVIDENCE_QUALIFIER_WEIGHT
            * qualifier_signal(query.qualifiers, f"{r.chunk.title} {r.chunk.text}")
            for r in chosen
        }
        context = [about.get(s.chunk.id, 0.0) for s in sentences]
        asked = divisions(query.question)  # "the women's race"
        award = award_words(query.question)  # "the photography prize"
        contest = asked_contest(query.question)  # "Who won the mayoral election?"
        haves = [set(content_words(s.text)) for s in sentences]
        for t, text in enumerate(texts):
            shares = coverage(content_words(text), haves)
            outlets = query.outlets_of(t)
            for n, s in enumerate(sentences):
                scores[n, t] += lexicon.EVIDENCE_COVERAGE_WEIGHT * shares[n]
                if outlets and s.chunk.source in outlets:
                    scores[n, t] += lexicon.EVIDENCE_OUTLET_WEIGHT
                if query.dates and any(date_matches(d, s.chunk.published_at) for d in query.dates):
                    scores[n, t] += lexicon.EVIDENCE_OUTLET_WEIGHT / 2
                if query.years:
                    scores[n, t] += lexicon.EVIDENCE_YEAR_WEIGHT * year_signal(query.years, s.text)
                if asked:
                    scores[n, t] += lexicon.EVIDENCE_DIVISION_WEIGHT * division_signal(
                        asked, s.text
                    )
                if award:
                    scores[n, t] += lexicon.AWARD_WEIGHT * award_signal(
                        award, query.question, s.text
                    )
                if contest:
                    scores[n, t] += lexicon.CONTEST_WEIGHT * contest_signal(
                        contest, query.question, s.text
                    )
                scores[n, t] += context[n]
        return Evidence(found, sentences, vectors, scores)

    def _measured_elsewhere(self, query: Query, chosen: list[Retrieved]) -> list[Retrieved]:
        """Where a figure question names what it measures ("How many doses ...?") and no chosen
        passage writes it, the other passages of the best articles that do: the right article,
        a few paragraphs away."""
        measured = (
            "" if query.verdict or query.choice or query.parts else measured_noun(query.question)
        )
        if not measured or any(noun_near(measured, r.chunk.text) for r in chosen):
            return []
        articles = list(dict.fromkeys(r.chunk.article_id for r in chosen))[:SIBLING_ARTICLES]
        taken = {r.chunk.id for r in chosen}
        siblings = self.store.article_chunks(articles).values()
        return [
            Retrieved(chunk, 0.0, 0.0)
            for chunk in sorted(siblings, key=lambda c: (articles.index(c.article_id), c.start))
            if chunk.id not in taken and noun_near(measured, chunk.text)
        ]

    def _compose(self, ev: Evidence) -> Drafted:
        query = ev.query
        if not ev.sentences:
            return Drafted(ev, Answer(answer=ABSTAIN_TEXT, abstained=True), ev.passages)
        evidence = float(ev.scores[:, 0].max())
        passages, usable = ev.passages, ev.scores
        if query.unknown_outlets or evidence < self.settings.abstain_threshold:
            answer = self._abstain(ev)
        elif query.verdict or query.choice:
            answer = self._verdict(ev)
        else:
            wanted = self._constraints(query, ev.ask.topic)
            met, absent = self._meets_constraints(ev, wanted)
            best = float(ev.scores[met, 0].max()) if met.any() else 0.0
            if absent:
                answer = self._abstain(
                    ev, f" The closest articles do not mention {' or '.join(absent)}."
                )
            elif best < self.settings.abstain_threshold:
                answer = self._abstain(ev, unmet_reason(ev, wanted, met))
            else:  # evidence from articles that miss a named year or name cannot answer,
                others = self._other_things(ev, wanted, met)  # or about another event or work
                met &= np.array([not o for o in others], dtype=bool)
                award = award_words(query.question)  # or name another award than the asked
                if award:
                    met &= np.array(
                        [award_signal(award, query.question, s.text) >= 0 for s in ev.sentences]
                    )
                met &= np.array(  # nor a longer event ("the NBA Draft Combine" for the draft)
                    [not extended_event(query.question, s.text) for s in ev.sentences]
                )
                if spans.expected_kind(query.wh, query.question) in ("date", "quantity"):
                    met &= np.array(  # nor date or price a film or an update of the title asked
                        [not derived_thing(query.question, s.text) for s in ev.sentences]
                    )
                if spans.expected_kind(query.wh, query.question) == "quantity":
                    met &= self._by_subject(ev, wanted)  # "How much did SoftBank pay ...?"
                usable = np.where(met[:, None], ev.scores, SET_ASIDE)
                best = int(np.argmax(usable[:, 0]))
                money = spans.wants_amount(query.question)
                unknown, saying = next(  # the best sentence, or another of its article's, says so
                    (
                        (said, i)
                        for i in _same_article(ev, best, met)
                        if (said := withheld(query.question, ev.sentences[i].text, money))
                    ),
                    ("", best),
                )
                if not met.any() or ev.scores[met, 0].max() < self.settings.abstain_threshold:
                    answer = self._abstain(ev)
                elif unknown:  # "US pricing has not been confirmed": the best evidence says so
                    source = ev.sentences[best].chunk.source or "The closest article"
                    reason = f" {source} says the {unknown} has not been made known."
                    answer = self._abstain(ev, reason, first=saying)
                else:
                    answer, passages = self._span_answer(ev, usable, wanted)
        if self.llm and not answer.abstained:
            answer = self._llm_answer(ev, usable) or answer
        answer.evidence_score = round(evidence, 4)
        return Drafted(ev, answer, passages)

    def _verify(self, drafted: Drafted) -> Answer:
        answer = drafted.answer
        texts = {}
        for c in answer.citations:
            article = self.store.article(c.article_id)
            texts[c.article_id] = article.text if article else ""
        verify_citations(answer.citations, texts)
        start, retrieved, end = (
            drafted.evidence.ask.started,
            drafted.evidence.found.at,
            time.perf_counter(),
        )
        answer.timings_ms = {
            "retrieve": round((retrieved - start) * 1000, 2),
            "answer": round((end - retrieved) * 1000, 2),
            "total": round((end - start) * 1000, 2),
        }
        answer.retrieved = [r.chunk.id for r in drafted.passages]
        return answer

    # --- answer shapes ------------------------------------------------------------------------
    def _constraints(self, query: Query, topic: str = "") -> Constraints:
        """What evidence must mention: the question's years and named entities (tagged now),
        and for a follow-up that leans on an earlier question (`topic`), that one's names and,
        where it names none itself, its years: "How old was the victim?" after a question on a
        virus's victims in Michigan is not answered by another story's victim. Only single
        questions are held to it, not their parts."""
        if query.parts:
            return Constraints()
        sources = self.store.sources()
        wanted = key_constraints(query.question, self.store.tagger.names(query.question), sources)
        if not topic:
            return wanted
        earlier = key_constraints(topic, self.store.tagger.names(topic), sources)
        names = {n.text: n for n in (*wanted.names, *earlier.names)}
        return dataclasses.replace(
            wanted, names=tuple(names.values()), years=wanted.years or earlier.years
        )

    def _meets_constraints(self, ev: Evidence, wanted: Constraints) -> tuple[np.ndarray, list[str]]:
        """Per evidence sentence, whether its article meets the constraints; and the names (and
        editions: "Super Bowl LVII") no evidence article mentions at all. An article without a
        title (a search snippet) can not be held to the names nor to the edition: it rarely
        repeats the subject its neighbours name (_held)."""
        if not wanted:
            return np.ones(len(ev.sentences), dtype=bool), []
        ok: dict[str, bool] = {}
        absent = list(wanted.names)
        named = missing = [e for e in wanted.editions if e.named]
        described = self._described_names(ev.query.question, wanted)
        for s in ev.sentences:
            if s.chunk.article_id not in ok:
                article = self.store.article(s.chunk.article_id)
                text = f"{article.title}\n{article.text}" if article else ""
                held = _held(wanted, bool(article and article.title))
                ok[s.chunk.article_id] = meets(held, text, s.chunk.published_at, described)
                absent = [n for n in absent if unmet(Constraints(names=(n,)), text, surnames=True)]
                # an article is held to the edition asked ("Super Bowl LVII"; of two, "its
                # Round 4 and Round 5 reports", to one), a snippet only to the evidence as a
                # whole writing it (measured both ways on rgbown: a tie)
                unwritten = unwritten_editions(wanted.editions, text)
                if named and article and article.title:
                    ok[s.chunk.article_id] &= len(unwritten) < len(named)
                missing = [e for e in missing if e in unwritten]
        met = np.array([ok[s.chunk.article_id] for s in ev.sentences], dtype=bool)
        if wanted.years:  # and the year is the one the sentence is about
            met &= np.array(
                [_year_near(wanted.years, s, wanted.dated) for s in ev.sentences], dtype=bool
            )
        if wanted.quarters:  # "in the second quarter": not a sentence on the third (its own
            met &= np.array(  # quarter, or where it names none, its neighbours')
                [
                    not another_quarter(
                        wanted.quarters, s.text if quarters_of(s.text, own=True) else _nearby(s)
                    )
                    for s in ev.sentences
                ],
                dtype=bool,
            )
        if wanted.months:  # "sales in August": not a sentence on last month's (October's)
            met &= np.array(
                [
                    not another_month(wanted.months, _nearby(s), s.chunk.published_at)
                    for s in ev.sentences
                ],
                dtype=bool,
            )
        if wanted.editions:  # "the sixth season": not a sentence on the fourth
            met &= np.array(
                [
                    not another_edition(wanted.editions, _nearby(s), s.chunk.title)
                    for s in ev.sentences
                ],
                dtype=bool,
            )
        if wanted.counts:  # "Who scored 31 points?": not a sentence on someone's 34 points
            met &= np.array([not another_count(wanted.counts, s.text) for s in ev.sentences])
        if wanted.measured:  # "How much compensation ...?": a figure of compensation
            met &= np.array(
                [
                    noun_near(wanted.measured, f"{s.chunk.title}\n{_nearby(s)}")
                    for s in ev.sentences
                ],
                dtype=bool,
            )
        return met, [n.text for n in absent] + [e.text for e in missing]

    def _described_names(self, question: str, wanted: Constraints) -> frozenset[str]:
        """The question's names that another article than the answering one may write
        (constraints.loose_names; the side clauses from qa.bridge)."""
        if len(wanted.names) < 2:
            return frozenset()  # one name is met or not, wherever it is written
        sides = side_clauses(self.store.tagger.nlp, question)
        return loose_names(question, wanted.names, sides)

    def _by_subject(self, ev: Evidence, wanted: Constraints) -> np.ndarray:
        """Per evidence sentence, whether its article names the question's subject where that
        is one of its names ("SoftBank" in "How much did SoftBank pay for ...?"): a figure is
        someone's, and an article that never names them gives another's."""
        subject = clauses.question_subject(self.store.tagger.nlp, ev.query.question)
        names = [n for n in wanted.names if subject and (n.text in subject or subject in n.text)]
        if not names:
            return np.ones(len(ev.sentences), dtype=bool)
        ok: dict[str, bool] = {}
        for s in ev.sentences:
            if s.chunk.article_id not in ok:
                article = self.store.article(s.chunk.article_id)
                text = f"{article.title}\n{article.text}" if article else s.chunk.text
                ok[s.chunk.article_id] = not unmet(Constraints(names=(names[0],)), text)
        return np.array([ok[s.chunk.article_id] for s in ev.sentences], dtype=bool)

    def _other_things(self, ev: Evidence, wanted: Constraints, met: np.ndarray) -> list[str]:
        """Per evidence sentence, the other event, work or product than the one asked that it
        names, in a passage that never writes the asked one (constraints.other_thing), or "";
        read for the best sentences that `met`, until SPAN_SENTENCES are about no other thing
        (a span answer is voted on across those)."""
        others = [""] * len(ev.sentences)
        if not wanted.names:
            return others
        order = [int(i) for i in np.argsort(-ev.scores[:, 0]) if met[i]][: 2 * SPAN_SENTENCES]
        kept = 0
        for i, named in zip(order, self._labels(ev, order), strict=True):
            s = ev.sentences[i]
            others[i] = other_thing(
                wanted,
                f"{s.chunk.title}\n{s.chunk.text}",
                [(s.text[a:b], label) for a, b, label in named],
                s.text,
            )
            kept += not others[i]
            if kept == SPAN_SENTENCES:
                break
        return others

    def _abstain(self, ev: Evidence, reason: str = "", first: int | None = None) -> Answer:
        """ABSTAIN_TEXT with the reason, citing the two closest sentences (`first` first)."""
        query = ev.query
        order = [int(i) for i in np.argsort(-ev.scores[:, 0])]
        if first is not None:
            order.remove(first)
            order.insert(0, first)
        order = order[:2]
        related = [self._quote(ev.sentences[i], query, float(ev.scores[i, 0])) for i in order]
        if query.unknown_outlets:
            reason = (
                f" No stored article is from {', '.join(dict.fromkeys(query.unknown_outlets))}."
            )
        text = f"{ABSTAIN_TEXT}{reason} The closest passages are listed as related."
        return Answer(answer=text, abstained=True, citations=citations_for(related))

    @functools.cached_property
    def _reference(self) -> Embedder:
        """The float ONNX export (the float space the verdict thresholds were set in; a w8a8 or
        int8 store's cache already holds it, as those are made from it): a dozen texts at a
        time, where torch would load a second model."""
        model_path = self.settings.embedding_model_path or bundled_model_path()
        return OnnxEmbedder(model_path, self.settings.embed_batch_size, "float")

    def _in_reference_space(self, ev: Evidence) -> Evidence:
        """The evidence a verdict weighs, scored in the float space that its thresholds
        (`verdict_threshold`, lexicon.SAME_CLAIM) were set in. A float store's is already; in
        a w8a8 or int8 store the question, its parts and the sentences a verdict can pick (the
        best few for each part, and each article's best) are embedded again in float, a dozen
        short texts: quantisation noise carries borderline pairs across fixed thresholds (six
        multihop dev verdicts flipped with int8's, cosine 0.97-0.99 to float, and three with
        w8a8's, 0.99-1.0)."""
        if self.store.embedder.name not in (W8A8_SPACE, INT8_SPACE) or not ev.sentences:
            return ev
        rows: dict[int, None] = {}
        for column in range(ev.scores.shape[1]):
            rows.update(dict.fromkeys(int(i) for i in np.argsort(-ev.scores[:, column])[:4]))
        for i in np.argsort(-ev.scores[:, 0]):
            article = ev.sentences[int(i)].chunk.article_id
            if all(ev.sentences[r].chunk.article_id != article for r in rows):
                rows[int(i)] = None
        asked = asked_value(ev.query.question) if not ev.query.parts else ""
        valued: set[str] = set()  # and each article's best that gives the value asked about
        for i in np.argsort(-ev.scores[:, 0]) if asked else ():
            s = ev.sentences[int(i)]
            if s.chunk.article_id not in valued and holds_value(asked, s.text):
                valued.add(s.chunk.article_id)
                rows[int(i)] = None
        picked = list(rows)
        texts = [ev.query.text, *ev.query.parts]
        fresh = self._reference.embed([*texts, *(ev.sentences[i].text for i in picked)])
        scores = rescored(
            ev.scores[picked],
            ev.vectors[picked],
            ev.found.vectors,
            fresh[len(texts) :],
            fresh[: len(texts)],
        )
        return Evidence(ev.found, [ev.sentences[i] for i in picked], fresh[len(texts) :], scores)

    def _verdict(self, ev: Evidence) -> Answer:
        ev = self._in_reference_space(ev)
        query, scores = ev.query, ev.scores
        parts = query.parts or [query.question]
        columns = list(range(1, len(parts) + 1)) if query.parts else [0]
        evidence, quotes, used = [], [], set()
        figured: dict[str, Sentence] = {}  # sentences that write a part's figures, by text
        for part, column in zip(parts, columns, strict=True):
            order = np.argsort(-scores[:, column])
            best = next((int(i) for i in order if int(i) not in used), int(order[0]))
            used.add(best)
            sentence = ev.sentences[best]
            score = float(scores[best, column])
            written = self._figured(part, sentence)
            figured |= {s.text: s for s in written}
            evidence.append(
                PartEvidence(
                    part,
                    sentence.text,
                    score,
                    sentence.chunk.published_at,
                    ev.vectors[best],
                    tuple(s.text for s in written),
                )
            )
            quotes.append(self._quote(sentence, query, float(scores[best, column]), part))
        reports = max(len(parts), len(query.outlets), len(query.dates))
        picks: list[int] = []  # one part, two reports: a passage of each
        named = [_best_of_outlet(ev, outlet) for outlet in query.outlets[:2]]
        if len(evidence) == 1 and orders_reports(query.question, query.outlets):
            # "Was A's report on X published before B's?": each outlet's best passage, in order
            known = [i for i in named if i is not None]
            if len(known) == 2 and len({ev.sentences[i].chunk.article_id for i in known}) == 2:
                picks = known
        elif len(evidence) == 1 and asks_agreement(query.question, bool(query.choice), reports):
            asked = asked_value(query.question)  # "consistent about the month ...": passages
            valued = _best_holding(ev, asked) if asked else None  # that give one
            again = _best_holding(ev, asked, valued) if valued is not None else None
            if valued is not None and again is not None:
                picks = [valued, again]
            elif (other := _other_report(ev, used)) is not None:  # the best of another article
                picks = [min(used), other]
        if picks:
            evidence, quotes = [], []
            for n, i in enumerate(picks):
                sentence, score = ev.sentences[i], float(scores[i, 0])
                evidence.append(
                    PartEvidence(
                        query.question,
                        sentence.text,
                        score,
                        sentence.chunk.published_at,
                        ev.vectors[i],
                    )
                )
                quotes.append(self._quote(sentence, query, score, "" if n else query.question))
        verdict = decide(
            query.question,
            evidence,
            self.settings.verdict_threshold,
            bool(query.choice),
            found=self.settings.abstain_threshold,
            reports=reports,
        )
        if verdict.yes and not query.parts:
            winner = self._other_winner(query.question, ev, min(used))
            if winner:
                verdict = Verdict(False, f"the evidence says {winner} won")
        if verdict.by in figured:  # the passage that decided it is shown too
            denying = figured[verdict.by]
            score = float(self.store.embedder.embed([denying.text])[0] @ ev.found.vectors[0])
            quotes.append(self._quote(denying, query, score, query.question))
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
            lead="" if verdict.yes is None else lead.rstrip("."),
            citations=citations_for(quotes),
        )

    def _figured(self, part: str, sentence: Sentence) -> list[Sentence]:
        """The other sentences of the evidence's article that write a figure the part claims
        (not a model code's number: "VX-411", "787-9")."""
        figures = numbers_in(re.sub(r"[\w.]+[-/]\d[\w.-]*", " ", part))
        article = self.store.article(sentence.chunk.article_id)
        if not figures or article is None:
            return []
        return [
            Sentence(sentence.chunk, a, b, article.text[a:b], sentence.rank)
            for a, b in split_sentences(article.text)
            if a != sentence.start and numbers_in(article.text[a:b]) & figures
        ]

    def _other_winner(self, question: str, ev: Evidence, best: int) -> str:
        """For "Did X win ...?", the name the best evidence sentence says won where that is
        not X, or X where it says X was beaten; "" otherwise (qa.clauses)."""
        nlp = self.store.tagger.nlp
        if clauses.question_verb(nlp, question) not in lexicon.WIN_LEMMAS:
            return ""
        subject = clauses.question_subject(nlp, question)
        if not subject:
            return ""
        asked = Name(subject, "ORG", name_words(subject, "ORG"))  # a person, a team or a firm
        sentence = ev.sentences[best].text
        named = [
            (a, b) for a, b, label in self._labels(ev, [best])[0] if label in clauses.PARTY_LABELS
        ]
        for a, b in named:
            if same_party(asked, sentence[a:b]):
                if clauses.beaten(nlp, sentence, a, b):
                    return next(
                        (sentence[c:d] for c, d in named if clauses.won(nlp, sentence, c, d)),
                        "someone else",
                    )
                if clauses.won(nlp, sentence, a, b):
                    return ""
        return next((sentence[a:b] for a, b in named if clauses.won(nlp, sentence, a, b)), "")

    def _span_answer(
        self, ev: Evidence, scores: np.ndarray, wanted: Constraints
    ) -> tuple[Answer, list[Retrieved]]:
        """A short span (a name, a date, an amount) voted on across the best sentences, cited
        where it is written; the passages reordered with the answer-bearing one first."""
        query, passages = ev.query, ev.passages
        kind = spans.expected_kind(query.wh, query.question)
        # sentences set aside by the constraints (scored -1) neither vote nor get cited
        order = [
            int(i) for i in np.argsort(-scores[:, 0])[:SPAN_SENTENCES] if scores[i, 0] > SET_ASIDE
        ]
        contest = asked_contest(query.question)  # "Who won the mayoral election?"
        if contest:  # where a sentence writes it, none saying another contest was won votes
            signal = {
                i: contest_signal(contest, query.question, ev.sentences[i].text) for i in order
            }
            if 1 in signal.values():
                order = [i for i in order if signal[i] >= 0]
        ranked = [(ev.sentences[i].text, float(scores[i, 0])) for i in order]
        dated = [ev.sentences[i].chunk.published_at for i in order]
        if not spans.has_answer_of_kind(query.question, kind, [t for t, _ in ranked], dated):
            if not (kind == "quantity" and spans.asks_measure(query.question)):
                return self._abstain(ev), passages
            kind = ""  # "How heavy were the losses?": no weight written, the sentence answers
        labels = self._labels(ev, order)
        measurand = described_owner(query.question)  # the Y of "What is the X of Y?"
        owned = (  # a figure someone has: paid, earned, raised (not a time or an age)
            kind == "quantity"
            and query.wh not in ("how long", "how old")
            and (bool(measurand) or any(n.label in clauses.OWNER_LABELS for n in wanted.names))
        )
        parties = (*wanted.names, *measurand)
        money = kind == "quantity" and spans.wants_amount(query.question)
        unit_price = money and spans.asks_unit_price(query.question)
        things = wanted.measured if kind == "quantity" and query.wh == "how many" else ""
        asked_names = self._asked_names(query.question) if things else set()
        theirs, other = "", ""  # the first party whose figure was set aside; the last
        rejected: set[str] = set()  # figures set aside (others of their sentences still count)
        happened = kind == "quantity" and spans.asks_what_happened(query.question)
        for _ in range(ATTRIBUTION_TRIES + 1):
            found = self._vote(ev, kind, ranked, labels, dated, frozenset(rejected))
            if happened and found and spans.hypothetical(ranked[found[1]][0], found[0]):
                rejected.add(found[0])  # "could face up to 10 years" was not the sentence given
                found = None
                continue
            if found is None:
                break
            span, index = found
            if kind == "score" and _another_match(ranked[index][0], labels[index], wanted.names):
                rejected.add(span)  # "Kazakhstan beat the Netherlands 2-1" for Russia's tie
                found = None
                continue
            if things and self._counts_another(ranked[index][0], span, things):
                rejected.add(span)  # "one County station" counts no counties
                found = None
                continue
            if asked_names and self._counts_others(
                ranked[index][0], span, asked_names, labels[index]
            ):
                rejected.add(span)  # "30 Boeing jets" for "How many Airbus jets ...?"
                found = None
                continue
            if not (owned or money):
                break
            if money and self._counts_things(ranked[index][0], span):
                rejected.add(span)  # "17.3 million new vehicles" is no price
                found = None
                continue
            if unit_price and spans.scaled(span):
                rejected.add(span)  # "a deal worth $600 million" is no share price
                found = None
                continue
            if not owned:
                break
            other = self._someone_elses(ranked[index][0], span, labels[index], parties)
            if not other:
                break
            theirs = theirs or other
            rejected.add(span)
        if theirs and (found is None or other):  # the only figures found are another party's
            return self._abstain(ev, f" The closest figures are for {theirs}."), passages
        if found is None and (rejected or kind == "entity"):  # nothing of the type asked:
            return self._abstain(ev), passages  # figures that count things, or no name at all
        lead, short, best = "", "", order[0]
        if kind == "" and spans.asks_kind_of(query.question):
            noun = clauses.kind_asked(self.store.tagger.nlp, query.question)
            found = self._kind_of(ev, order, noun) if noun else None  # "Chinook" helicopter
        if found is not None:
            best = order[found[1]]
        if (  # (a follow-up's few words lean on the turns before it: not held to this)
            found is not None
            and not ev.ask.context
            and not ev.ask.bridged
            and spans.asks_figure(query.wh, query.question)
            and _figure_support(ev, best) < self.settings.abstain_threshold + lexicon.FIGURE_MARGIN
            and not spans.age_of_asked(query.question, ev.sentences[best].text, found[0])
        ):  # a figure for something else
            reason = " No figure is stated in a passage close enough to what was asked."
            return self._abstain(ev, reason, first=best), passages
        source = ev.sentences[best].chunk.source
        if query.outlets and source not in query.outlets:  # "According to the Ledger, who ...?"
            named = " or ".join(dict.fromkeys(query.outlets))
            return self._abstain(
                ev, f" The closest answer is from {source}, not {named}."
            ), passages
        rivals = _rivals(query.question, wanted) if kind == "entity" else ()
        if found is not None and rivals and not any(same_party(r, found[0]) for r in rivals):
            sides = " nor ".join(r.text for r in rivals)  # "between Halden and Corvane"
            return self._abstain(ev, f" Neither {sides} is named as the winner."), passages
        if found is not None:
            span, index = found
            if kind == "entity" and " " not in span:  # a bare surname: look for the full name
                span = voting.complete_name(span, self._mentions(span, ev))
            if kind == "entity":  # "Toy Story 4"
                span = spans.with_title_number(ev.sentences[best].text, span, labels[index])
            said = ev.sentences[best]  # with the sentences before it in its passage
            upto = said.chunk.text[: said.end - said.chunk.start]
            if kind == "quantity" and (pick := spans.respective(query.question, upto)):
                span = pick  # "$599 and $899, respectively": the asked one's
            if kind == "quantity" and (units := spans.asked_units(query.question)):
                span = spans.with_unit(ev.sentences[best].text, span, units)  # "310 metres"
            if len(span) < 80:
                short = span.strip()
                lead = span.rstrip(".") + "."
                cited = ev.sentences[best].chunk.id
                passages = promote_answer_bearing(passages, span, first=cited)
        quote = self._quote(
            ev.sentences[best],
            query,
            float(scores[best, 0]),
            lead,
            max_words=QUOTE_WORDS if lead else 2 * QUOTE_WORDS,  # the sentence is the answer
            held=found[0] if found is not None else "",  # as the sentence writes it
        )
        answer = Answer(
            answer=answer_text(lead, [quote]),
            abstained=False,
            lead=short,
            citations=citations_for([quote]),
        )
        return answer, passages

    def _llm_answer(self, ev: Evidence, scores: np.ndarray) -> Answer | None:
        """The LLM's answer over the best evidence sentences (each part's best first; none set
        aside by the constraints), kept only where it cites them; None (the extractive answer
        stands) when the backend is down or its reply cites nothing it was shown."""
        assert self.llm is not None
        query, ask = ev.query, ev.ask
        picks: list[int] = []
        for column in [*range(1, scores.shape[1]), 0]:
            for i in np.argsort(-scores[:, column]):
                if int(i) not in picks and scores[i, column] > SET_ASIDE:
                    picks.append(int(i))
                    if column or len(picks) >= LLM_PASSAGES:
                        break
        quotes = [
            self._quote(ev.sentences[i], query, float(scores[i, 0]), max_words=2 * QUOTE_WORDS)
            for i in picks[: max(LLM_PASSAGES, scores.shape[1] - 1)]
        ]
        passages = "\n".join(
            f"[{n}] {attribution(q.sentence)}{quote_text(q)}" for n, q in enumerate(quotes, 1)
        )
        stream = GroundedStream([quote_text(q) for q in quotes], ask.on_text)
        values = {"passages": passages, "question": ask.question}
        if ask.on_text is None:
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

    def _kind_of(self, ev: Evidence, order: list[int], noun: str) -> tuple[str, int] | None:
        """For "What kind of X ...?", X as the best sentence of the best article that writes
        what kind it is ("Chinook helicopter"), and that sentence's place in `order`."""
        article = ev.sentences[order[0]].chunk.article_id
        asked = set(re.findall(r"[\w'’-]+", ev.query.question.lower()))
        for place, i in enumerate(order):
            s = ev.sentences[i]
            if s.chunk.article_id == article:
                written = clauses.kind_written(self.store.tagger.nlp, s.text, noun, asked)
                if written:
                    return written, place
        return None

    def _vote(
        self,
        ev: Evidence,
        kind: str,
        ranked: list[tuple[str, float]],
        labels: list[list[tuple[int, int, str]]],
        dated: list[str],
        exclude: frozenset[str] = frozenset(),
    ) -> tuple[str, int] | None:
        """The span voted for (qa.voting, none of `exclude`) and its sentence's index, read again
        in the parse of its sentence (qa.clauses) among the first CLAUSE_CHECKS voted: for "who
        won", the first that sentence does not say was beaten; for a date, the first in a
        clause of the question's own verb among the dates of the first one's sentence
        ("announced on September 6", not "opens on March 22", for "On what date did X announce
        ...?"); for a question on several outlets, the name the most of them write (see
        _named_by_each_outlet)."""
        query = ev.query
        nlp = self.store.tagger.nlp
        wins = kind == "entity" and voting.question_verb(query.question) in lexicon.WIN_FORMS
        placed = kind == "entity" and bool(lexicon.PLACING.search(query.question))
        several = kind == "entity" and len(set(query.outlets)) > 1
        checks = PLACING_CHECKS if placed else CLAUSE_CHECKS if wins or kind == "date" else 1
        found = voting.best_spans(
            query.question,
            kind,
            ranked,
            query.text,
            labels,
            dated,
            max(checks, OUTLET_CHECKS) if several else checks,
            exclude,
        )
        if several:
            found = self._named_by_each_outlet(ev, found, ranked, labels)
        if placed:  # "Who came second?": from a sentence that places someone or says who was
            found = [  # beaten, and not the one it says won: the best such that writes the name
                (span, at, written)
                for span, _, written in found
                for at in [
                    next(
                        (
                            i
                            for i, (sentence, _) in enumerate(ranked)
                            if written in sentence
                            and _places(query.question, sentence)
                            and not _says_won(nlp, sentence, written)
                        ),
                        -1,
                    )
                ]
                if at >= 0
            ]
        if wins:
            for span, index, written in found:
                sentence = ranked[index][0]
                at = sentence.find(written)
                if (
                    at < 0
                    or not lexicon.BEATING_WORDS.search(sentence)
                    or not clauses.beaten(nlp, sentence, at, at + len(written))
                ):
                    return span, index
        same = [f for f in found if f[1] == found[0][1]] if kind == "date" else []
        verb = clauses.question_verb(nlp, query.question) if len(same) > 1 else ""
        for span, index, written in same if verb else []:
            sentence = ranked[index][0]
            at = sentence.find(written)
            if at >= 0 and clauses.verb_of(nlp, sentence, at, at + len(written)) == verb:
                return span, index
        return found[0][:2] if found else None

    def _named_by_each_outlet(
        self,
        ev: Evidence,
        found: list[tuple[str, int, str]],
        ranked: list[tuple[str, float]],
        labels: list[list[tuple[int, int, str]]],
    ) -> list[tuple[str, int, str]]:
        """For a question that relies on several outlets ("as reported by Halden Post and
        Corvane Daily"), the names voted (`found`, OUTLET_CHECKS at least), those named in full
        by the evidence articles of the most of those outlets first: the one both reports are
        about, not one only the first of them mentions (a bridge between articles). Votes order
        the rest."""
        named = [
            self._outlets_naming(ev, ev.query.outlets, written, ranked[index][0], labels[index])
            for _, index, written in found
        ]
        most = max(named, default=0)
        return [f for f, n in zip(found, named, strict=True) if n == most] + [
            f for f, n in zip(found, named, strict=True) if n != most
        ]

    def _outlets_naming(
        self,
        ev: Evidence,
        outlets: Sequence[str],
        written: str,
        sentence: str,
        labels: Sequence[tuple[int, int, str]],
    ) -> int:
        """How many of `outlets` have an evidence article that names `written` in full (a
        person by given name and surname, as a report names someone at first mention)."""
        at = sentence.find(written)
        label = (spans.label_of(at, at + len(written), labels) if at >= 0 else "") or "ORG"
        name = Name(written, label, name_words(written, label))
        if not name.words:
            return 0
        naming: set[str] = set()
        for s in ev.sentences:
            if s.chunk.source in outlets and s.chunk.source not in naming:
                article = self.store.article(s.chunk.article_id)
                text = f"{article.title}\n{article.text}" if article else ""
                if not unmet(Constraints(names=(name,)), text):
                    naming.add(s.chunk.source)
        return len(naming)

    def _someone_elses(
        self,
        sentence: str,
        span: str,
        entities: Sequence[tuple[int, int, str]],
        parties: Sequence[Name],
    ) -> str:
        """The person or organisation a figure in `sentence` belongs to (qa.clauses), where
        that is none of the parties asked about; else ""."""
        at = sentence.find(span)
        if at < 0:
            return ""
        found = clauses.owners(self.store.tagger.nlp, sentence, at, at + len(span), entities)
        if not found or any(same_party(n, owner) for owner in found for n in parties):
            return ""
        return found[0]

    def _counts_things(self, sentence: str, span: str) -> bool:
        """Whether a figure without a currency sign counts things ("17.3 million new
        vehicles", qa.clauses.counted): not a sum of money."""
        at = sentence.find(span)
        if at < 0 or spans.CURRENCY_SIGN.search(span):
            return False
        return bool(clauses.counted(self.store.tagger.nlp, sentence, at, at + len(span)))

    def _counts_another(self, sentence: str, span: str, asked: str) -> bool:
        """Whether the figure counts something other than the things asked ("One Brightwater
        County station" for "How many counties ...?", qa.clauses.counted); a figure that names
        nothing it counts ("rose to 12") may count them."""
        at = sentence.find(span)
        if at < 0:
            return False
        noun = clauses.counted(self.store.tagger.nlp, sentence, at, at + len(span))
        return bool(noun) and not spans.same_things(asked, noun)

    def _asked_names(self, question: str) -> set[str]:
        """The names that qualify the things "How many ...?" counts ("airbus" in "How many
        Airbus jets ...?")."""
        at = question.lower().find("how many")
        if at < 0:
            return set()
        return clauses.counted_names(self.store.tagger.nlp, question, at + 4, at + 8)

    def _counts_others(
        self, sentence: str, span: str, names: set[str], entities: Sequence[tuple[int, int, str]]
    ) -> bool:
        """Whether the figure counts things another maker or owner qualifies ("30 Boeing jets"
        where Airbus jets are asked; not "40 UK stores" where Vesta's are): a qualifying name
        tagged a person or organisation, and none of the asked names among them."""
        at = sentence.find(span)
        if at < 0:
            return False
        written = clauses.counted_names(self.store.tagger.nlp, sentence, at, at + len(span))
        if not written or written & names:
            return False
        owners = {
            w.replace(".", "")
            for a, b, label in entities
            if label in clauses.OWNER_LABELS
            for w in sentence[a:b].lower().split()
        }
        return bool(written & owners)

    def _labels(self, ev: Evidence, order: Sequence[int]) -> list[list[tuple[int, int, str]]]:
        """The tagged entities of these evidence sentences, as offsets into each sentence."""
        chosen = [ev.sentences[i] for i in order]
        tagged = self.store.entities([s.chunk.article_id for s in chosen])
        return [
            [
                (e.start - s.start, e.end - s.start, e.label)
                for e in tagged.get(s.chunk.article_id, ())
                if s.start <= e.start and e.end <= s.end
            ]
            for s in chosen
        ]

    def _mentions(self, name: str, ev: Evidence) -> list[str]:
        """Passages naming `name`: the retrieved ones, then the archive's (keyword index)."""
        chunks = [r.chunk for r in ev.passages]
        hits = self.store.keyword_search(name, 20, ev.ask.filters)
        chunks += self.store.chunks([i for i, _ in hits]).values()
        return [text for c in chunks for text in (c.title, c.text) if text]

    def _quote(
        self,
        sentence: Sentence,
        query: Query,
        score: float,
        focus: str = "",
        max_words: int = QUOTE_WORDS,
        held: str = "",
    ) -> Quote:
        words = content_words(f"{focus} {query.text}")
        start, end = clip(sentence, words, max_words, content_words(held))
        return Quote(sentence, start, end, score)


def unmet_reason(ev: Evidence, wanted: Constraints, met: np.ndarray) -> str:
    """' The closest articles do not mention 2025.' when no evidence meets the constraints."""
    if met.any():
        return ""
    best = ev.sentences[ev.best()]
    held = _held(wanted, bool(best.chunk.title))
    missing = unmet(held, f"{best.chunk.title}\n{best.chunk.text}", best.chunk.published_at)
    return f" The closest articles do not mention {' or '.join(missing)}." if missing else ""


def _another_match(
    sentence: str, entities: Sequence[tuple[int, int, str]], sides: Sequence[Name]
) -> bool:
    """Whether a sentence giving a score names sides (teams, countries, players) and none of
    the question's: the score of another match."""
    named = [sentence[a:b] for a, b, label in entities if label in lexicon.SIDE_LABELS]
    asked = [n for n in sides if n.label in lexicon.SIDE_LABELS]  # not "the Super Bowl"
    return bool(asked and named) and not any(same_party(n, t) for t in named for n in asked)


def _best_holding(ev: Evidence, asked: str, other_than: int | None = None) -> int | None:
    """The best evidence sentence that gives a value of the `asked` kind (qa.verdict
    .holds_value: a month, a figure), from another article than sentence `other_than`'s."""
    taken = ev.sentences[other_than].chunk.article_id if other_than is not None else None
    for i in np.argsort(-ev.scores[:, 0]):
        s = ev.sentences[int(i)]
        if s.chunk.article_id != taken and holds_value(asked, s.text):
            return int(i)
    return None


def _best_of_outlet(ev: Evidence, outlet: str) -> int | None:
    """The best evidence sentence from an article of `outlet`."""
    for i in np.argsort(-ev.scores[:, 0]):
        if ev.sentences[int(i)].chunk.source == outlet:
            return int(i)
    return None


def _other_report(ev: Evidence, used: set[int]) -> int | None:
    """The best evidence sentence from an article none of `used` comes from."""
    taken = {ev.sentences[i].chunk.article_id for i in used}
    for i in np.argsort(-ev.scores[:, 0]):
        if ev.sentences[int(i)].chunk.article_id not in taken:
            return int(i)
    return None


@functools.lru_cache(maxsize=256)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """A chunk's sentence spans (cached: every evidence sentence of the chunk asks)."""
    return tuple(split_sentences(text))


def _same_article(ev: Evidence, best: int, met: np.ndarray) -> list[int]:
    """The best sentence, then, where it gives nothing of the kind asked, the other evidence
    sentences of its article that meet the constraints, best first: an article that names the
    price it was asked for may still withhold that of another deal."""
    query, s = ev.query, ev.sentences[best]
    kind = spans.expected_kind(query.wh, query.question)
    if spans.has_answer_of_kind(query.question, kind, [s.text], [s.chunk.published_at]):
        return [best]
    article = s.chunk.article_id
    rest = [
        int(i)
        for i in np.argsort(-ev.scores[:, 0])
        if met[i] and i != best and ev.sentences[i].chunk.article_id == article
    ]
    return [best, *rest]


def _figure_support(ev: Evidence, best: int) -> float:
    """How closely the sentence a figure comes from matches the question: its evidence score, or
    the sentence before it where it opens with a pronoun that stands for that one's subject ("It
    cost $210 million." after "The 4.6-kilometre extension adds four stops ...")."""
    s = ev.sentences[best]
    score = float(ev.scores[best, 0])
    if not _PRONOUN_OPENING.match(s.text):
        return score
    before = [
        i
        for i, other in enumerate(ev.sentences)
        if other.chunk.id == s.chunk.id and other.end <= s.start
    ]
    if not before:
        return score
    previous = max(before, key=lambda i: ev.sentences[i].end)
    return max(score, float(ev.scores[previous, 0]))


_PRONOUN_OPENING = re.compile(rf"\s*(?:{'|'.join(lexicon.OPENING_PRONOUNS)})\b", re.IGNORECASE)


def _nearby(s: Sentence) -> str:
    """The sentence and one either side of it (in its chunk)."""
    chunk = s.chunk
    bounds = [(chunk.start + a, chunk.start + b) for a, b in _sentences(chunk.text)]
    at = next((n for n, (a, b) in enumerate(bounds) if a <= s.start < b), None)
    if at is None:
        return s.text
    first, last = bounds[max(0, at - 1)][0], bounds[min(len(bounds) - 1, at + 1)][1]
    return chunk.text[first - chunk.start : last - chunk.start]


def _year_near(years: Sequence[str], s: Sentence, dated: Sequence[str] = ()) -> bool:
    """Whether the sentence, a sentence either side of it, its article's title or its date
    names one of the question's years, and the sentence no other year of the thing asked
    (constraints.year_near)."""
    return year_near(years, _nearby(s), s.chunk.title, s.chunk.published_at, s.text, dated)


def _places(question: str, sentence: str) -> bool:
    """Whether the sentence states the placing the question asks for ("runner-up" for "second")
    or says who was beaten (lexicon.PLACINGS, lexicon.BEATING_WORDS): a sentence on the race's
    organiser places no one."""
    asked = {n for n, forms in enumerate(lexicon.PLACINGS) if forms.search(question)}
    return bool(lexicon.BEATING_WORDS.search(sentence)) or any(
        lexicon.PLACINGS[n].search(sentence) for n in asked
    )


def _says_won(nlp: Language, sentence: str, written: str) -> bool:
    """Whether the sentence says the name written in it won (qa.clauses.won)."""
    at = sentence.find(written)
    return at >= 0 and clauses.won(nlp, sentence, at, at + len(written))


def _rivals(question: str, wanted: Constraints) -> tuple[Name, ...]:
    """The two sides of "Who won the final between Halden and Corvane?" as the question's tagged
    names (voting.rivals), one of which is the answer; () for any other question."""
    sides = [
        next((n for n in wanted.names if n.text in side or side in n.text), None)
        for side in voting.rivals(question)
    ]
    return tuple(n for n in sides if n is not None) if len(sides) == 2 and all(sides) else ()


def _held(wanted: Constraints, titled: bool) -> Constraints:
    """The constraints each article is held to: years always; names where the article has a
    title, never places (lexicon.LOOSE_LABELS); in an untitled one (a search snippet, which
    rarely repeats its subject) only the names of things, an event, work, product or law
    (lexicon.THING_LABELS): a snippet that never names the film asked about is not about it."""
    if not titled:
        things = tuple(n for n in wanted.names if n.label in lexicon.THING_LABELS)
        return Constraints(wanted.years, things, quarters=wanted.quarters)
    names = tuple(n for n in wanted.names if n.label not in lexicon.LOOSE_LABELS)
    return Constraints(wanted.years, names, quarters=wanted.quarters)


def _distinct(quotes: Sequence[Quote]) -> list[Quote]:
    seen: set[tuple[str, int]] = set()
    out = []
    for q in quotes:
        key = (q.sentence.chunk.article_id, q.start)
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out
