"""Every page of the users' journeys is Vietnamese under ``vi``.

Each page is rendered through CKAN's real app, as its visitor sees it, and
fails on any visible message of CKAN's or the extension's catalogues that
has no Vietnamese translation (``visible.english_on``).
"""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from ckanext.thainguyen.catalogue import overview
from ckanext.thainguyen.science.export import COLUMNS

from tests.i18n.visible import english_in, english_on

pytestmark = pytest.mark.usefixtures("with_plugins")


def _entry(mode):
    return lambda w: f"/dataset/{w.entries[mode]['name']}"


def _report(page: str, found: dict[str, str]) -> str:
    return f"English on {page}:\n" + "\n".join(
        f"  msgid {msgid!r} shown as {text!r}" for msgid, text in sorted(found.items()))


PAGES = {
    # Anonymous citizens.
    "home": ("anonymous", lambda w: "/", 200),
    "search": ("anonymous", lambda w: "/dataset/", 200),
    "search with a query": ("anonymous", lambda w: "/dataset/?q=đất", 200),
    "search without results": ("anonymous", lambda w: "/dataset/?q=khongcogi", 200),
    "open entry": ("anonymous", _entry("open"), 200),
    "default entry": ("anonymous", _entry("default"), 200),
    "special entry": ("anonymous", _entry("special"), 200),
    "open resource": ("anonymous", lambda w: "/dataset/{}/resource/{}".format(
        w.entries["open"]["name"], w.resources["open"]["id"]), 200),
    "restricted resource": ("anonymous", lambda w: "/dataset/{}/resource/{}".format(
        w.entries["default"]["name"], w.resources["default"]["id"]), 200),
    "organisations": ("anonymous", lambda w: "/organization/", 200),
    "organisation": ("anonymous", lambda w: f"/organization/{w.names['organization']}", 200),
    "organisation about": ("anonymous", lambda w: f"/organization/about/{w.names['organization']}", 200),
    "about": ("anonymous", lambda w: "/about", 200),
    "login": ("anonymous", lambda w: "/user/login", 200),
    "register": ("anonymous", lambda w: "/user/register", 200),
    "password reset": ("anonymous", lambda w: "/user/reset", 200),
    "not found": ("anonymous", lambda w: "/dataset/khong-ton-tai", 404),
    "forbidden": ("citizen", lambda w: "/dataset/new", 403),
    "contest": ("anonymous", lambda w: "/contest/", 200),
    "contest edition": ("anonymous", lambda w: f"/contest/{w.names['edition']}", 200),
    "contest results": ("anonymous", lambda w: f"/contest/{w.names['edition']}/results", 200),
    "contest entry": ("anonymous", lambda w: f"/contest/entry/{w.names['contest_entry']}", 200),
    "funding dashboard": ("anonymous", lambda w: "/science/funding", 200),
    "science project": ("anonymous", lambda w: f"/science-project/{w.names['science_project']}", 200),
    # Signed-in people.
    "dashboard": ("citizen", lambda w: "/dashboard/datasets", 200),
    "dashboard news": ("citizen", lambda w: "/dashboard/", 200),
    "user page": ("citizen", lambda w: "/user/u-cong-dan", 200),
    "user edit": ("citizen", lambda w: "/user/edit/u-cong-dan", 200),
    "access request form": ("citizen", lambda w: f"/dataset/{w.entries['special']['name']}/request-access", 200),
    "my access requests": ("citizen", lambda w: "/dashboard/access-requests", 200),
    "agency's access requests": ("agency_admin", lambda w: f"/organization/{w.names['organization']}/access-requests", 200),
    "entry form": ("agency_admin", lambda w: f"/dataset/new?owner_org={w.names['organization']}", 200),
    "entry edit form": ("agency_admin", lambda w: f"/dataset/edit/{w.entries['open']['name']}", 200),
    "resource form": ("agency_admin", lambda w: f"/dataset/{w.entries['open']['name']}/resource/new", 200),
    "organisation members": ("agency_admin", lambda w: f"/organization/members/{w.names['organization']}", 200),
    "contest submission form": ("citizen", lambda w: f"/contest/{w.names['edition']}/submit", 200),
    "contest dashboard": ("organiser", lambda w: f"/contest/{w.names['edition']}/dashboard", 200),
    "judging": ("judge", lambda w: f"/contest/{w.names['edition']}/judge", 200),
    "contest edition form": ("sysadmin", lambda w: "/contest/new", 200),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_shows_no_untranslated_message(page, journey_world, visitor):
    role, url, status = PAGES[page]
    response = visitor(role).get(url(journey_world))
    assert response.status_code == status, f"{page}: {url(journey_world)}"
    found = english_on(response.get_data(as_text=True))
    assert not found, _report(page, found)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_headers_are_vietnamese(fmt, journey_world, visitor):
    response = visitor("anonymous").get(f"/science/funding/export.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
        rows = [[str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    # Column names, not the codes programs read (``header=codes`` in the API).
    assert header[:2] == ["Mã nhiệm vụ", "Tên nhiệm vụ"] and not set(header) & set(COLUMNS)
    found = english_in(header)
    assert not found, _report(f"export.{fmt}", found)
    # The project's start, 2024-01-01: day first in the text file, a real date in the workbook.
    start = rows[1][header.index("Ngày bắt đầu")]
    assert start == ("01/01/2024" if fmt == "csv" else "2024-01-01 00:00:00")


def _table(response, fmt):
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_catalogue_download_is_vietnamese(fmt, journey_world, visitor):
    response = visitor("anonymous").get(f"/danh-muc/export.{fmt}?sharing_mode=open")
    assert response.status_code == 200
    rows = _table(response, fmt)
    header = rows[0]
    assert header[:2] == ["Mã danh mục", "Tiêu đề"] and not set(header) & set(overview.COLUMNS)
    found = english_in(header)
    assert not found, _report(f"danh-muc/export.{fmt}", found)
    modes = {row[header.index("Hình thức chia sẻ")] for row in rows[1:]}
    assert modes == {"Dữ liệu mở"}, modes
