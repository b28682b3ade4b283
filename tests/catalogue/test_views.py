"""The HTML pages and data URLs of each entry, for every kind of person."""
from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.catalogue import world as sharing_world
from tests.catalogue.world import ENTRIES, USERS, secret_url


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for, reset_index):
    with sharing_world.configured():
        return sharing_world.build(reset_db, migrate_db_for, reset_index)


pytestmark = sharing_world.config_marks() + [pytest.mark.usefixtures("with_plugins")]


def _get(app, world, who: str, url: str) -> Any:
    return app.get(url, headers=world.headers(who), follow_redirects=False)


def _walk(app, world, check: Callable[..., list[str]]) -> None:
    failures: list[str] = []
    for who in USERS:
        for entry in ENTRIES:
            failures.extend(f"{who} x {entry}: {problem}"
                            for problem in check(app, world, who, entry))
    assert not failures, "\n".join(failures)


def _page_rule(world, who: str, entry: str, response: Any, url_expected: bool = True) -> list[str]:
    if response.status_code != 200:
        return [f"status {response.status_code}, expected the public page"]
    shown = secret_url(entry) in response.get_data(as_text=True)
    if shown and not world.may_use(who, entry):
        return ["the page shows the URL"]
    if url_expected and world.may_use(who, entry) and not shown:
        return ["the page hides the URL from someone with access"]
    return []


def test_dataset_page(app, world):
    def check(app, world, who, entry):
        name = world.entries[entry]["name"]
        response = _get(app, world, who, f"/dataset/{name}")
        problems = _page_rule(world, who, entry, response, url_expected=False)
        body = response.get_data(as_text=True)
        if "thainguyen-mode-" not in body:
            problems.append("no sharing-mode badge")
        wants_link = entry == "special" and not world.may_use(who, entry)
        if wants_link != (f"/dataset/{name}/request-access" in body):
            problems.append("request-access link " + ("missing" if wants_link else "shown"))
        return problems
    _walk(app, world, check)


def test_resource_page(app, world):
    def check(app, world, who, entry):
        url = f"/dataset/{world.entries[entry]['name']}/resource/{world.resources[entry]['id']}"
        response = _get(app, world, who, url)
        problems = _page_rule(world, who, entry, response)
        body = response.get_data(as_text=True)
        if world.resources[entry]["name"] not in body:
            problems.append("resource name not shown")
        if not world.may_use(who, entry) and "thainguyen-no-data-access" not in body:
            problems.append("no notice explaining the missing data")
        return problems
    _walk(app, world, check)


def test_download(app, world):
    def check(app, world, who, entry):
        resource = world.resources[entry]
        response = _get(app, world, who,
                        f"/dataset/{resource['package_id']}/resource/{resource['id']}/download")
        if world.may_use(who, entry):
            if response.status_code != 302 or response.headers.get("Location") != secret_url(entry):
                return [f"download gave {response.status_code} {response.headers.get('Location')}"]
            return []
        if response.status_code != 403 or secret_url(entry) in response.get_data(as_text=True):
            return [f"download gave {response.status_code} {response.headers.get('Location')}"]
        return []
    _walk(app, world, check)


def test_resource_view_page(app, world):
    def check(app, world, who, entry):
        resource = world.resources[entry]
        response = _get(app, world, who, f"/dataset/{resource['package_id']}/resource/"
                                         f"{resource['id']}/view/{world.views[entry]['id']}")
        if world.may_use(who, entry):
            return [] if response.status_code == 200 and \
                secret_url(entry) in response.get_data(as_text=True) \
                else [f"view gave {response.status_code}"]
        if response.status_code != 403 or secret_url(entry) in response.get_data(as_text=True):
            return [f"view gave {response.status_code}"]
        return []
    _walk(app, world, check)


def test_datastore_dump(app, world):
    def check(app, world, who, entry):
        response = _get(app, world, who, f"/datastore/dump/{world.resources[entry]['id']}")
        has_rows = f"row-of-{entry.replace('_', '-')}" in response.get_data(as_text=True)
        if world.may_use(who, entry) != (response.status_code == 200 and has_rows):
            return [f"dump gave {response.status_code}"]
        return []
    _walk(app, world, check)


def test_activity_and_changes_pages(app, world):
    def check(app, world, who, entry):
        name = world.entries[entry]["name"]
        problems = []
        for url in (f"/dataset/activity/{name}", f"/dataset/changes/{world.activities[entry]}",
                    f"/dataset/{name}/history/{world.activities[entry]}",
                    f"/organization/activity/{world.orgs['owner']['name']}"):
            response = _get(app, world, who, url)
            if secret_url(entry) in response.get_data(as_text=True) and \
                    not world.may_use(who, entry):
                problems.append(f"{url} shows the URL")
        return problems
    _walk(app, world, check)


def test_search_page_and_api(app, world):
    for who in USERS:
        body = _get(app, world, who, "/dataset/").get_data(as_text=True)
        api = _get(app, world, who, "/api/3/action/package_search?rows=50").get_data(as_text=True)
        for entry in ENTRIES:
            assert world.entries[entry]["name"] in body, (who, entry, "not listed")
            for text in (body, api):
                leaked = secret_url(entry) in text
                assert not (leaked and not world.may_use(who, entry)), (who, entry)
            assert (secret_url(entry) in api) == world.may_use(who, entry), (who, entry)
    # The facets of the catalogue come from real Solr fields.
    body = _get(app, world, "anonymous", "/dataset/").get_data(as_text=True)
    assert "sharing_mode=special" in body and "sharing_mode=default" in body


def test_api_package_show_and_resource_show(app, world):
    def check(app, world, who, entry):
        problems = []
        for url in (f"/api/3/action/package_show?id={world.entries[entry]['id']}",
                    f"/api/3/action/resource_show?id={world.resources[entry]['id']}"):
            response = _get(app, world, who, url)
            shown = secret_url(entry) in response.get_data(as_text=True)
            if response.status_code != 200 or shown != world.may_use(who, entry):
                problems.append(f"{url}: {response.status_code}, URL shown: {shown}")
        return problems
    _walk(app, world, check)
