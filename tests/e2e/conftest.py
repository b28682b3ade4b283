"""A real HTTP server for the browser tests, serving CKAN's Flask app."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def server(app, ckan_config, monkeypatch):
    httpd = make_server("127.0.0.1", 0, app.app, threaded=True)
    # CKAN redirects to absolute URLs built from ckan.site_url.
    monkeypatch.setitem(ckan_config, "ckan.site_url", f"http://127.0.0.1:{httpd.server_port}")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
