"""The chat page in Debian's Chromium (headless, driven by Playwright): stream, cite, stay inert."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.test_app_e2e import SAMPLE_QUESTION, build_sample_store, running_server

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAYLOAD = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">'
HOSTILE = {
    "id": "lighthouse",
    "title": f"Lighthouse lens restored {PAYLOAD}",
    "source": "Harbour Herald",
    "published_at": "2025-02-11",
    "url": "javascript:window.__pwned=1",
    "body": "The harbour museum restored the old lighthouse lens this winter. "
    f"{PAYLOAD} Curator Nora Lindqvist polished the lens by hand over six months.",
}

EMOJI = {  # offsets count code points; the page must not slice UTF-16 units
    "id": "regatta",
    "title": "Regatta day",
    "source": "Harbour Herald",
    "published_at": "2025-06-01",
    "body": "Fans posted 🎉🎉🎉 and 🚢 all afternoon. "
    "The rowing crew from Kessel Bay won the autumn regatta by two lengths.",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":  # CI must run the browser test, never skip it
            pytest.fail("Debian's chromium is missing: make install-test could not install it")
        pytest.skip("Debian's chromium is not installed (make install-test installs it)")
    pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")
    tmp = tmp_path_factory.mktemp("web")
    build_sample_store(tmp / "store")
    with running_server(tmp / "store", tmp / "server.log") as url:
        assert httpx.post(f"{url}/v1/articles", json=HOSTILE, timeout=120).status_code == 201
        assert httpx.post(f"{url}/v1/articles", json=EMOJI, timeout=120).status_code == 201
        yield url


@pytest.fixture
def page(site: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.set_default_timeout(30_000)
        page.goto(site)
        yield page
        browser.close()


def ask(page: object, question: str, sent: dict[str, object] | None = None) -> object:
    """Type, press Enter (the keyboard path), wait for the streamed answer to finish.

    Checks that the page asked for a stream and got server-sent events; `sent` receives the
    request body the page posted.
    """
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    box = page.locator("#question")
    box.fill(question)
    with page.expect_response("**/v1/chat/completions") as info:
        box.press("Enter")
    response = info.value
    body = response.request.post_data_json
    assert body["stream"] is True and body["messages"][-1]["content"] == question
    assert response.headers["content-type"].startswith("text/event-stream")
    if sent is not None:
        sent.update(body)
    answer = page.locator("li.turn.assistant").last
    answer.and_(page.locator("[data-state=done]")).wait_for()
    return answer


def test_ask_see_the_streamed_answer_and_open_the_quote(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    answer = ask(page, SAMPLE_QUESTION)
    expect(answer).to_contain_text("Dave Limp")
    assert page.locator("li.turn.user").first.inner_text() == SAMPLE_QUESTION
    cite = answer.locator("button.cite[data-n='1']")  # type: ignore[attr-defined]
    cite.focus()
    page.keyboard.press("Enter")  # a citation opens from the keyboard too
    expect(page.locator("#quote")).to_be_visible()
    expect(page.locator("#quote mark")).to_contain_text("Dave Limp")
    expect(page.locator("#quote-title")).to_contain_text("Bezos")
    expect(page.locator("#quote-title")).to_be_focused()
    paragraph = page.locator("#quote-text").inner_text()
    assert len(paragraph) > len(page.locator("#quote mark").inner_text()), "context around it"


def test_quotes_after_emoji_are_highlighted_exactly(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    answer = ask(page, "Which crew won the autumn regatta?")
    expect(answer).to_contain_text("Kessel Bay")
    answer.locator("button.cite[data-n='1']").click()  # type: ignore[attr-defined]
    expect(page.locator("#quote mark")).to_have_text(
        "The rowing crew from Kessel Bay won the autumn regatta by two lengths."
    )


def test_a_follow_up_uses_the_conversation(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    ask(page, SAMPLE_QUESTION)
    sent: dict[str, object] = {}
    follow = ask(page, "How many government-contracted launches does Blue Origin have?", sent)
    assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]  # type: ignore[attr-defined]
    expect(follow).to_contain_text("seven")
    expect(page.locator("li.turn")).to_have_count(4)


def test_abstentions_are_marked(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    answer = ask(page, "What is the boiling point of liquid nitrogen in kelvin?")
    expect(answer).to_have_class("turn assistant abstained")
    expect(answer.locator(".badge")).to_have_text("No answer in the articles")  # type: ignore[attr-defined]


def test_article_html_stays_inert_text(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.fill("#source", "Harbour Herald")  # the outlet filter goes with the question
    sent: dict[str, object] = {}
    answer = ask(page, "Who polished the lighthouse lens?", sent)
    assert sent["filters"] == {"source": "Harbour Herald"}
    expect(answer).to_contain_text("Nora Lindqvist")
    answer.locator("button.cite").first.click()  # type: ignore[attr-defined]
    expect(page.locator("#quote mark")).to_contain_text("Nora Lindqvist")
    expect(page.locator("#quote-text")).to_contain_text("<script>window.__pwned=1</script>")
    expect(page.locator("#quote-title")).to_contain_text("<img src=x")
    assert page.locator("#quote img, #quote script, #log img, #log script").count() == 0
    assert page.locator("#quote-link a").count() == 0, "a javascript: URL is never a link"
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
