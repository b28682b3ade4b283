"""Contest forms that guide, through the real HTTP stack in Vietnam time
(``ckan.display_timezone = Asia/Ho_Chi_Minh``, as in demo.ini):

- every select shows labels in the page's language, never the codes
  (the contest forms, and the scheming forms of the three schemas);
- a submission form outside its edition's window is not offered: the page
  says why before anyone starts, and a late POST gets a field error naming
  the deadline;
- times are typed and shown in Vietnam time and kept as UTC.
"""
from __future__ import annotations

import datetime

import pytest
import yaml
from bs4 import BeautifulSoup, NavigableString
from freezegun import freeze_time

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

import ckanext.thainguyen.schemas as schemas_package
from ckanext.thainguyen.contest.model import ContestEdition
from tests.browser import Browser
from tests.contest.factories import (
    JUDGING, SUBMISSIONS_OPEN, as_user, assign, contest_org, make_edition, make_entry,
)

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index"),
              pytest.mark.ckan_config("ckan.display_timezone", "Asia/Ho_Chi_Minh")]

PREFIX = {"vi": "", "en": "/en"}
ENTRY_SELECTS = {
    "vi": {
        "contest_category": {"nong-nghiep": "Nông nghiệp", "chuyen-doi-so": "Chuyển đổi số"},
        "stage": {"idea": "Ý tưởng", "prototype": "Sản phẩm mẫu", "applied": "Đã áp dụng"},
        "entrant_type": {"citizen": "Cá nhân, người dân", "student": "Học sinh, sinh viên",
                         "company": "Doanh nghiệp", "agency": "Cơ quan, đơn vị nhà nước"},
    },
    "en": {
        # An edition's categories have one label, as its organisers typed it.
        "contest_category": {"nong-nghiep": "Nông nghiệp", "chuyen-doi-so": "Chuyển đổi số"},
        "stage": {"idea": "Idea", "prototype": "Prototype", "applied": "Applied"},
        "entrant_type": {"citizen": "Citizen", "student": "Student", "company": "Company",
                         "agency": "Public agency"},
    },
}


def _soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _option_text(option):
    text = option.get_text()
    if not text.strip() and isinstance(option.next_sibling, NavigableString):
        # scheming's multiple_select writes <option ... />label</option>, which
        # browsers read as the label and html.parser as an empty option.
        text = option.next_sibling
    return " ".join(text.split())


def _selects(node):
    """{select name: {option value: option text}} of every select under ``node``."""
    return {select["name"]: {o.get("value", ""): _option_text(o) for o in select.find_all("option")}
            for select in node.find_all("select")}


def _text(node):
    return " ".join(node.get_text().split())


@pytest.fixture
def contest():
    """(edition, users by role, a draft and a submitted entry) of the factories' calendar."""
    with freeze_time(SUBMISSIONS_OPEN):
        contest_org()
        edition = make_edition()
        users = {name: factories.User() for name in ("entrant", "organiser")}
        assign("organiser", edition, users["organiser"])
        draft = make_entry(users["entrant"], edition, title="Bản nháp")
        submitted = make_entry(users["entrant"], edition)
        helpers.call_action("thainguyen_entry_submit", as_user(users["entrant"]), id=submitted["id"])
    return edition, users, draft


# ------------------------------------------------------------------ labels
@freeze_time(SUBMISSIONS_OPEN)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_entry_form_selects_show_labels(app, contest, lang):
    edition, users, draft = contest
    browser = Browser(app, users["entrant"])
    for url in (f"{PREFIX[lang]}/contest/dmst-2025/submit",
                f"{PREFIX[lang]}/contest/entry/{draft['name']}/edit"):
        form = _soup(browser.get(url)).find("form", id="contest-entry-form")
        assert _selects(form) == ENTRY_SELECTS[lang], url
    # The draft's own choices are the selected ones.
    form = _soup(browser.get(f"{PREFIX[lang]}/contest/entry/{draft['name']}/edit"))
    assert form.find("select", attrs={"name": "stage"}).find("option", selected=True)["value"] == "prototype"


@freeze_time(JUDGING)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_edition_form_and_dashboard_selects_show_labels(app, contest, lang):
    edition, users, draft = contest
    browser = Browser(app, users["organiser"])
    form = _soup(browser.get(f"{PREFIX[lang]}/contest/dmst-2025/edit")).find("form", id="contest-edition-form")
    # The edition form's choices are rows and dates typed as text: no code to show.
    assert form is not None and _selects(form) == {}
    dashboard = _selects(_soup(browser.get(f"{PREFIX[lang]}/contest/dmst-2025/dashboard")))
    assert dashboard["status"] == {
        "vi": {"under_review": "Đang thẩm định", "not_awarded": "Không đạt giải"},
        "en": {"under_review": "Under review", "not_awarded": "Not awarded"}}[lang]


def _schema_selects(dataset_type):
    """{field name: {value: {lang: label}}} of the selects a schema declares choices for."""
    with open(f"{schemas_package.__path__[0]}/{dataset_type}.yaml", encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    found = {}
    for field in schema["dataset_fields"]:
        for sub in [field] + field.get("repeating_subfields", []):
            if sub.get("preset") in ("select", "multiple_select") and sub.get("choices"):
                found[sub["field_name"]] = {c["value"]: c["label"] for c in sub["choices"]}
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("schema, url", [("catalogue", "/dataset/new"),
                                         ("science_project", "/science-project/new")])
def test_scheming_forms_selects_show_labels(app, lang, schema, url):
    org = factories.Organization(title="Sở Tài nguyên và Môi trường")
    sysadmin = factories.Sysadmin()
    rendered = _selects(_soup(Browser(app, sysadmin).get(PREFIX[lang] + url)))
    # Repeating subfields are named outputs-0-kind, outputs-1-kind...
    by_field = {}
    for name, options in rendered.items():
        by_field.setdefault(name.rsplit("-", 1)[-1], options)
    declared = _schema_selects(schema)
    assert declared
    for field, choices in declared.items():
        shown = {v: t for v, t in by_field[field].items() if v}
        assert shown == {value: label[lang] for value, label in choices.items()}, field
    if schema == "catalogue":  # choices_helper: the agencies by title
        shown = by_field["shared_with"]
        assert shown[org["id"]] == "Sở Tài nguyên và Môi trường"
        assert all(text and text != value for value, text in shown.items())


# ------------------------------------------------------------------ Vietnam time
EDITION_FORM = {
    "title": "2026 – lần thứ Hai", "name": "dmst-2026", "year": "2026", "theme": "Chuyển đổi xanh",
    "categories-0-label": "Nông nghiệp", "criteria-0-label": "Tính mới", "criteria-0-weight": "100",
    "prize-first": "1",
    # Half an hour after midnight in Vietnam is still the day before in UTC.
    "submission_opens": "01/03/2026 00:30",
    "submission_closes": "31/07/2026 23:59",
    "judging_opens": "01/08/2026",
    "judging_closes": "31/08/2026",
}


def _create_2026_edition(app):
    with freeze_time("2026-01-10 03:00:00"):
        contest_org()
        sysadmin = factories.Sysadmin()
        browser = Browser(app, sysadmin)
        response = browser.post("/contest/new", EDITION_FORM, csrf_from="/contest/new")
        assert response.status_code == 302, response.get_data(as_text=True)
    return browser


def test_times_are_typed_and_shown_in_vietnam_time_and_kept_in_utc(app):
    browser = _create_2026_edition(app)
    shown = helpers.call_action("thainguyen_contest_edition_show", id="dmst-2026")
    assert shown["submission_opens"] == "2026-02-28T17:30:00Z"
    assert shown["submission_closes"] == "2026-07-31T16:59:00Z"
    assert shown["judging_opens"] == "2026-07-31T17:00:00Z"  # a bare date: start of the Vietnam day
    assert shown["judging_closes"] == "2026-08-31T16:59:59.999999Z"  # ...and its end
    # The table keeps naive UTC (core.dates), the same instant.
    row = model.Session.query(ContestEdition).filter_by(name="dmst-2026").one()
    assert row.submission_closes == datetime.datetime(2026, 7, 31, 16, 59)

    with freeze_time("2026-01-10 03:00:00"):
        page = _soup(browser.get("/contest/dmst-2026"))
        assert _text(page.find("dd", class_="contest-submissions")) == "01/03/2026 00:30 – 31/07/2026 23:59"
        assert _text(page.find("dd", class_="contest-judging")) == "01/08/2026 00:00 – 31/08/2026 23:59"
        assert "Asia/Ho_Chi_Minh" in _text(page)
        form = _soup(browser.get("/contest/dmst-2026/edit"))
        typed = {f: form.find("input", attrs={"name": f})["value"]
                 for f in ("submission_opens", "submission_closes", "judging_opens", "judging_closes")}
        assert typed == {f: EDITION_FORM[f] for f in typed}
        # Saved again unchanged, the instants do not move.
        url = "/contest/dmst-2026/edit"
        assert browser.post(url, dict(EDITION_FORM, **typed), csrf_from=url).status_code == 302
    assert helpers.call_action("thainguyen_contest_edition_show", id="dmst-2026") == shown


def test_unreadable_times_are_refused_in_the_form_s_own_words(app):
    sysadmin = factories.Sysadmin()
    browser = Browser(app, sysadmin)
    bad = dict(EDITION_FORM, submission_closes="31/13/2026 23:59", judging_closes="cuối tháng 8")
    response = browser.post("/contest/new", bad, csrf_from="/contest/new")
    page = _soup(response)
    for field in ("submission_closes", "judging_closes"):
        error = page.find(class_="error-block", attrs={"data-field": field})
        assert _text(error) == ("Nhập ngày theo dạng NN/TT/NNNN, hoặc ngày và giờ theo dạng "
                                "NN/TT/NNNN GG:PP"), field
    assert page.find("input", attrs={"name": "judging_closes"})["value"] == "cuối tháng 8"
    assert page.find("input", attrs={"name": "submission_opens"})["value"] == "01/03/2026 00:30"
    assert helpers.call_action("thainguyen_contest_edition_list") == []


# ------------------------------------------------------------------ the deadline
ENTRY_FORM = {"title": "Bản đồ nông sản", "contest_category": "nong-nghiep", "notes": "Bản đồ số.",
              "stage": "idea", "entrant_type": "student", "team-0-name": "Lê Văn Cường",
              "save": "draft"}
# 23:58 and 00:00 in Vietnam on the last evening (16:58 and 17:00 UTC).
LAST_MINUTE = "2026-07-31 16:58:00"
JUST_AFTER = "2026-07-31 17:00:00"


def _entries(user):
    found = helpers.call_action("package_search", as_user(user), q="*:*", include_private=True)
    return [r for r in found["results"] if r["creator_user_id"] == user["id"]]


def test_form_closes_at_the_deadline_in_vietnam_time(app):
    _create_2026_edition(app)
    citizen = factories.User()
    with freeze_time(LAST_MINUTE):
        browser = Browser(app, citizen)
        page = _soup(browser.get("/contest/dmst-2026/submit"))
        assert page.find("form", id="contest-entry-form") is not None
        assert page.find(class_="contest-submission-notice") is None
        assert _soup(browser.get("/contest/dmst-2026")).find("a", href="/contest/dmst-2026/submit")
    with freeze_time(JUST_AFTER):
        for lang, notice in (("vi", "Đã hết hạn nộp bài ngày 31/07/2026 23:59"),
                             ("en", "Submissions closed on 31/07/2026 23:59")):
            page = _soup(browser.get(f"{PREFIX[lang]}/contest/dmst-2026/submit"))
            assert _text(page.find(class_="contest-submission-notice")).startswith(notice)
            assert page.find("form", id="contest-entry-form") is None
            edition_page = _soup(browser.get(f"{PREFIX[lang]}/contest/dmst-2026"))
            assert _text(edition_page.find(class_="contest-submission-notice")) == notice
            assert edition_page.find("a", href=f"{PREFIX[lang]}/contest/dmst-2026/submit") is None

        # A form opened in the last minute and sent just after the deadline.
        response = browser.post("/contest/dmst-2026/submit", ENTRY_FORM,
                                csrf_from=f"/user/edit/{citizen['name']}")
        page = _soup(response)
        error = page.find(class_="error-block", attrs={"data-field": "contest_edition"})
        assert _text(error) == "Đã hết hạn nộp bài ngày 31/07/2026 23:59"
        summary = _text(page.find(class_="error-explanation"))
        assert "Kỳ cuộc thi: Đã hết hạn nộp bài ngày 31/07/2026 23:59" in summary
        assert "contest_edition" not in summary
        # What was typed is still there to copy; it cannot be sent again.
        assert page.find("input", attrs={"name": "title"})["value"] == "Bản đồ nông sản"
        assert page.find("form", id="contest-entry-form").find("button") is None
    assert _entries(citizen) == []


def test_form_waits_for_the_opening(app):
    _create_2026_edition(app)
    citizen = factories.User()
    notice = "Cuộc thi bắt đầu nhận bài từ ngày 01/03/2026 00:30"
    with freeze_time("2026-02-28 17:29:00"):  # 00:29 on 1 March in Vietnam
        browser = Browser(app, citizen)
        page = _soup(browser.get("/contest/dmst-2026/submit"))
        assert _text(page.find(class_="contest-submission-notice")).startswith(notice)
        assert page.find("form", id="contest-entry-form") is None
        response = browser.post("/contest/dmst-2026/submit", ENTRY_FORM,
                                csrf_from=f"/user/edit/{citizen['name']}")
        error = _soup(response).find(class_="error-block", attrs={"data-field": "contest_edition"})
        assert _text(error) == notice
    assert _entries(citizen) == []
    with freeze_time("2026-02-28 17:31:00"):
        page = _soup(Browser(app, citizen).get("/contest/dmst-2026/submit"))
        assert page.find("form", id="contest-entry-form") is not None
        assert page.find(class_="contest-submission-notice") is None


def test_api_refuses_late_entries_naming_the_deadline(app):
    _create_2026_edition(app)
    citizen = factories.User()
    edition = helpers.call_action("thainguyen_contest_edition_show", id="dmst-2026")
    with freeze_time(JUST_AFTER), pytest.raises(tk.ValidationError) as e:
        make_entry(citizen, edition)
    # The API speaks English outside a request; the deadline is in Vietnam time.
    assert e.value.error_dict == {"contest_edition": ["Submissions closed on 31/07/2026 23:59"]}


@freeze_time(JUDGING)
def test_a_draft_left_after_the_deadline_cannot_be_submitted_and_says_why(app, contest):
    edition, users, draft = contest
    browser = Browser(app, users["entrant"])
    # The factories' edition closes at the end of 30/06/2025 UTC: 06:59 on 1 July in Vietnam.
    notice = "Đã hết hạn nộp bài ngày 01/07/2025 06:59"
    page = _soup(browser.get(f"/contest/entry/{draft['name']}"))
    assert _text(page.find(class_="contest-submission-notice")) == notice
    assert page.find("form", action=f"/contest/entry/{draft['name']}/submit") is None
    form_page = _soup(browser.get(f"/contest/entry/{draft['name']}/edit"))
    assert _text(form_page.find(class_="contest-submission-notice")).startswith(notice)
    buttons = form_page.find("form", id="contest-entry-form").find_all("button")
    assert [b["value"] for b in buttons] == ["draft"]
