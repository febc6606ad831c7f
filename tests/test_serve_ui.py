"""`serve --ui`: the UI served by the local server is told the port that server listens on."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from flows import serve


def test_ui_url_is_the_root_of_the_api_server():
    assert serve.ui_url("http://127.0.0.1:53117/api") == "http://127.0.0.1:53117/"
    assert serve.ui_url("http://10.0.0.5:4200/api/") == "http://10.0.0.5:4200/"


@pytest.mark.slow
def test_local_server_ui_points_at_its_own_port(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    server = serve.LocalServer(ui=True, log_path=tmp_path / "server.log")
    assert server.port != 4200
    try:
        server.start()
        with urllib.request.urlopen(server.api_url.removesuffix("/api") + "/ui-settings", timeout=10) as resp:
            settings = json.load(resp)
        with urllib.request.urlopen(serve.ui_url(server.api_url), timeout=10) as resp:
            page = resp.read().decode("utf-8", "replace")
    finally:
        server.stop()
    assert settings["api_url"] == server.api_url
    assert "<html" in page.lower()
