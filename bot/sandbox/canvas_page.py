"""A canvas as a page: the sandbox opens ``/docs/<team>/<canvas id>`` (the address MLScope links,
as Slack's canvas links are) and shows the canvas's Markdown rendered.

Everything shown is escaped: text through ``html.escape``, and a link only when it is http(s)
(anything else is shown as text). The page runs no script and loads nothing but itself.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.standin.canvas_doc import Canvas, Section

STYLE = """
body{font:15px/1.5 -apple-system,'Segoe UI',Roboto,sans-serif;max-width:860px;margin:0 auto;padding:24px;color:#1d1c1d}
.banner{background:#fff3c4;border:1px solid #e8d48a;padding:6px 10px;border-radius:6px;font-size:13px;margin-bottom:16px}
h1{font-size:26px}h2{font-size:20px;margin-top:24px;border-bottom:1px solid #eee}h3{font-size:17px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}
code{background:#f4f4f4;padding:1px 4px;border-radius:3px}pre{background:#f4f4f4;padding:8px;overflow:auto}
blockquote{border-left:3px solid #ccc;margin:0;padding-left:12px;color:#555}.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
"""
INLINE = re.compile(
    r"\\(?P<esc>.)|`(?P<code>[^`]+)`|!\[\]\((?P<kind>[@#])(?P<ident>[A-Z0-9]+)\)|\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]*)\)"
    r"|\*\*(?P<bold>.+?)\*\*|~~(?P<strike>.+?)~~|(?<![\w\\])_(?P<em>[^_]+?)_(?!\w)|(?<![\w*\\])\*(?P<em2>[^*]+?)\*(?!\w)"
)


LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def page(canvas: Canvas, names: dict[str, str]) -> bytes:
    """The canvas as a whole HTML page; ``names`` turns mentioned ids into names."""
    body = "\n".join(_blocks(canvas.sections, names))
    title = html.escape(canvas.title or "Untitled canvas")
    shared = ", ".join(f"{html.escape(names.get(k, k))}: {html.escape(v)}" for k, v in canvas.access.items()) or "nobody yet"
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title><style>{STYLE}</style></head>"
        f"<body><div class=banner data-testid=canvas-banner>🧪 Sandbox canvas <code>{html.escape(canvas.id)}</code> · "
        f"shared with {shared}</div><h1 data-testid=canvas-title>{title}</h1>"
        f"<article data-testid=canvas>{body}</article></body></html>"
    ).encode()


def inline(text: str, names: dict[str, str]) -> str:
    out, at = [], 0
    for m in INLINE.finditer(text):
        out.append(html.escape(text[at : m.start()]))
        out.append(_token(m, names))
        at = m.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def _token(m: re.Match[str], names: dict[str, str]) -> str:
    if m.group("esc") is not None:
        return html.escape(m.group("esc"))
    if m.group("code") is not None:
        return f"<code>{html.escape(m.group('code'))}</code>"
    if m.group("ident"):
        name = names.get(m.group("ident"), m.group("ident"))
        return f"<span class=mention>{html.escape(m.group('kind') + name)}</span>"
    if m.group("url") is not None:
        label, url = inline(m.group("label"), {}), m.group("url")
        return f'<a href="{html.escape(url)}" rel="noopener">{label}</a>' if re.match(r"https?://", url) else label
    for group, tag in (("bold", "strong"), ("strike", "s"), ("em", "em"), ("em2", "em")):
        if m.group(group) is not None:
            return f"<{tag}>{inline(m.group(group), {})}</{tag}>"
    return html.escape(m.group(0))


def _blocks(sections: list[Section], names: dict[str, str]) -> list[str]:
    out: list[str] = []
    items: list[str] = []
    for s in sections + [Section("", "end", "")]:
        if s.type != "list_item" and items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if s.type == "list_item":
            items.append(f"<li>{inline(LIST_MARK.sub('', s.markdown), names)}</li>")
        elif s.type in ("h1", "h2", "h3"):
            out.append(f"<{s.type}>{inline(s.markdown.lstrip('#').strip(), names)}</{s.type}>")
        elif s.type == "paragraph":
            lines = [inline(line.rstrip("\\").rstrip(), names) for line in s.markdown.split("\n")]
            out.append("<p>" + "<br>".join(lines) + "</p>")
        elif s.type == "quote":
            out.append("<blockquote>" + "<br>".join(inline(x.lstrip("> "), names) for x in s.markdown.split("\n")) + "</blockquote>")
        elif s.type == "code":
            out.append("<pre>" + html.escape("\n".join(s.markdown.split("\n")[1:-1])) + "</pre>")
        elif s.type == "table":
            out.append(_table(s.markdown, names))
        elif s.type == "divider":
            out.append("<hr>")
    return out


def _table(markdown: str, names: dict[str, str]) -> str:
    rows = [r for r in markdown.split("\n") if not re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", r)]
    cells = [re.split(r"(?<!\\)\|", r.strip().strip("|")) for r in rows]
    head, *body = cells or [[]]
    html_rows = ["<tr>" + "".join(f"<th>{inline(c.strip(), names)}</th>" for c in head) + "</tr>"]
    html_rows += ["<tr>" + "".join(f"<td>{inline(c.strip(), names)}</td>" for c in row) + "</tr>" for row in body]
    return "<table>" + "".join(html_rows) + "</table>"


def names_of(state: Any) -> dict[str, str]:
    return {u.id: u.name for u in state.users.values()} | {c.id: c.name for c in state.channels.values()}


def serve(slack: Any, path: str) -> tuple[int, bytes, str] | None:
    """``/docs/<team>/<id>``: the canvas's page; ``/sandbox/canvases``: the canvases, for the page's list."""
    import json

    with slack.lock:
        state = slack.state
        if path == "/sandbox/canvases":
            listed = [
                {"id": c.id, "title": c.title or "Untitled canvas", "url": f"/docs/{c.team_id}/{c.id}"}
                for c in state.canvases.values()
            ]
            return 200, json.dumps({"canvases": listed}).encode(), "application/json; charset=utf-8"
        parts = path.strip("/").split("/")
        found = state.canvases.get(parts[2]) if len(parts) == 3 else None
        if found is None or found.team_id != parts[1]:
            return 404, b"<!doctype html><p>No such canvas in this sandbox (deleted, or the sandbox was reset).</p>", "text/html; charset=utf-8"
        return 200, page(found, names_of(state)), "text/html; charset=utf-8"
