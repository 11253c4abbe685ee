// The sandbox page: renders what the stand-in holds (Block Kit included) and sends what a person
// does to /sandbox/*, where the stand-in turns it into signed Slack requests to the real bot.
"use strict";

const $ = (id) => document.getElementById(id);
// This run's token, served in the page: the sandbox answers reads and actions only when they carry it.
const TOKEN = document.querySelector('meta[name="sandbox-token"]')?.content || "";
const withToken = (url) => `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(TOKEN)}`;  // for <img src>
const state = { user: localStorage.getItem("sandbox.user") || "U1", where: localStorage.getItem("sandbox.where") || "C1",
  tab: "home", data: null, version: null, modalKey: null, homeKey: null, timelineHtml: null };

// ---------------------------------------------------------------- text
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const unentity = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const EMOJI = { white_check_mark: "✅", warning: "⚠️", x: "❌", tada: "🎉", bell: "🔔", chart_with_upwards_trend: "📈",
  calendar: "📅", robot_face: "🤖", hourglass: "⌛", memo: "📝", rotating_light: "🚨", arrow_right: "➡️" };
const emoji = (s) => s.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] || m);
const userName = (id) => { const u = (state.data?.users || []).find((x) => x.id === id); return u ? u.name : id === state.data?.bot.id ? "MLScope" : id; };
const channelName = (id) => { const c = (state.data?.channels || []).find((x) => x.id === id); return c ? c.name : id; };

// <!date^unix^format^link|fallback>, shown in the reader's own timezone as Slack does
// (https://docs.slack.dev/messaging/formatting-message-text#date-formatting).
function slackDate(target, fallback) {
  const [, unix, format] = target.split("^");
  const when = new Date(Number(unix) * 1000);
  if (!format || Number.isNaN(when.getTime())) return fallback || "";
  const timeZone = state.data?.users.find((u) => u.id === state.user)?.tz || "UTC";
  const part = (opts) => new Intl.DateTimeFormat("en-US", { timeZone, ...opts }).format(when);
  const dayOf = (d) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(d);
  const today = dayOf(state.data?.now ? new Date(state.data.now) : new Date());  // the sandbox clock
  const shift = (days) => dayOf(new Date(new Date(`${today}T12:00:00Z`).getTime() + days * 86400000));
  const pretty = (otherwise) => {
    const day = dayOf(when);
    return day === today ? "today" : day === shift(-1) ? "yesterday" : day === shift(1) ? "tomorrow" : otherwise;
  };
  const tokens = {
    date_num: dayOf(when),
    date: part({ month: "long", day: "numeric", year: "numeric" }),
    date_short: part({ month: "short", day: "numeric", year: "numeric" }),
    date_long: part({ weekday: "long", month: "long", day: "numeric", year: "numeric" }),
    time: part({ hour: "numeric", minute: "2-digit" }),
    time_secs: part({ hour: "numeric", minute: "2-digit", second: "2-digit" }),
  };
  tokens.date_pretty = pretty(tokens.date);
  tokens.date_short_pretty = pretty(tokens.date_short);
  tokens.date_long_pretty = pretty(tokens.date_long);
  return format.replace(/\{(\w+)\}/g, (m, token) => tokens[token] ?? m);
}

function special(inner) {
  const [target, label] = inner.split("|", 2);
  if (target.startsWith("@")) return `<span class="mention">@${esc(label || userName(target.slice(1)))}</span>`;
  if (target.startsWith("#")) return `<span class="mention">#${esc(label || channelName(target.slice(1)))}</span>`;
  if (target.startsWith("!date")) return esc(slackDate(target, label));
  if (target.startsWith("!")) return `<span class="mention">@${esc(target.slice(1))}</span>`;
  const href = unentity(target);
  if (/^(https?:|mailto:)/i.test(href)) return `<a href="${esc(href)}" target="_blank" rel="noopener">${esc(unentity(label || target))}</a>`;
  return esc(unentity(label || target));
}

// Slack mrkdwn -> safe HTML: links and mentions first, then escaping, then *bold* _italic_ ~strike~ `code`.
function mrkdwn(text) {
  const keep = [];
  const hold = (html) => `\u0000${keep.push(html) - 1}\u0000`;
  let s = String(text ?? "");
  s = s.replace(/```([\s\S]*?)```/g, (m, code) => hold(`<pre>${esc(unentity(code))}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (m, code) => hold(`<code>${esc(unentity(code))}</code>`));
  s = s.replace(/<([^<>\n]+)>/g, (m, inner) => hold(special(inner)));
  const lines = s.split("\n").map((line) => {
    const quoted = line.startsWith(">");
    let html = esc(unentity(quoted ? line.replace(/^>\s?/, "") : line));
    html = html.replace(/(^|[^\w*])\*([^*\n]+?)\*(?!\w)/g, "$1<b>$2</b>")
      .replace(/(^|[^\w])_([^_\n]+?)_(?!\w)/g, "$1<i>$2</i>")
      .replace(/(^|[^\w~])~([^~\n]+?)~(?!\w)/g, "$1<s>$2</s>");
    html = emoji(html);
    return quoted ? `<blockquote>${html}</blockquote>` : html;
  });
  let html = lines.join("<br>").replace(/<\/blockquote><br><blockquote>/g, "<br>");
  return html.replace(/\u0000(\d+)\u0000/g, (m, i) => keep[Number(i)]);
}

const textObj = (t) => !t ? "" : t.type === "mrkdwn" ? mrkdwn(t.text) : emoji(esc(t.text)).replace(/\n/g, "<br>");
const placeholder = (what, kind) => `<span class="placeholder" data-testid="placeholder">Not shown in the sandbox: ${esc(what)} <code>${esc(kind)}</code></span>`;

// ---------------------------------------------------------------- Block Kit
const BLOCK_RENDERERS = {};  // block types drawn by other files (rich-blocks.js: table, markdown): type -> (block, ctx) => html
// ctx: { container: {...} } for messages and Home; { modal: true } inside a modal (inputs collected on submit).
function renderBlocks(blocks, ctx) { return (blocks || []).map((b) => renderBlock(b, ctx)).join(""); }

function renderBlock(b, ctx) {
  const bid = esc(b.block_id || "");
  switch (b.type) {
    case "section": {
      let html = `<div class="text">${textObj(b.text)}`;
      if (b.fields) html += `<div class="fields">${b.fields.map((f) => `<div>${textObj(f)}</div>`).join("")}</div>`;
      html += "</div>";
      if (b.accessory) html += `<div class="accessory">${renderElement(b.accessory, b, ctx)}</div>`;
      return `<div class="block section" data-block-id="${bid}">${html}</div>`;
    }
    case "header": return `<div class="block header">${textObj(b.text)}</div>`;
    case "divider": return `<hr class="block divider">`;
    case "context": return `<div class="block context">${(b.elements || []).map((e) =>
      e.type === "image" ? `<img src="${esc(imageSrc(e))}" alt="${esc(e.alt_text)}">` :
      e.type === "mrkdwn" || e.type === "plain_text" ? `<span>${textObj(e)}</span>` : placeholder("context element", e.type)).join("")}</div>`;
    case "actions": return `<div class="block actions" data-block-id="${bid}">${(b.elements || []).map((e) => renderElement(e, b, ctx)).join("")}</div>`;
    case "image": return `<div class="block">${b.title ? `<div>${textObj(b.title)}</div>` : ""}<img class="image" src="${esc(imageSrc(b))}" alt="${esc(b.alt_text)}" data-testid="block-image"></div>`;
    case "input": return renderInput(b, ctx);
    default: return BLOCK_RENDERERS[b.type] ? BLOCK_RENDERERS[b.type](b, ctx) : `<div class="block">${placeholder("block", b.type)}</div>`;
  }
}

function options(el) { return el.options || (el.option_groups || []).flatMap((g) => g.options); }

// Interactive elements outside input blocks: each change or click is a block_actions payload.
function renderElement(el, block, ctx) {
  const data = `data-action-id="${esc(el.action_id)}" data-block-id="${esc(block.block_id || "")}"`;
  switch (el.type) {
    case "button": {
      const cls = el.style === "primary" ? "primary" : el.style === "danger" ? "danger" : "";
      const confirm = el.confirm ? ` data-confirm="${esc(JSON.stringify(el.confirm))}"` : "";
      const url = el.url ? ` data-url="${esc(el.url)}"` : "";
      return `<button type="button" class="${cls}" ${data} data-value="${esc(el.value ?? "")}"${confirm}${url}>${textObj(el.text)}</button>`;
    }
    case "static_select": case "overflow": {
      const opts = options(el).map((o) => `<option value="${esc(o.value)}">${esc(o.text.text)}</option>`).join("");
      return `<select ${data} data-select="1"><option value="">${el.type === "overflow" ? "⋯" : esc(el.placeholder?.text || "Choose…")}</option>${opts}</select>`;
    }
    case "image": return `<img src="${esc(imageSrc(el))}" alt="${esc(el.alt_text)}" width="64">`;
    default: return placeholder("element", el.type);
  }
}

// Inputs in modals: named by action_id, read back by readValues() when the modal is submitted.
function renderInput(b, ctx) {
  const el = b.element || {};
  const name = esc(el.action_id);
  const label = `<label class="label">${textObj(b.label)}${b.optional ? ' <span class="optional">(optional)</span>' : ""}</label>`;
  const hint = b.hint ? `<div class="hint">${textObj(b.hint)}</div>` : "";
  const ph = el.placeholder ? ` placeholder="${esc(el.placeholder.text)}"` : "";
  const users = state.data.users, channels = state.data.channels;
  let control;
  switch (el.type) {
    case "plain_text_input":
      control = el.multiline
        ? `<textarea name="${name}" data-kind="text" rows="3" maxlength="${el.max_length || 3000}"${ph}>${esc(el.initial_value || "")}</textarea>`
        : `<input type="text" name="${name}" data-kind="text" maxlength="${el.max_length || 3000}" value="${esc(el.initial_value || "")}"${ph}>`;
      break;
    case "number_input": case "email_text_input": case "url_text_input":
      control = `<input type="text" name="${name}" data-kind="text" inputmode="${el.type === "number_input" ? "decimal" : "text"}" value="${esc(el.initial_value || "")}"${ph}>`;
      break;
    case "static_select": case "users_select": case "conversations_select": case "channels_select": {
      const choices = el.type === "static_select" ? options(el).map((o) => [o.value, o.text.text])
        : el.type === "users_select" ? users.map((u) => [u.id, u.name]) : channels.map((c) => [c.id, "#" + c.name]);
      const initial = el.initial_option?.value ?? el.initial_user ?? el.initial_conversation ?? el.initial_channel ?? "";
      control = `<select name="${name}" data-kind="select"><option value="">${esc(el.placeholder?.text || "Choose…")}</option>${choices.map(([v, t]) =>
        `<option value="${esc(v)}"${v === initial ? " selected" : ""}>${esc(t)}</option>`).join("")}</select>`;
      break;
    }
    case "multi_static_select": {
      const initial = (el.initial_options || []).map((o) => o.value);
      control = `<select multiple name="${name}" data-kind="multi">${options(el).map((o) =>
        `<option value="${esc(o.value)}"${initial.includes(o.value) ? " selected" : ""}>${esc(o.text.text)}</option>`).join("")}</select>`;
      break;
    }
    case "radio_buttons": case "checkboxes": {
      const kind = el.type === "radio_buttons" ? "radio" : "checkbox";
      const initial = el.type === "radio_buttons" ? [el.initial_option?.value] : (el.initial_options || []).map((o) => o.value);
      control = `<div data-kind="${kind}" data-name="${name}">${options(el).map((o) =>
        `<label class="choice"><input type="${kind}" name="${name}" value="${esc(o.value)}"${initial.includes(o.value) ? " checked" : ""}> ${textObj(o.text)}${o.description ? `<small>${textObj(o.description)}</small>` : ""}</label>`).join("")}</div>`;
      break;
    }
    case "timepicker":
      control = `<input type="time" name="${name}" data-kind="text" value="${esc(el.initial_time || "")}">`;
      break;
    case "datepicker":
      control = `<input type="date" name="${name}" data-kind="text" value="${esc(el.initial_date || "")}">`;
      break;
    default:
      control = placeholder("input element", el.type);
  }
  return `<div class="block input" data-block-id="${esc(b.block_id)}">${label}${control}${hint}<div class="error" data-error-for="${esc(b.block_id)}"></div></div>`;
}

function readValues(form) {
  const values = {};
  form.querySelectorAll("[data-kind]").forEach((node) => {
    const kind = node.dataset.kind;
    if (kind === "text") values[node.name] = node.value === "" ? null : node.value;
    else if (kind === "select") values[node.name] = node.value || null;
    else if (kind === "multi") values[node.name] = [...node.selectedOptions].map((o) => o.value);
    else if (kind === "radio") values[node.dataset.name] = node.querySelector("input:checked")?.value ?? null;
    else if (kind === "checkbox") values[node.dataset.name] = [...node.querySelectorAll("input:checked")].map((i) => i.value);
  });
  return values;
}

// ---------------------------------------------------------------- talking to the stand-in
async function send(act, body) {
  const notice = $("notice");
  notice.hidden = true;
  try {
    const response = await fetch(`/sandbox/${act}`, { method: "POST", headers: { "Content-Type": "application/json", "X-Sandbox-Token": TOKEN }, body: JSON.stringify(body) });
    const answer = await response.json();
    if (!answer.ok && answer.error) { notice.textContent = answer.error; notice.hidden = false; }
    await poll(true);
    return answer;
  } catch (err) {
    notice.textContent = "The sandbox is not answering: is `mlscope sandbox` still running?";
    notice.hidden = false;
    return { ok: false };
  }
}

async function poll(force) {
  let data;
  try {
    const response = await fetch(`/sandbox/state?user=${encodeURIComponent(state.user)}${force || !state.data ? "" : `&since=${state.version}`}`, { headers: { "X-Sandbox-Token": TOKEN } });
    data = await response.json();
    if (!response.ok) { $("notice").textContent = data.error; $("notice").hidden = false; return; }
  } catch (err) { return; }
  showClock(data.now);
  if (data.unchanged) return;
  state.data = data;
  state.version = data.version;
  render();
}

function showClock(iso) {
  const user = state.data?.users.find((u) => u.id === state.user);
  const when = new Date(iso);
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: user?.tz || "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  $("clock").textContent = fmt.format(when);
  $("clock").dataset.iso = iso;
}

// ---------------------------------------------------------------- rendering the workspace
function render() {
  const d = state.data;
  $("team").textContent = d.team.name;
  const acting = $("acting-as");
  acting.innerHTML = d.users.map((u) => `<option value="${esc(u.id)}"${u.id === state.user ? " selected" : ""}>${esc(u.name)}${u.is_admin ? " (admin)" : ""} · ${esc(u.tz)}</option>`).join("");
  $("channels").innerHTML = d.channels.map((c) => `<li><a href="#" data-channel="${esc(c.id)}" data-testid="channel-${esc(c.id)}" class="${state.where === c.id ? "active" : ""}"># ${esc(c.name)}</a></li>`).join("");
  const inApp = state.where === "app";
  $("app-link").classList.toggle("active", inApp);
  $("app-tabs").hidden = !inApp;
  $("app-tabs").querySelectorAll("button").forEach((b) => b.classList.toggle("active", b.dataset.tab === state.tab));
  $("conversation-header").textContent = inApp ? "🤖 MLScope" : `# ${channelName(state.where)}`;
  const showHome = inApp && state.tab === "home";
  $("home").hidden = !showHome;
  $("timeline").hidden = showHome;
  $("composer").hidden = showHome;
  if (showHome) renderHome(); else renderTimeline(inApp ? "D" + state.user : state.where);
  renderModal();
  renderInspector();
}

function renderMessage(m) {
  const who = m.user === state.data.bot.id ? "MLScope" : userName(m.user);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: state.data.users.find((u) => u.id === state.user)?.tz || "UTC", hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" }).format(new Date(Number(m.ts) * 1000));
  const container = esc(JSON.stringify({ type: "message", channel: m.channel, ts: m.ts }));
  const body = m.blocks && m.blocks.length ? renderBlocks(m.blocks, {}) : `<div>${mrkdwn(m.text)}</div>`;
  const files = m.files.map((f) => `<figure class="files"><img src="${esc(withToken(f.url))}" alt="${esc(f.title)}" data-testid="file-image"><figcaption>${esc(f.title)}</figcaption></figure>`).join("");
  return `<div class="message${m.ephemeral ? " ephemeral" : ""}" data-ts="${esc(m.ts)}" data-container="${container}" data-testid="message">
    <div class="meta"><b>${esc(who)}</b>${m.user === state.data.bot.id ? " <small>APP</small>" : ""} · ${esc(time)}</div>
    ${m.ephemeral ? '<div class="only-you">Only visible to you</div>' : ""}${body}${files}</div>`;
}

function renderTimeline(channel) {
  const timeline = $("timeline");
  const atBottom = timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < 40;
  const here = state.data.messages.filter((m) => m.channel === channel);
  const top = here.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const html = top.map((m) => {
    const replies = here.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts);
    const thread = replies.length ? `<div class="thread" data-testid="thread"><div class="only-you">${replies.length} repl${replies.length === 1 ? "y" : "ies"}</div>${replies.map(renderMessage).join("")}</div>` : "";
    return renderMessage(m).replace(/<\/div>$/, `${thread}</div>`);
  }).join("") || `<p class="only-you">No messages here yet. Try <code>/mlproject help</code> or <code>/mlproject new</code>.</p>`;
  const toNewest = atBottom || state.toNewest;  // as in Slack: a channel opens at its newest message, and so does what you send
  state.toNewest = false;
  if (html !== state.timelineHtml) {  // most polls change only the API call list: keep the DOM (and any selection)
    timeline.innerHTML = html;
    state.timelineHtml = html;
  }
  if (toNewest) timeline.scrollTop = timeline.scrollHeight;
}

function renderHome() {
  const view = state.data.home;
  const key = view ? view.id + view.hash : "none";
  if (key === state.homeKey) return;
  state.homeKey = key;
  $("home").innerHTML = view ? renderBlocks(view.blocks, {}) : `<p class="only-you">Opening the Home tab…</p>`;
  $("home").dataset.container = view ? JSON.stringify({ type: "home", view_id: view.id }) : "";
}

function renderModal() {
  const view = state.data.modal;
  const overlay = $("modal-overlay");
  const key = view ? view.id + view.hash : null;
  if (key === state.modalKey) return;
  state.modalKey = key;
  overlay.hidden = !view;
  if (!view) { $("modal").innerHTML = ""; return; }
  const depth = state.data.modal_depth > 1 ? ` <span class="depth">(${state.data.modal_depth} stacked)</span>` : "";
  $("modal").dataset.viewId = view.id;
  $("modal").dataset.container = JSON.stringify({ type: "view", view_id: view.id });
  $("modal").innerHTML = `<div class="modal-title"><span>${textObj(view.title)}${depth}</span></div>
    <div class="modal-body">${renderBlocks(view.blocks, { modal: true })}</div>
    <div class="modal-footer"><button type="button" data-testid="modal-close" id="modal-close">${textObj(view.close || { type: "plain_text", text: "Cancel" })}</button>
    ${view.submit ? `<button type="submit" class="primary" data-testid="modal-submit">${textObj(view.submit)}</button>` : ""}</div>`;
}

function renderInspector() {
  const v = state.data.violations;
  $("violation-count").textContent = v.length;
  $("violation-count").classList.toggle("bad", v.length > 0);
  $("violations").innerHTML = v.length ? v.map((x) => `<li class="violation">${esc(x)}</li>`).join("") : "<li>None: every payload the bot sent is within Slack's limits.</li>";
  $("calls").innerHTML = state.data.calls.slice().reverse().map((c) => `<li><code>${esc(c.method)}</code></li>`).join("");
}

// ---------------------------------------------------------------- what a person does
function containerOf(node) {
  const holder = node.closest("[data-container]");
  return holder ? JSON.parse(holder.dataset.container) : null;
}

function askConfirm(confirm) {
  return new Promise((resolve) => {
    const box = $("confirm");
    box.innerHTML = `<div class="modal-title"><span>${textObj(confirm.title)}</span></div><div class="modal-body">${textObj(confirm.text)}</div>
      <div class="modal-footer"><button type="button" data-answer="no" data-testid="confirm-deny">${textObj(confirm.deny || { type: "plain_text", text: "Cancel" })}</button>
      <button type="button" data-answer="yes" class="${confirm.style === "danger" ? "danger" : "primary"}" data-testid="confirm-yes">${textObj(confirm.confirm || { type: "plain_text", text: "Yes" })}</button></div>`;
    $("confirm-overlay").hidden = false;
    box.onclick = (e) => {
      const answer = e.target.closest("[data-answer]")?.dataset.answer;
      if (!answer) return;
      $("confirm-overlay").hidden = true;
      resolve(answer === "yes");
    };
  });
}

async function act(node, extra) {
  const container = containerOf(node);
  if (!container) return;
  const action = { action_id: node.dataset.actionId, block_id: node.dataset.blockId, ...extra };
  node.disabled = true;
  try { await send("action", { user: state.user, action, container }); } finally { node.disabled = false; }
}

document.addEventListener("click", async (e) => {
  const channel = e.target.closest("[data-channel]");
  if (channel) { e.preventDefault(); go(channel.dataset.channel); return; }
  if (e.target.closest("#app-link")) { e.preventDefault(); go("app"); return; }
  const tab = e.target.closest("[data-tab]");
  if (tab) { state.tab = tab.dataset.tab; render(); if (state.tab === "home") send("home", { user: state.user }); return; }
  const advance = e.target.closest(".advance");
  if (advance) {
    document.querySelectorAll(".advance").forEach((b) => { b.disabled = true; });
    try { await send("advance", { hours: Number(advance.dataset.hours) }); } finally { document.querySelectorAll(".advance").forEach((b) => { b.disabled = false; }); }
    return;
  }
  if (e.target.closest("#reset")) {
    if (await askConfirm({ title: { type: "plain_text", text: "Start over?" }, text: { type: "plain_text", text: "Every project, message and setting in the sandbox is deleted." }, confirm: { type: "plain_text", text: "Reset" }, style: "danger" })) {
      await send("reset", {}); state.homeKey = null;
    }
    return;
  }
  if (e.target.closest("#modal-close")) { await send("close", { user: state.user }); return; }
  const button = e.target.closest("button[data-action-id]");
  if (button) {
    if (button.dataset.url) window.open(button.dataset.url, "_blank", "noopener");
    if (button.dataset.confirm && !(await askConfirm(JSON.parse(button.dataset.confirm)))) return;
    await act(button, { value: button.dataset.value || undefined, type: "button" });
  }
});

document.addEventListener("change", async (e) => {
  const select = e.target.closest("select[data-select]");
  if (select && select.value) await act(select, { selected: select.value, type: "static_select" });
});

$("modal").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = $("modal");
  form.querySelectorAll("[data-error-for]").forEach((n) => { n.textContent = ""; n.parentElement.classList.remove("has-error"); });
  const submit = form.querySelector("[data-testid=modal-submit]");
  if (submit) submit.disabled = true;
  const answer = await send("submit", { user: state.user, view_id: form.dataset.viewId, values: readValues(form) });
  if (submit) submit.disabled = false;
  for (const [block, message] of Object.entries(answer.errors || {})) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(block)}"]`);
    if (slot) { slot.textContent = message; slot.parentElement.classList.add("has-error"); }
  }
});

$("composer").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = $("composer-input");
  const text = input.value;
  if (!text.trim()) return;
  input.value = "";
  state.toNewest = true;
  const thread_ts = state.where === "app" ? state.thread || undefined : undefined;  // an assistant chat (conversation.js)
  await send("command", { user: state.user, channel: state.where === "app" ? "D" + state.user : state.where, text, thread_ts });
});

$("acting-as").addEventListener("change", (e) => {
  state.user = e.target.value;
  localStorage.setItem("sandbox.user", state.user);
  state.modalKey = state.homeKey = null;
  if (state.where === "app" && state.tab === "home") send("home", { user: state.user }); else poll(true);
});

function go(where) {
  state.where = where;
  state.toNewest = true;
  localStorage.setItem("sandbox.where", where);
  if (where === "app") state.tab = "home";
  render();
  if (where === "app") send("home", { user: state.user });
}

poll(true).then(() => { if (state.where === "app") send("home", { user: state.user }); });
setInterval(() => poll(false), 700);

// An image from a URL, or a file uploaded to Slack and shown by its id (slack_file).
function imageSrc(image) {
  return image.slack_file ? withToken(`/files/${encodeURIComponent(image.slack_file.id || "")}`) : image.image_url;
}
