// Newsdesk chat page: no build step, no framework. Article text is untrusted: it only ever
// reaches the page through textContent / createTextNode, never as HTML.
"use strict";

const CONTEXT_CHARS = 600; // around a quote when its paragraph is very long
const $ = (id) => document.getElementById(id);
const history = []; // {role, content}: the conversation sent with every question
const articleCache = new Map();

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("api-key").value.trim();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

function filters() {
  const f = {};
  for (const name of ["source", "since", "until"]) {
    const value = $(name).value.trim();
    if (value) f[name] = value;
  }
  return f;
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    return body.error ? body.error.message : `HTTP ${response.status}`;
  } catch (_) {
    return `HTTP ${response.status}`;
  }
}

// --- streaming -------------------------------------------------------------------------------
async function* sseData(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of block.split("\n")) {
        if (line.startsWith("data: ")) yield line.slice(6);
      }
    }
  }
}

async function ask(question) {
  const turn = addTurn("assistant", "");
  turn.item.dataset.state = "streaming";
  const messages = [...history, { role: "user", content: question }];
  let text = "";
  let final = null;
  try {
    const response = await fetch("/v1/chat/completions", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ model: "newsdesk", messages, stream: true, filters: filters() }),
    });
    if (!response.ok) throw new Error(await errorMessage(response));
    for await (const data of sseData(response)) {
      if (data === "[DONE]") break;
      const chunk = JSON.parse(data);
      if (chunk.error) throw new Error(chunk.error.message || "the answer stream failed");
      const choice = (chunk.choices || [])[0];
      if (choice && choice.delta && choice.delta.content) {
        text += choice.delta.content;
        turn.text.textContent = text;
      }
      if (chunk.citations) final = chunk;
    }
  } catch (err) {
    turn.item.classList.add("error");
    turn.text.textContent = `Sorry, that failed: ${err.message}`;
    turn.item.dataset.state = "error";
    return;
  }
  history.push({ role: "user", content: question }, { role: "assistant", content: text });
  renderAnswer(turn, text, final ? final.citations : [], final ? final.newsdesk : null);
}

// --- rendering -------------------------------------------------------------------------------
function addTurn(role, text) {
  const item = el("li", `turn ${role}`);
  const body = el("div", "text", text);
  item.append(body);
  $("log").append(item);
  item.scrollIntoView({ block: "end" });
  return { item, text: body };
}

function renderAnswer(turn, text, citations, info) {
  const byN = new Map(citations.map((c) => [c.n, c]));
  turn.text.replaceChildren();
  for (const part of text.split(/(\[\d+\])/)) {
    const n = part.match(/^\[(\d+)\]$/);
    const citation = n && byN.get(Number(n[1]));
    turn.text.append(citation ? citeButton(citation) : document.createTextNode(part));
  }
  if (info && info.abstained) {
    turn.item.classList.add("abstained");
    turn.item.prepend(el("span", "badge", "No answer in the articles"));
    if (citations.length) turn.item.append(nearestPassages(citations));
  }
  turn.item.dataset.state = "done";
}

function citeButton(citation) {
  const button = el("button", "cite", `[${citation.n}]`);
  button.type = "button";
  button.dataset.n = String(citation.n);
  button.setAttribute("aria-pressed", "false");
  const label = citation.title || citation.article_id;
  button.setAttribute("aria-label", `Source ${citation.n}: ${label}`);
  button.addEventListener("click", () => showQuote(citation, button));
  return button;
}

function nearestPassages(citations) {
  const list = el("ul", "sources");
  list.setAttribute("aria-label", "Nearest passages");
  for (const c of citations) {
    const item = el("li");
    item.append(citeButton(c), document.createTextNode(` ${c.title || c.article_id}`));
    list.append(item);
  }
  return list;
}

// --- the cited passage -----------------------------------------------------------------------
async function article(id) {
  if (!articleCache.has(id)) {
    const response = await fetch(`/v1/articles/${encodeURIComponent(id)}`, { headers: headers() });
    if (!response.ok) throw new Error(await errorMessage(response));
    articleCache.set(id, await response.json());
  }
  return articleCache.get(id);
}

// Citation offsets count code points (Python's str); JS strings index UTF-16 units, which differ
// after any character outside the BMP (emoji): convert before slicing.
function utf16Offset(text, codePoints) {
  let units = 0;
  let seen = 0;
  for (const ch of text) {
    if (seen === codePoints) break;
    units += ch.length;
    seen += 1;
  }
  return units;
}

function paragraphAround(text, start, end) {
  let from = text.lastIndexOf("\n", Math.max(0, start - 1)) + 1;
  let to = text.indexOf("\n", end);
  if (to < 0) to = text.length;
  from = Math.max(from, start - CONTEXT_CHARS);
  to = Math.min(to, end + CONTEXT_CHARS);
  return { from, to };
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url || "") ? url : "";
}

async function showQuote(citation, button) {
  const panel = $("quote");
  document.querySelectorAll('button.cite[aria-pressed="true"]').forEach((b) =>
    b.setAttribute("aria-pressed", "false"));
  button.setAttribute("aria-pressed", "true");
  panel.hidden = false;
  $("quote-title").textContent = citation.title || citation.article_id;
  $("quote-meta").textContent = "";
  $("quote-link").replaceChildren();
  const box = $("quote-text");
  box.replaceChildren(document.createTextNode("Loading…"));
  let doc;
  try {
    doc = await article(citation.article_id);
  } catch (err) {
    box.replaceChildren(el("mark", "", citation.quote));
    $("quote-meta").textContent = `Could not load the article: ${err.message}`;
    return;
  }
  const start = utf16Offset(doc.text, citation.start);
  const end = utf16Offset(doc.text, citation.end);
  const { from, to } = paragraphAround(doc.text, start, end);
  box.replaceChildren(
    document.createTextNode((from > 0 ? "…" : "") + doc.text.slice(from, start)),
    el("mark", "", doc.text.slice(start, end)),
    document.createTextNode(doc.text.slice(end, to) + (to < doc.text.length ? "…" : "")),
  );
  const date = (doc.published_at || "").slice(0, 10);
  $("quote-meta").textContent = [doc.source, date].filter(Boolean).join(" · ");
  const url = safeUrl(doc.url);
  if (url) {
    const link = el("a", "", url);
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    $("quote-link").append(link);
  }
  $("quote-title").focus();
}

// --- wiring ----------------------------------------------------------------------------------
async function loadSources() {
  try {
    const response = await fetch("/v1/articles?limit=1000", { headers: headers() });
    if (!response.ok) return;
    const sources = new Set((await response.json()).articles.map((a) => a.source).filter(Boolean));
    const list = $("sources");
    list.replaceChildren(...[...sources].sort().map((s) => Object.assign(el("option"), { value: s })));
  } catch (_) {
    // the outlet box still works as free text
  }
}

function submit(event) {
  event.preventDefault();
  const box = $("question");
  const question = box.value.trim();
  if (!question || $("send").disabled) return;
  box.value = "";
  addTurn("user", question);
  $("send").disabled = true;
  ask(question).finally(() => {
    $("send").disabled = false;
    box.focus();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  $("ask").addEventListener("submit", submit);
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) submit(event);
  });
  $("new-chat").addEventListener("click", () => {
    history.length = 0;
    $("log").replaceChildren();
    $("quote").hidden = true;
    $("question").focus();
  });
  $("quote-close").addEventListener("click", () => {
    $("quote").hidden = true;
    $("question").focus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("quote").hidden) $("quote").hidden = true;
  });
  $("api-key").addEventListener("change", loadSources);
  loadSources();
  $("question").focus();
});
