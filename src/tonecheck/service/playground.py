"""The playground page served at ``/``: paste a message (optionally as a template, with facts about
the account and its jurisdiction), see scores, findings, strengths and the rewrite as a word diff.

One self-contained HTML document with inline CSS and JavaScript: no font, script or image is
fetched from anywhere, so it works on an offline machine and leaks nothing. The Content-Security-
Policy allows only this page's own script and style (by hash) and requests to this server, so even
a finding message that somehow contained markup could not load or run anything. The script builds
the page with ``textContent`` only, never ``innerHTML``, for the same reason.
"""

from __future__ import annotations

import base64
import hashlib

_STYLE = """
:root { --bad: #b3261e; --mid: #a05a00; --good: #1e6b34; --ink: #1c1b1f; --muted: #5f5b66;
        --line: #d9d6de; --bg: #faf9fc; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45; }
header { padding: 1rem 1.5rem; border-bottom: 1px solid var(--line); background: #fff; }
header h1 { margin: 0; font-size: 1.25rem; }
header p { margin: .25rem 0 0; color: var(--muted); font-size: .9rem; }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem;
       padding: 1.5rem; max-width: 1200px; margin: 0 auto; }
@media (max-width: 800px) { main { grid-template-columns: 1fr; } }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
h2 { font-size: 1rem; margin: 0 0 .75rem; }
* + h2 { margin-top: 1.25rem; }
label { display: block; font-size: .85rem; color: var(--muted); margin-bottom: .25rem; }
textarea { width: 100%; min-height: 14rem; font: inherit; padding: .6rem; border: 1px solid var(--line);
           border-radius: 6px; resize: vertical; }
.row { display: flex; gap: .75rem; flex-wrap: wrap; align-items: end; margin-top: .75rem; }
select, input { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 6px; }
button { font: inherit; padding: .45rem 1.2rem; border-radius: 6px; border: 1px solid #3b3561;
         background: #3b3561; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #3b3561; }
button:disabled { opacity: .6; cursor: progress; }
#status { min-height: 1.3rem; margin-top: .5rem; font-size: .9rem; color: var(--muted); }
#status.error { color: var(--bad); }
.scores { display: grid; grid-template-columns: repeat(5, 1fr); gap: .5rem; }
.score { border: 1px solid var(--line); border-radius: 6px; padding: .5rem; text-align: center; }
.score .name { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.score .value { font-size: 1.6rem; font-weight: 700; }
.bar { height: 6px; background: #eee; border-radius: 3px; overflow: hidden; margin-top: .25rem; }
.bar span { display: block; height: 100%; width: 0; background: var(--muted); }
.low .value { color: var(--bad); } .low .bar span { background: var(--bad); }
.fair .value { color: var(--mid); } .fair .bar span { background: var(--mid); }
.high .value { color: var(--good); } .high .bar span { background: var(--good); }
#highlighted { white-space: pre-wrap; word-wrap: break-word; border: 1px dashed var(--line);
               border-radius: 6px; padding: .6rem; min-height: 3rem; }
mark { background: #fde7b0; border-bottom: 2px solid var(--mid); padding: 0 1px; }
mark.error { background: #f9d0cc; border-bottom-color: var(--bad); }
mark.suggestion { background: #e3ecfa; border-bottom-color: #3d6cb3; }
ol { padding-left: 1.25rem; margin: 0; }
li { margin-bottom: .6rem; }
.sev { display: inline-block; font-size: .7rem; font-weight: 700; text-transform: uppercase;
       padding: 0 .35rem; border-radius: 3px; margin-right: .35rem; color: #fff; background: var(--mid); }
.sev.error { background: var(--bad); } .sev.suggestion { background: #3d6cb3; }
.rule { font-family: ui-monospace, monospace; font-size: .75rem; color: var(--muted); }
.quote { font-style: italic; color: var(--muted); }
.fix { font-size: .9rem; margin-top: .15rem; }
#rewrite { white-space: pre-wrap; word-wrap: break-word; background: #f3f7f3; border-radius: 6px;
           padding: .6rem; min-height: 3rem; margin: 0; font: inherit; }
.empty { color: var(--muted); font-style: italic; }
.sev.strength { background: var(--good); }
details { margin-top: .75rem; }
summary { cursor: pointer; color: var(--muted); font-size: .9rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .5rem .75rem;
        margin-top: .5rem; }
.grid input, .grid select { width: 100%; }
.check { display: flex; gap: .4rem; align-items: center; font-size: .9rem; }
.check input { width: auto; }
#diff { white-space: pre-wrap; word-wrap: break-word; border: 1px solid var(--line); border-radius: 6px;
        padding: .6rem; min-height: 3rem; margin: 0 0 .5rem; }
del { background: #f9d0cc; color: var(--bad); }
ins { background: #d6eedb; color: var(--good); text-decoration: none; }
"""

_SCRIPT = """
"use strict";
const $ = (id) => document.getElementById(id);
const DIMENSIONS = ["respect", "clarity", "empathy", "transparency", "overall"];
const SAMPLE = "FINAL WARNING!!! You have ignored every letter we sent. Pay the full amount now " +
  "or we will have you arrested and tell your employer.";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function post(path, payload) {
  const headers = {"Content-Type": "application/json"};
  const token = $("token").value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  const response = await fetch(path, {method: "POST", headers, body: JSON.stringify(payload)});
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) {
    throw new Error((data && data.message) || ("HTTP " + response.status));
  }
  return data;
}

function showScores(scores) {
  for (const name of DIMENSIONS) {
    const value = scores[name];
    const box = $("box-" + name);
    box.classList.remove("low", "fair", "high");
    box.classList.add(value < 50 ? "low" : value < 75 ? "fair" : "high");
    $("score-" + name).textContent = String(Math.round(value));
    box.dataset.score = String(value);
    $("bar-" + name).style.width = Math.max(0, Math.min(100, value)) + "%";
  }
}

// Offsets in a report count Unicode code points (Python str), not UTF-16 units as JS strings do.
function showHighlighted(text, findings) {
  const target = $("highlighted");
  target.replaceChildren();
  const chars = Array.from(text);
  const spans = findings.filter((f) => f.end > f.start);
  const cuts = new Set([0, chars.length]);
  for (const f of spans) { cuts.add(Math.min(f.start, chars.length)); cuts.add(Math.min(f.end, chars.length)); }
  const points = Array.from(cuts).sort((a, b) => a - b);
  const rank = {error: 3, warning: 2, suggestion: 1};
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = chars.slice(a, b).join("");
    const covering = spans.filter((f) => f.start <= a && b <= f.end);
    if (!covering.length) { target.append(document.createTextNode(piece)); continue; }
    covering.sort((x, y) => rank[y.severity] - rank[x.severity]);
    const mark = el("mark", covering[0].severity, piece);
    mark.title = covering.map((f) => f.message).join("\\n");
    target.append(mark);
  }
  if (!chars.length) target.append(el("span", "empty", "(empty message)"));
}

// Word-level differences between the message and its rewrite (longest common subsequence over
// words, each with the spaces after it), so a reviewer sees exactly what would change and a run of
// removed words shows as one struck phrase rather than word by word.
function words(text) { return text.match(/^\\s+|\\S+\\s*/g) || []; }

function wordDiff(before, after) {
  const a = words(before), b = words(after);
  if (a.length * b.length > 4000000) return null;
  const n = a.length, m = b.length;
  const lcs = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const parts = [];
  const push = (kind, text) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text; else parts.push({kind, text});
  };
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { push("same", a[i]); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { push("ins", b[j]); j++; }
    else { push("del", a[i]); i++; }
  }
  return parts;
}

function showRewrite(before, after) {
  const diff = $("diff");
  diff.replaceChildren();
  $("rewrite").textContent = after;
  $("rewrite").className = "";
  if (after === before) {
    diff.append(el("span", "empty", "No change suggested: the rewrite is the message as written."));
    diff.dataset.changed = "false";
    return;
  }
  diff.dataset.changed = "true";
  const parts = wordDiff(before, after);
  if (parts === null) { diff.append(el("span", "empty", "Too long to compare word by word.")); return; }
  for (const part of parts) {
    diff.append(part.kind === "same" ? document.createTextNode(part.text) : el(part.kind, "", part.text));
  }
}

// Only the context fields a person filled in are sent; an empty form sends no context at all.
function readContext() {
  const context = {};
  for (const name of ["name", "amount", "currency", "due_date", "creditor", "contact",
                      "jurisdiction", "sender_type"]) {
    const value = $("ctx-" + name).value.trim();
    if (value) context[name] = value;
  }
  return Object.keys(context).length ? context : null;
}

function showFindings(listId, items, emptyText) {
  const list = $(listId);
  list.replaceChildren();
  if (!items.length) { list.append(el("li", "empty", emptyText)); return; }
  for (const f of items) {
    const item = el("li", "finding");
    item.dataset.rule = f.rule;
    const badge = listId === "strengths" ? "strength" : f.severity;
    item.append(el("span", "sev " + badge, badge));
    item.append(el("span", "message", f.message + " "));
    item.append(el("span", "rule", f.rule));
    if (f.span) item.append(el("div", "quote", "\\u201c" + f.span + "\\u201d"));
    for (const s of f.suggestions || []) {
      const words = s.text ? (s.description ? s.description + ": " : "") + s.text : s.description;
      if (words) item.append(el("div", "fix", "\\u2192 " + words));
    }
    list.append(item);
  }
}

async function runCheck() {
  const button = $("check");
  const status = $("status");
  const payload = {
    text: $("message").value,
    channel: $("channel").value,
    stage: $("stage").value || null,
    context: readContext(),
    template: $("template").checked,
  };
  button.disabled = true;
  document.body.dataset.state = "busy";
  status.className = "";
  status.textContent = "Checking\\u2026";
  try {
    const report = await post("/v1/check", payload);
    showScores(report.scores);
    showHighlighted(payload.text, report.findings);
    showFindings("findings", report.findings, "No problems found.");
    showFindings("strengths", report.strengths, "Nothing noted yet.");
    $("stage-out").textContent = report.stage + (report.stage_detected ? " (detected)" : "") +
      " \u00b7 packs: " + report.packs.join(", ");
    const revised = await post("/v1/rewrite", payload);
    showRewrite(payload.text, revised.text);
    status.textContent = report.findings.length + " finding(s).";
    document.body.dataset.state = "done";
  } catch (error) {
    status.className = "error";
    status.textContent = "Error: " + error.message;
    document.body.dataset.state = "error";
  } finally {
    button.disabled = false;
  }
}

$("check").addEventListener("click", runCheck);
$("sample").addEventListener("click", () => { $("message").value = SAMPLE; $("message").focus(); });
$("message").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runCheck();
});
"""

_SCORE_BOXES = "\n".join(
    f'<div class="score" id="box-{name}"><div class="name">{name}</div>'
    f'<div class="value" id="score-{name}">\u2013</div><div class="bar"><span id="bar-{name}"></span>'
    "</div></div>"
    for name in ("respect", "clarity", "empathy", "transparency", "overall")
)

_STAGES = ("reminder", "overdue", "final-notice", "payment-plan", "thank-you", "other")
_STAGE_OPTIONS = "".join(f'<option value="{s}">{s}</option>' for s in _STAGES)

PLAYGROUND_HTML = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tonecheck playground</title>
<link rel="icon" href="data:,">
<style>{_STYLE}</style>
</head>
<body data-state="idle">
<header>
  <h1>tonecheck playground</h1>
  <p>Check the tone of a debt-collection message before it is sent. Findings are risk signals,
  not legal advice. Nothing you paste leaves this server.</p>
</header>
<main>
  <section aria-labelledby="input-title">
    <h2 id="input-title">Message</h2>
    <label for="message">Paste the message</label>
    <textarea id="message" spellcheck="true" placeholder="Dear customer, ..."></textarea>
    <div class="row">
      <div><label for="channel">Channel</label>
        <select id="channel"><option value="email">email</option><option value="sms">sms</option>
        <option value="letter">letter</option><option value="voice">voice</option></select></div>
      <div><label for="stage">Stage</label>
        <select id="stage"><option value="">detect</option>{_STAGE_OPTIONS}</select></div>
      <div><label for="token">API token (if required)</label>
        <input id="token" type="password" autocomplete="off" size="14"></div>
      <button id="check" type="button">Check</button>
      <button id="sample" type="button" class="secondary">Example</button>
    </div>
    <details id="more">
      <summary>Template mode and facts about the account</summary>
      <label class="check"><input id="template" type="checkbox"> The message is a template with
        merge fields ({{{{amount}}}}, [NAME], %DUE_DATE%, ...)</label>
      <div class="grid">
        <div><label for="ctx-jurisdiction">Jurisdiction</label>
          <select id="ctx-jurisdiction"><option value="">not stated</option>
          <option value="us">us (FDCPA, Regulation F)</option><option value="uk">uk (FCA CONC)</option>
          </select></div>
        <div><label for="ctx-sender_type">Sender</label>
          <select id="ctx-sender_type"><option value="">not stated</option>
          <option value="creditor">creditor</option><option value="collector">collector</option>
          </select></div>
        <div><label for="ctx-name">Customer name</label><input id="ctx-name" autocomplete="off"></div>
        <div><label for="ctx-amount">Amount owed</label>
          <input id="ctx-amount" inputmode="decimal" placeholder="120.00" autocomplete="off"></div>
        <div><label for="ctx-currency">Currency</label>
          <input id="ctx-currency" placeholder="GBP" size="5" autocomplete="off"></div>
        <div><label for="ctx-due_date">Due date</label><input id="ctx-due_date" type="date"></div>
        <div><label for="ctx-creditor">Creditor</label><input id="ctx-creditor" autocomplete="off"></div>
        <div><label for="ctx-contact">Contact</label>
          <input id="ctx-contact" placeholder="0800 123 4567" autocomplete="off"></div>
      </div>
    </details>
    <div id="status" role="status" aria-live="polite"></div>
    <h2>Highlighted</h2>
    <div id="highlighted"><span class="empty">Findings will be marked here.</span></div>
  </section>
  <section aria-labelledby="result-title">
    <h2 id="result-title">Scores <span class="rule" id="stage-out"></span></h2>
    <div class="scores">{_SCORE_BOXES}</div>
    <h2>Findings</h2>
    <ol id="findings"><li class="empty">Click Check to see findings.</li></ol>
    <h2>What works</h2>
    <ol id="strengths"><li class="empty">\u2013</li></ol>
    <h2>Suggested rewrite</h2>
    <div id="diff" aria-label="Changes: removed words struck through, added words underlined">
      <span class="empty">\u2013</span></div>
    <pre id="rewrite" class="empty">\u2013</pre>
  </section>
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _sha256(source: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()
        + "'"
    )


#: Headers sent with the page: only its own inline script and style may run, only this server
#: may be called, and no other site may frame it.
PLAYGROUND_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; script-src {_sha256(_SCRIPT)}; style-src {_sha256(_STYLE)}; "
        "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
