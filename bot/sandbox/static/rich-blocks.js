// Table and markdown blocks, drawn as Slack draws them (issue 20): a table block as an HTML table
// (https://docs.slack.dev/reference/block-kit/blocks/table-block: raw_text, rich_text and raw_number
// cells, column_settings' align and is_wrapped, the first row as the heading), a markdown block's
// standard Markdown rendered (https://docs.slack.dev/reference/block-kit/blocks/markdown-block: its
// documented syntax). Loaded after sandbox.js, whose esc, emoji, userName, channelName, placeholder,
// EMOJI and BLOCK_RENDERERS it uses. Everything a payload says is escaped before it is formatted.
"use strict";

// ---------------------------------------------------------------- rich text (table cells)
const safeHref = (url) => (/^(https?:|mailto:)/i.test(url || "") ? url : "");

function richLeaf(e) {
  let html;
  switch (e.type) {
    case "text": html = emoji(esc(e.text)).replace(/\n/g, "<br>"); break;
    case "link": {
      const href = safeHref(e.url);
      html = href ? `<a href="${esc(href)}" target="_blank" rel="noopener">${esc(e.text || e.url)}</a>` : esc(e.text || e.url);
      break;
    }
    case "user": html = `<span class="mention">@${esc(userName(e.user_id))}</span>`; break;
    case "channel": html = `<span class="mention">#${esc(channelName(e.channel_id))}</span>`; break;
    case "broadcast": html = `<span class="mention">@${esc(e.range)}</span>`; break;
    case "emoji": html = e.unicode ? String.fromCodePoint(...e.unicode.split("-").map((h) => parseInt(h, 16))) : EMOJI[e.name] || `:${esc(e.name)}:`; break;
    case "date": html = esc(e.fallback || ""); break;
    default: return placeholder("rich text element", e.type);
  }
  const s = e.style || {};
  if (s.code) html = `<code>${html}</code>`;
  if (s.bold) html = `<b>${html}</b>`;
  if (s.italic) html = `<i>${html}</i>`;
  if (s.strike) html = `<s>${html}</s>`;
  return html;
}

const richLeaves = (part) => (part.elements || []).map(richLeaf).join("");

function richText(parts) {
  return (parts || []).map((part) => {
    switch (part.type) {
      case "rich_text_section": return `<div>${richLeaves(part)}</div>`;
      case "rich_text_preformatted": return `<pre>${richLeaves(part)}</pre>`;
      case "rich_text_quote": return `<blockquote>${richLeaves(part)}</blockquote>`;
      case "rich_text_list": {
        const tag = part.style === "ordered" ? "ol" : "ul";
        return `<${tag}>${(part.elements || []).map((item) => `<li>${richLeaves(item)}</li>`).join("")}</${tag}>`;
      }
      default: return placeholder("rich text part", part.type);
    }
  }).join("");
}

// ---------------------------------------------------------------- table block
function tableCell(cell) {
  switch (cell?.type) {
    case "raw_text": return emoji(esc(cell.text));
    case "raw_number": return esc(cell.text ?? String(cell.value));
    case "rich_text": return richText(cell.elements);
    default: return placeholder("table cell", cell?.type);
  }
}

BLOCK_RENDERERS.table = (b) => {
  const settings = b.column_settings || [];
  const row = (cells, tag) => `<tr>${cells.map((cell, i) => {
    const s = settings[i] || {};
    const align = ["left", "center", "right"].includes(s.align) ? ` style="text-align:${s.align}"` : "";
    return `<${tag}${align} class="${s.is_wrapped ? "wrapped" : "nowrap"}">${tableCell(cell)}</${tag}>`;
  }).join("")}</tr>`;
  const [head, ...body] = b.rows || [];
  return `<div class="block table-block" data-testid="table-block"><table>` +
    (head ? `<thead>${row(head, "th")}</thead>` : "") + `<tbody>${body.map((r) => row(r, "td")).join("")}</tbody></table></div>`;
};

// ---------------------------------------------------------------- markdown block
function markdownInline(text) {
  const keep = [];
  const hold = (html) => `\u0000${keep.push(html) - 1}\u0000`;
  let s = String(text ?? "");
  s = s.replace(/`([^`\n]+)`/g, (m, code) => hold(`<code>${esc(code)}</code>`));
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!&~|<>])/g, (m, c) => hold(esc(c)));  // the documented escapes (and a few more)
  s = s.replace(/&(lt|gt|amp|quot);/g, (m, name) => ({ lt: "<", gt: ">", amp: "&", quot: '"' }[name]));
  s = s.replace(/!?\[([^\]\n]*)\]\(([^)\s]+)\)/g, (m, label, url) => {  // an image is shown as its link, as Slack does
    const href = safeHref(url);
    return hold(href ? `<a href="${esc(href)}" target="_blank" rel="noopener">${esc(label || url)}</a>` : esc(m));
  });
  let html = esc(s);
  html = html.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "<b>$2</b>")
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)/g, "$1<i>$2</i>")
    .replace(/(^|[^\w])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)/g, "$1<i>$2</i>")
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "<s>$1</s>");
  return emoji(html).replace(/\u0000(\d+)\u0000/g, (m, i) => keep[Number(i)]);
}

const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const tableCells = (line) => line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => markdownInline(c.trim()));

function markdownToHtml(text) {
  const lines = String(text ?? "").split("\n");
  const out = [];
  let paragraph = [];
  const flush = () => { if (paragraph.length) out.push(`<p>${paragraph.map(markdownInline).join("<br>")}</p>`); paragraph = []; };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if (/^\s*```/.test(line)) {
      flush();
      const code = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre>${esc(code.join("\n"))}</pre>`);
    } else if (!line.trim()) {
      flush();
    } else if ((m = /^\s*#{1,6}\s+(.*)$/.exec(line))) {
      flush();
      out.push(`<div class="md-heading">${markdownInline(m[1])}</div>`);  // every level the same size, as Slack does
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      out.push("<hr>");
    } else if ((m = /^\s*>\s?(.*)$/.exec(line))) {
      flush();
      out.push(`<blockquote>${markdownInline(m[1])}</blockquote>`);
    } else if (line.includes("|") && TABLE_RULE.test(lines[i + 1] || "")) {
      flush();
      const head = tableCells(line);
      const rows = [];
      for (i += 2; i < lines.length && lines[i].includes("|"); i++) rows.push(tableCells(lines[i]));
      i--;
      out.push(`<table><thead><tr>${head.map((c) => `<th>${c}</th>`).join("")}</tr></thead><tbody>` +
        rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("") + "</tbody></table>");
    } else if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      const ordered = /^\s*\d/.test(line);
      const items = [];
      const item = ordered ? /^\s*(\d+[.)])\s+(.*)$/ : /^\s*([-*+])\s+(.*)$/;  // another kind of item starts another list
      for (; i < lines.length && (m = item.exec(lines[i])); i++) {
        const task = /^\[( |x|X)\]\s+(.*)$/.exec(m[2]);
        items.push(task ? `<li class="task"><input type="checkbox" disabled${task[1] === " " ? "" : " checked"}> ${markdownInline(task[2])}</li>` : `<li>${markdownInline(m[2])}</li>`);
      }
      i--;
      out.push(ordered ? `<ol>${items.join("")}</ol>` : `<ul>${items.join("")}</ul>`);
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return out.join("");
}

BLOCK_RENDERERS.markdown = (b) => `<div class="block markdown-block" data-testid="markdown-block">${markdownToHtml(b.text)}</div>`;
