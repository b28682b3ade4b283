"""The 403, 404 and 500 pages speak Vietnamese: not werkzeug's English name
and description of the status, which CKAN shows when no view gave a message."""
from __future__ import annotations

import pytest
from werkzeug.exceptions import default_exceptions

import ckan.plugins.toolkit as tk

from tests.i18n.visible import english_on

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")


def _werkzeug_english(code: int) -> list[str]:
    error = default_exceptions[code]()
    return [error.name, error.description]


def _failing_view(app, code: int) -> str:
    url = f"/thu-loi-{code}"
    app.flask_app.add_url_rule(url, f"thu_loi_{code}", lambda: tk.abort(code))
    return url


@pytest.mark.parametrize("code, title", [
    (403, "Bạn không được mở trang này"),
    (404, "Không tìm thấy trang"),
    (500, "Cổng dữ liệu gặp lỗi"),
])
def test_an_error_without_a_message_reads_in_vietnamese(app, code, title):
    response = app.get(_failing_view(app, code))
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page
    assert not [text for text in _werkzeug_english(code) if text in page]
    assert english_on(page) == {}


def test_an_unknown_address_is_a_vietnamese_404(app):
    response = app.get("/khong-co-trang-nay")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<h1>Không tìm thấy trang</h1>" in page
    assert not [text for text in _werkzeug_english(404) if text in page]


def test_a_view_message_is_kept(app):
    # CKAN's dataset view says what was not found, in the reader's language.
    response = app.get("/dataset/khong-ton-tai")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Không tìm thấy cơ sở dữ liệu hoặc bạn không có quyền xem" in page


def test_english_readers_get_the_english_words(app):
    response = app.get("/en/khong-co-trang-nay")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.get_data(as_text=True)
