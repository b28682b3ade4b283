"""The home page lists only what its visitor may see.

CKAN's featured organisation and group blocks read their datasets with
``ignore_auth``: private contest entries, drafts included, reached anonymous
visitors with title and summary.
"""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan

from ckan.tests import factories, helpers

from tests.browser import Browser
from tests.catalogue.factories import catalogue_entry
from tests.contest import factories as contest

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

DRAFT = "Bản nháp chưa gửi về máy sấy chè"
SUBMITTED = "Giải pháp đã gửi chờ chấm điểm"
PUBLIC = "Danh mục dữ liệu mở của ban tổ chức"


@pytest.fixture
def contest_org_records():
    with freeze_time(contest.SUBMISSIONS_OPEN):
        org = contest.contest_org()
        edition = contest.make_edition()
        entrant = factories.User()
        draft = contest.make_entry(entrant, edition, title=DRAFT)
        submitted = contest.make_entry(entrant, edition, title=SUBMITTED)
        helpers.call_action("thainguyen_entry_submit", contest.as_user(entrant), id=submitted["id"])
    public = catalogue_entry("open", owner_org=org["id"], title=PUBLIC)
    # The featured group block lists the same three.
    factories.Group(name="nong-nghiep", title="Nhóm dữ liệu nông nghiệp")
    for record in (draft, submitted, public):
        helpers.call_action("member_create", id="nong-nghiep", object=record["id"],
                            object_type="package", capacity="public")
    return entrant


def test_anonymous_visitors_see_no_private_entry_of_the_featured_organisation(app, contest_org_records):
    response = app.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # Both featured blocks are there (group first), each listing the public entry.
    group_block = html[html.index("Nhóm dữ liệu nông nghiệp"):html.index("Ban tổ chức cuộc thi")]
    organization_block = html[html.index("Ban tổ chức cuộc thi"):]
    assert PUBLIC in group_block and PUBLIC in organization_block
    assert DRAFT not in html and SUBMITTED not in html


@pytest.mark.xfail(ckan.__version__.startswith("2.12"), strict=True, reason=(
    "open: on CKAN 2.12 the featured organisation block does not list the entrant's own "
    "submitted entry (it lists less than the visitor may see, never more)"))
def test_signed_in_visitors_see_what_they_may_see(app, contest_org_records):
    html = Browser(app, contest_org_records).get("/").get_data(as_text=True)
    # The entrant's own submitted entry is theirs to see; drafts stay off the home page.
    assert SUBMITTED in html and PUBLIC in html
    assert DRAFT not in html
