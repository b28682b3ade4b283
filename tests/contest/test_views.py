"""Contest pages render for the roles that may see them, and refuse others."""
from __future__ import annotations

import re

import pytest

from freezegun import freeze_time

from ckan.tests import factories, helpers

from tests.browser import Browser
from tests.contest.factories import (
    JUDGING, SUBMISSIONS_OPEN, as_user, make_entry,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _status_by_role(app, users, url):
    return {role: Browser(app, user).get(url).status_code for role, user in users.items()}


def test_edition_page_is_public(app, world):
    edition, entry, users = world
    for user in users.values():
        page = Browser(app, user).get("/contest/dmst-2025")
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "Đổi mới sáng tạo – vì Thái Nguyên thân yêu" in body
        assert "Nông nghiệp" in body and "Tính khả thi (25%)" in body
    assert Browser(app).get("/contest/khong-co").status_code == 404
    assert "2025 – lần thứ Nhất" in Browser(app).get("/contest/").get_data(as_text=True)


def test_entry_page(app, world):
    edition, entry, users = world
    url = f"/contest/entry/{entry['name']}"
    assert _status_by_role(app, users, url) == {
        "entrant": 200, "organiser": 200, "judge": 200, "other": 403, "anonymous": 403}
    assert "an.nguyen@example.vn" in Browser(app, users["entrant"]).get(url).get_data(as_text=True)
    assert "an.nguyen@example.vn" in Browser(app, users["organiser"]).get(url).get_data(as_text=True)
    judge_page = Browser(app, users["judge"]).get(url).get_data(as_text=True)
    assert "Nguyễn Văn An" in judge_page and "an.nguyen@example.vn" not in judge_page
    assert "0912 345 678" not in judge_page
    # The scheming page of the same dataset is redacted too.
    core = Browser(app, users["judge"]).get(f"/innovation-entry/{entry['name']}")
    assert core.status_code == 200 and "an.nguyen@example.vn" not in core.get_data(as_text=True)


@freeze_time(SUBMISSIONS_OPEN)
def test_submission_form_creates_and_submits(app, world):
    edition, entry, users = world
    assert Browser(app).get("/contest/dmst-2025/submit").status_code == 302  # to login
    citizen = factories.User()
    browser = Browser(app, citizen)
    form = {
        "title": "Ứng dụng bản đồ nông sản", "contest_category": "chuyen-doi-so",
        "notes": "Bản đồ số cho nông sản.", "stage": "idea", "entrant_type": "student",
        "team-0-name": "Lê Văn Cường", "team-0-email": "cuong@example.vn", "team-0-phone": "0901 234 567",
        "save": "submit",
    }
    response = browser.post("/contest/dmst-2025/submit", form, csrf_from="/contest/dmst-2025/submit")
    assert response.status_code == 302
    found = helpers.call_action("package_search", as_user(citizen), q="*:*", include_private=True)
    (mine,) = [r for r in found["results"] if r["creator_user_id"] == citizen["id"]]
    shown = helpers.call_action("package_show", as_user(citizen), id=mine["id"])
    assert shown["contest_status"] == "submitted"
    assert shown["team"] == [{"name": "Lê Văn Cường", "email": "cuong@example.vn", "phone": "0901 234 567"}]
    # Submitted: the edit form is now refused.
    assert browser.get(f"/contest/entry/{mine['name']}/edit").status_code == 403


@freeze_time(SUBMISSIONS_OPEN)
def test_submission_form_shows_field_errors(app, world):
    edition, entry, users = world
    browser = Browser(app, users["other"])
    response = browser.post("/contest/dmst-2025/submit",
                            {"title": "", "contest_category": "the-thao", "save": "draft"},
                            csrf_from="/contest/dmst-2025/submit")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'data-field="title"' in body and 'data-field="contest_category"' in body
    assert helpers.call_action("package_search", as_user(users["other"]), q="*:*",
                               include_private=True)["count"] == 0


@freeze_time(SUBMISSIONS_OPEN)
def test_entrant_edits_draft(app, world):
    edition, entry, users = world
    draft = make_entry(users["entrant"], edition, title="Bản nháp")
    url = f"/contest/entry/{draft['name']}/edit"
    assert _status_by_role(app, users, url) == {
        "entrant": 200, "organiser": 200, "judge": 403, "other": 403, "anonymous": 302}
    browser = Browser(app, users["entrant"])
    form = {"title": "Bản nháp đã sửa", "contest_category": "nong-nghiep", "notes": "Tóm tắt",
            "stage": "applied", "entrant_type": "citizen", "team-0-name": "Nguyễn Văn An",
            "save": "draft"}
    assert browser.post(url, form, csrf_from=url).status_code == 302
    shown = helpers.call_action("package_show", as_user(users["entrant"]), id=draft["id"])
    assert shown["title"] == "Bản nháp đã sửa" and shown["contest_status"] == "draft"


def _entries_of(user):
    found = helpers.call_action("package_search", as_user(user), q="*:*", include_private=True)
    return [r for r in found["results"] if r["creator_user_id"] == user["id"]]


@freeze_time(SUBMISSIONS_OPEN)
def test_submission_without_csrf_token_is_refused(app, world):
    # CKAN 2.12 exempts a view from CSRF for the whole process once an
    # anonymous visitor reaches it (see csrf_guard.py): visit first.
    assert Browser(app).get("/contest/dmst-2025/submit").status_code == 302
    citizen = factories.User()
    form = {"title": "Không có mã CSRF", "contest_category": "chuyen-doi-so",
            "notes": "x", "stage": "idea", "entrant_type": "student", "save": "submit"}
    refused = Browser(app, citizen).post("/contest/dmst-2025/submit", form)
    assert refused.status_code == 400
    assert _entries_of(citizen) == []


@freeze_time(SUBMISSIONS_OPEN)
@pytest.mark.parametrize("step", ["edit", "submit", "withdraw", "attach"])
def test_entrant_posts_without_csrf_token_are_refused(app, world, step):
    edition, entry, users = world
    draft = make_entry(users["entrant"], edition, title="Bản nháp")
    target = draft if step != "withdraw" else entry
    url = f"/contest/entry/{target['name']}/{step}"
    form = {"edit": {"title": "Đã bị sửa", "contest_category": "nong-nghiep", "notes": "Tóm tắt",
                     "stage": "applied", "entrant_type": "citizen", "team-0-name": "Nguyễn Văn An",
                     "save": "submit"},
            "attach": {"name": "Thuyết minh", "url": "https://example.vn/thuyet-minh.pdf"}}.get(step, {})
    before = helpers.call_action("package_show", as_user(users["entrant"]), id=target["id"])
    assert Browser(app).post(url, form).status_code == 302  # anonymous: to sign in
    assert Browser(app, users["entrant"]).post(url, form).status_code == 400
    after = helpers.call_action("package_show", as_user(users["entrant"]), id=target["id"])
    for field in ("title", "contest_status", "resources"):
        assert after[field] == before[field]


def test_judge_and_organiser_posts_without_csrf_token_are_refused(app, world):
    edition, entry, users = world
    score_url = f"/contest/entry/{entry['name']}/score"
    status_url = "/contest/dmst-2025/dashboard/status"
    sheet = {"score-novelty": "8", "score-feasibility": "6", "score-impact": "9"}
    with freeze_time(JUDGING):
        assert Browser(app).post(score_url, sheet).status_code == 302
        judge = Browser(app, users["judge"])
        assert judge.post(score_url, sheet).status_code == 400
        assert _left_to_score(judge) == ["1", "1"]
    change = {"entry": entry["id"], "status": "under_review"}
    assert Browser(app).post(status_url, change).status_code == 302
    assert Browser(app, users["organiser"]).post(status_url, change).status_code == 400
    shown = helpers.call_action("package_show", as_user(users["organiser"]), id=entry["id"])
    assert shown["contest_status"] == "submitted"


def test_judge_and_score_pages(app, world):
    edition, entry, users = world
    assert _status_by_role(app, users, "/contest/dmst-2025/judge") == {
        "entrant": 403, "organiser": 403, "judge": 200, "other": 403, "anonymous": 302}
    score_url = f"/contest/entry/{entry['name']}/score"
    assert _status_by_role(app, users, score_url) == {
        "entrant": 403, "organiser": 403, "judge": 200, "other": 403, "anonymous": 302}
    assert _left_to_score(Browser(app, users["judge"])) == ["1", "1"]
    with freeze_time(JUDGING):
        # Signed in inside the judging window, so the session is valid there.
        judge = Browser(app, users["judge"])
        bad = judge.post(score_url, {"score-novelty": "12", "score-feasibility": "5", "score-impact": "5"},
                         csrf_from=score_url)
        assert bad.status_code == 200 and 'data-field="novelty"' in bad.get_data(as_text=True)
        good = judge.post(score_url, {"score-novelty": "8", "score-feasibility": "6", "score-impact": "9",
                                      "comment": "Khả thi"}, csrf_from=score_url)
        assert good.status_code == 302
        listing = judge.get("/contest/dmst-2025/judge").get_data(as_text=True)
        assert "Tính mới: 8" in listing
        assert _left_to_score(judge) == ["0", "1"]


def _left_to_score(browser):
    body = browser.get("/contest/dmst-2025/judge").get_data(as_text=True)
    return re.findall(r"\d+", re.search(r'class="contest-left">([^<]*)<', body).group(1))


def test_dashboard_and_results(app, world):
    edition, entry, users = world
    assert _status_by_role(app, users, "/contest/dmst-2025/dashboard") == {
        "entrant": 403, "organiser": 200, "judge": 403, "other": 403, "anonymous": 302}
    with freeze_time(JUDGING):
        helpers.call_action("thainguyen_entry_score", as_user(users["judge"]), id=entry["id"],
                            scores={"novelty": 8, "feasibility": 6, "impact": 9})
    body = Browser(app, users["organiser"]).get("/contest/dmst-2025/dashboard").get_data(as_text=True)
    progress = re.search(r'class="contest-progress">([^<]*)<', body).group(1)
    assert re.findall(r"\d+", progress) == ["1", "1", "0"]  # done, expected, unscored
    assert "7,95" in body  # (30*8 + 25*6 + 45*9) / 100, with the Vietnamese decimal comma
    assert _status_by_role(app, users, "/contest/dmst-2025/results") == {
        "entrant": 403, "organiser": 200, "judge": 403, "other": 403, "anonymous": 403}

    organiser = Browser(app, users["organiser"])
    dash = "/contest/dmst-2025/dashboard"
    for status in ("under_review", "shortlisted"):
        assert organiser.post(f"{dash}/status", {"entry": entry["id"], "status": status},
                              csrf_from=dash).status_code == 302
    assert organiser.post(f"{dash}/award", {"entry": entry["id"], "prize": "first"},
                          csrf_from=dash).status_code == 302
    # Another user cannot publish, even with a valid token of their own.
    other = Browser(app, users["other"])
    assert other.post(f"{dash}/publish", {}, csrf_from="/contest/dmst-2025").status_code == 403
    assert organiser.post(f"{dash}/publish", {}, csrf_from=dash).status_code == 302

    assert set(_status_by_role(app, users, "/contest/dmst-2025/results").values()) == {200}
    public = Browser(app).get("/contest/dmst-2025").get_data(as_text=True)
    assert "Máy sấy chè dùng năng lượng mặt trời" in public
    entry_page = Browser(app).get(f"/contest/entry/{entry['name']}")
    assert entry_page.status_code == 200
    assert "an.nguyen@example.vn" not in entry_page.get_data(as_text=True)


@freeze_time(SUBMISSIONS_OPEN)
def test_entrant_uploads_an_attachment_to_a_draft(app, world):
    import io

    edition, entry, users = world
    draft = make_entry(users["entrant"], edition, title="Bản nháp có tệp")
    url = f"/contest/entry/{draft['name']}"
    browser = Browser(app, users["entrant"])
    assert 'id="contest-attach-form"' in browser.get(url).get_data(as_text=True)
    page = browser.get(url).get_data(as_text=True)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)
    response = browser.client.post(
        f"{url}/attach", follow_redirects=False,
        data={"_csrf_token": token, "name": "Thuyết minh",
              "upload": (io.BytesIO("Nội dung thuyết minh".encode()), "thuyet-minh.txt")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    shown = helpers.call_action("package_show", as_user(users["entrant"]), id=draft["id"])
    assert [(r["name"], r["url_type"]) for r in shown["resources"]] == [("Thuyết minh", "upload")]
    # Submitted entries take no more attachments, and others never could.
    assert 'id="contest-attach-form"' not in Browser(app, users["entrant"]).get(
        f"/contest/entry/{entry['name']}").get_data(as_text=True)
    other = Browser(app, users["judge"])
    assert other.post(f"/contest/entry/{entry['name']}/attach", {"url": "https://example.vn/x"},
                      csrf_from="/contest/dmst-2025").status_code == 403
