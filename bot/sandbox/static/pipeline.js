// The Pipeline panel: a reading sent to the bot's readings API as a CI job sends it.
// The sandbox makes the HTTP call (POST /sandbox/push); the panel shows the status and body the
// bot answered, unchanged. Uses send(), state and $() from sandbox.js.
"use strict";

const OPTIONAL = ["note", "source_url", "run_id"];

// The reading's JSON object as a pipeline would build it: the value as a number when it is one
// (otherwise as typed, so the API's own answer shows), empty optional fields left out.
function readingOf(form) {
  const reading = {};
  const project = form.elements.project.value.trim();
  if (project) reading.project = project;
  const typed = form.elements.value.value.trim();
  if (typed) reading.value = typed !== "" && Number.isFinite(Number(typed)) ? Number(typed) : typed;
  for (const name of OPTIONAL) {
    const given = form.elements[name].value.trim();
    if (given) reading[name] = given;
  }
  return reading;
}

function showResult(text, failed) {
  const out = $("pipeline-result");
  out.textContent = text;
  out.classList.toggle("failed", Boolean(failed));
  out.hidden = false;
}

$("pipeline-toggle").addEventListener("click", () => {
  const panel = $("pipeline");
  panel.hidden = !panel.hidden;
  $("pipeline-toggle").classList.toggle("active", !panel.hidden);
  if (!panel.hidden) panel.elements.token.focus();
});

$("pipeline").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = $("pipeline");
  const button = form.querySelector("[data-testid=pipeline-push]");
  button.disabled = true;
  try {
    const answer = await send("push", { user: state.user, token: form.elements.token.value, reading: readingOf(form) });
    if (answer.status === undefined) { showResult(answer.error || "The sandbox could not send it.", true); return; }
    const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body, null, 2);
    showResult(`HTTP ${answer.status} ${answer.reason}\n${body}`, answer.status >= 300);
  } finally { button.disabled = false; }
});

// Runs /mlproject token create as the acting person (in their DM with the app, as they would
// type it) and copies the token from the reply, which only they see, into the token field.
$("pipeline-new-token").addEventListener("click", async () => {
  const name = `sandbox-${Date.now().toString(36).slice(-5)}`;
  const before = new Set((state.data?.messages || []).map((m) => m.ts));
  const answer = await send("command", { user: state.user, channel: "D" + state.user, text: `/mlproject token create ${name}` });
  if (!answer.ok) { showResult(answer.error || "The sandbox could not run the command.", true); return; }
  for (let tries = 0; tries < 20; tries += 1) {
    const replies = (state.data?.messages || []).filter((m) => !before.has(m.ts) && m.ephemeral && m.user !== state.user);
    const texts = replies.map((m) => `${m.text || ""} ${JSON.stringify(m.blocks || [])}`);
    const token = texts.map((t) => t.match(/mls_[A-Za-z0-9_-]+/)).find(Boolean);
    if (token) {
      $("pipeline").elements.token.value = token[0];
      showResult(`Token ${name} created and filled in (the bot showed it once, in your DM with MLScope).`, false);
      return;
    }
    if (replies.length) { showResult(`The bot answered: ${replies[replies.length - 1].text}`, true); return; }
    await new Promise((done) => setTimeout(done, 300));
    await poll(true);
  }
  showResult("No token came back; see the MLScope DM for the bot's answer.", true);
});
