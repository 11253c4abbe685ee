"""The sandbox's canvas page: only with the page's token, everything escaped, and canvases kept
across a restart."""

import json

from tests.sandbox.test_sandbox import bot_client, call


def made(sandbox, markdown):
    client = bot_client(sandbox)
    canvas_id = client.canvases_create(title="<i>Brief</i>", document_content={"type": "markdown", "markdown": markdown})["canvas_id"]
    return canvas_id, f"{sandbox.url}docs/{sandbox.slack.state.team_id}/{canvas_id}"


def test_a_canvas_page_needs_the_pages_token(sandbox):
    canvas_id, url = made(sandbox, "## Metric\n\nrecall")
    for attempt in (url, url + "?token=guessed"):
        status, raw, _ = call(attempt)
        assert status == 403 and "reload the page" in json.loads(raw)["error"]
    status, raw, headers = call(f"{url}?token={sandbox.page_token}")  # as a link opened from the page asks
    assert status == 200 and "<h2>Metric</h2>" in raw.decode()
    assert headers["X-Frame-Options"] == "DENY"
    listed = json.loads(call(f"{sandbox.url}sandbox/canvases", headers={"X-Sandbox-Token": sandbox.page_token})[1])
    assert listed["canvases"] == [{"id": canvas_id, "title": "<i>Brief</i>", "url": f"/docs/{sandbox.slack.state.team_id}/{canvas_id}"}]


def test_what_a_canvas_says_is_shown_never_run(sandbox):
    _, url = made(sandbox, "<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com) ![](@U1)")
    page = call(f"{url}?token={sandbox.page_token}")[1].decode()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;i&gt;Brief&lt;/i&gt;" in page
    assert 'href="javascript' not in page and '<a href="https://example.com" rel="noopener">ok</a>' in page
    assert "@ada" in page


def test_an_unknown_canvas_is_not_found(sandbox):
    status, _, _ = call(f"{sandbox.url}docs/{sandbox.slack.state.team_id}/F404?token={sandbox.page_token}")
    assert status == 404


def test_canvases_survive_a_restart(tmp_path):
    from bot.sandbox.run import Sandbox

    first = Sandbox(tmp_path / "kept", port=0, tick_seconds=0)
    first.start()
    canvas_id, _ = made(first, "## Kept\n\n- one")
    first.stop()
    second = Sandbox(tmp_path / "kept", port=0, tick_seconds=0)
    second.start()
    try:
        assert second.slack.canvas(canvas_id).markdown == "## Kept\n\n- one"
    finally:
        second.stop()
