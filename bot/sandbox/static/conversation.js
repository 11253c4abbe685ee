// The app's Messages tab as a conversation (issue 20): lines typed there reach the app as
// message.im events (relay.typed_to_app); "New assistant chat" opens Slack's assistant container,
// a thread whose suggested prompts and status the app sets. Builds on sandbox.js's globals.
"use strict";

state.thread = null;  // the assistant chat the composer types into, if any

const renderTimelineWithoutAssistant = renderTimeline;
renderTimeline = function (channel) {
  renderTimelineWithoutAssistant(channel);
  const inMessages = state.where === "app" && state.tab === "messages";
  $("assistant-bar").hidden = !inMessages;
  if (!inMessages) return;
  const threads = state.data.assistant || [];
  if (state.thread && !threads.some((t) => t.thread_ts === state.thread)) state.thread = null;
  $("assistant-where").innerHTML = state.thread
    ? `Typing into the assistant chat · <a href="#" data-testid="assistant-leave" id="assistant-leave">type in the DM instead</a>`
    : "Typing in the DM. Try <code>scope a project</code>.";
  $("composer-input").placeholder = state.thread ? "Reply in the assistant chat" : "Message MLScope, e.g. scope a project";
  for (const thread of threads) {
    const root = document.querySelector(`#timeline .message[data-ts="${CSS.escape(thread.thread_ts)}"]`);
    if (!root || root.querySelector(".assistant")) continue;
    const prompts = thread.prompts.map((p) => `<button type="button" class="prompt" data-testid="suggested-prompt" data-thread="${esc(thread.thread_ts)}" data-message="${esc(p.message)}">${esc(p.title)}</button>`).join("");
    const status = thread.status ? `<div class="only-you" data-testid="assistant-status">MLScope ${esc(thread.status)}</div>` : "";
    root.insertAdjacentHTML("beforeend", `<div class="assistant" data-testid="assistant-chat">${thread.title ? `<div class="only-you">${esc(thread.title)}</div>` : ""}${prompts}${status}</div>`);
  }
  state.timelineHtml = null;  // decorated: redraw next time rather than keep a stale copy
};

document.addEventListener("click", async (e) => {
  if (e.target.closest("#assistant-new")) {
    const answer = await send("assistant", { user: state.user });
    if (answer.thread_ts) { state.thread = answer.thread_ts; state.toNewest = true; render(); }
    return;
  }
  if (e.target.closest("#assistant-leave")) { e.preventDefault(); state.thread = null; render(); return; }
  const prompt = e.target.closest("button.prompt");
  if (prompt) {
    state.thread = prompt.dataset.thread;
    state.toNewest = true;
    await send("command", { user: state.user, channel: "D" + state.user, text: prompt.dataset.message, thread_ts: state.thread });
  }
});
