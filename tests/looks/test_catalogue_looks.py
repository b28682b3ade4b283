"""What a page shows where the looks are behaviour: the mode badge instead
of CKAN's "Private", whole facet labels, result cards that say who and when,
a download button, readable science outputs, day-first dates."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("with_plugins")

PRIVATE = ("Riêng tư", "Private")


def _page(app, url: str) -> str:
    response = app.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _card(page: str, name: str) -> str:
    """The search result card (<li class="dataset-item">) linking to entry ``name``."""
    for card in re.findall(r'<li class="dataset-item">.*?</li>\s*(?=<li class="dataset-item">|</ul>)', page, re.S):
        if f'href="/dataset/{name}"' in card:
            return card
    raise AssertionError(f"no card for {name}")


def test_a_restricted_entry_carries_its_mode_not_private(app, journey_world):
    page = _page(app, "/dataset/")
    for mode in ("default", "special"):
        card = _card(page, journey_world.entries[mode]["name"])
        assert f'data-sharing-mode="{mode}"' in card
        assert not [word for word in PRIVATE if word in card]
        entry_page = _page(app, f"/dataset/{journey_world.entries[mode]['name']}")
        assert f'data-sharing-mode="{mode}"' in entry_page
        assert not [word for word in PRIVATE if word in entry_page]


def test_a_result_card_shows_the_agency_and_the_last_update(app, journey_world):
    card = _card(_page(app, "/dataset/"), journey_world.entries["open"]["name"])
    assert "Sở Tài nguyên và Môi trường" in card
    assert re.search(r"Cập nhật \d{2}/\d{2}/\d{4}", card)


def test_facet_labels_are_whole(app, journey_world):
    page = _page(app, "/dataset/")
    labels = re.findall(r'<span class="item-label">\s*(.*?)\s*</span>', page, re.S)
    assert "Chia sẻ theo hình thức mặc định" in labels
    assert "Chia sẻ theo hình thức đặc thù" in labels
    assert not [label for label in labels if label.endswith("...") or label.endswith("…")]


def test_an_open_entry_has_a_download_button_with_format_and_size(app, journey_world):
    resource = journey_world.resources["open"]
    for url in (f"/dataset/{journey_world.entries['open']['name']}",
                f"/dataset/{journey_world.entries['open']['name']}/resource/{resource['id']}"):
        buttons = re.findall(r'<a class="btn btn-success thainguyen-download" href="([^"]+)"[^>]*>(.*?)</a>',
                             _page(app, url), re.S)
        assert len(buttons) == 1, url
        href, text = buttons[0]
        assert href == resource["url"]
        assert "Tải xuống" in text and "CSV" in text and "KiB" in text


def test_no_download_button_where_the_visitor_may_not_use_the_data(app, journey_world):
    page = _page(app, f"/dataset/{journey_world.entries['default']['name']}")
    assert "thainguyen-download" not in page
    assert journey_world.resources["default"]["url"] not in page


def test_the_resource_page_dates_read_day_first(app, journey_world):
    resource = journey_world.resources["open"]
    page = _page(app, f"/dataset/{journey_world.entries['open']['name']}/resource/{resource['id']}")
    row = re.search(r"Dữ liệu cập nhật lần cuối</th>\s*<td>(.*?)</td>", page, re.S)
    assert row and re.fullmatch(r"\d{2}/\d{2}/\d{4}", row.group(1).strip()), row and row.group(1)


def test_science_outputs_have_a_coloured_badge(app, journey_world):
    page = _page(app, f"/science-project/{journey_world.names['science_project']}")
    badge = re.search(r'<span class="([^"]*thainguyen-output-kind[^"]*)">(.*?)</span>', page)
    assert badge and "bg-" in badge.group(1) and badge.group(2) == "Công bố khoa học"
