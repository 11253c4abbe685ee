// Canvases: the sidebar lists the workspace's canvases, and a link to a canvas (/docs/<team>/<id>,
// as MLScope links them) opens the sandbox's page rendering it. Links carry the page token, as
// images do (a link sends no header). Uses TOKEN and withToken() from sandbox.js.
"use strict";

(function () {
  const list = document.createElement("ul");
  list.id = "canvases";
  list.dataset.testid = "canvases";
  const title = document.createElement("div");
  title.className = "section-title";
  title.textContent = "Canvases";
  const sidebar = document.querySelector("nav.sidebar");
  sidebar.append(title, list);

  // Links the bot wrote point at this sandbox (127.0.0.1 or localhost): open them here, with the token.
  function adopt(root) {
    for (const a of root.querySelectorAll('a[href*="/docs/"]:not([data-canvas])')) {
      const url = new URL(a.href, location.href);
      if (url.port !== location.port || !/^\/docs\/[A-Z0-9]+\/[A-Z0-9]+$/.test(url.pathname)) continue;
      a.dataset.canvas = url.pathname.split("/")[3];
      a.dataset.testid = `canvas-link-${a.dataset.canvas}`;
      a.href = withToken(location.origin + url.pathname);
    }
  }

  async function refresh() {
    try {
      const r = await fetch("/sandbox/canvases", { headers: { "X-Sandbox-Token": TOKEN } });
      if (!r.ok) return;
      const { canvases } = await r.json();
      list.replaceChildren(...canvases.map((c) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = withToken(c.url);
        a.target = "_blank";
        a.rel = "noopener";
        a.textContent = `📄 ${c.title}`;  // textContent: a title is what someone typed
        a.dataset.testid = `canvas-${c.id}`;
        a.dataset.canvas = c.id;  // already this sandbox's link: adopt() leaves it alone
        li.append(a);
        return li;
      }));
    } catch (e) { /* the sandbox restarted: the next refresh tries again */ }
  }

  new MutationObserver(() => adopt(document)).observe(document.body, { childList: true, subtree: true });
  refresh();
  setInterval(refresh, 2000);
})();
