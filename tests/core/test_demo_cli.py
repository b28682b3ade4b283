"""``ckan thainguyen demo``: the sample, one account per role and files in the
portal's storage, all marked as sample data; run twice, the same content."""
from __future__ import annotations

import collections

import pytest

import ckan.cli.cli
from ckan import model
from ckan.lib import uploader
from ckan.tests import helpers

from ckanext.thainguyen.catalogue import demo as catalogue_demo
from ckanext.thainguyen.catalogue import sample as catalogue_sample
from ckanext.thainguyen.contest import rules as contest_rules
from ckanext.thainguyen.core.demo import SAMPLE_KEY

ROLES = collections.Counter({
    "citizen": 1, "agency-staff": 1, "agency-admin": 1, "owner-agency-admin": 1,
    "contest-organiser": 1, "judge": 2, "science-department": 1})


def _demo(cli, accounts_file) -> str:
    result = cli.invoke(ckan.cli.cli.ckan, ["thainguyen", "demo", "--accounts-file", str(accounts_file)])
    assert result.exit_code == 0, result.output
    return result.output


def _accounts(path) -> list[tuple[str, str, str]]:
    return [tuple(line.split()) for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def _stored_bytes(resource: dict) -> bytes:
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    with open(path, "rb") as f:
        return f.read()


def _content() -> dict:
    """Everything the command writes, as the database and the storage hold it."""
    site = helpers.call_action("get_site_user")
    packages = helpers.call_action("package_search", context={"user": site["name"]},
                                   include_private=True, rows=1000, q="*:*")["results"]
    users = model.Session.query(model.User).filter(model.User.name != site["name"])
    members = (model.Session.query(model.Member.capacity, model.Group.name, model.User.name)
               .join(model.Group, model.Group.id == model.Member.group_id)
               .join(model.User, model.User.id == model.Member.table_id)
               .filter(model.Member.table_name == "user", model.Member.state == "active"))
    return {
        "packages": {p["name"]: (p["title"], [
            (r["id"], r["name"], r["url"], r.get("size"), r["last_modified"])
            for r in p["resources"]]) for p in packages},
        "users": {u.name: (u.fullname, u.email, u.password, u.state, u.plugin_extras) for u in users},
        "members": sorted(members.all()),
        "files": {r["id"]: _stored_bytes(r) for p in packages for r in p["resources"]
                  if r.get("url_type") == "upload"},
    }


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_demo_twice_leaves_the_same_content(cli, tmp_path):
    accounts_file = tmp_path / "demo-accounts.txt"
    output = _demo(cli, accounts_file)
    accounts = _accounts(accounts_file)
    assert collections.Counter(role for role, _, _ in accounts) == ROLES
    for role, name, password in accounts:
        assert f"{role} {name} {password}" in output
        user = model.User.by_name(name)
        assert user.validate_password(password)
        # Marked as sample data, as the sample's judge is.
        assert user.fullname.endswith("(mẫu)") and user.email.endswith("@thainguyen.example")
        assert user.plugin_extras[SAMPLE_KEY] == {"role": role}

    # Staff and admin of one agency, the admin of the special entry's owner another.
    special = model.Package.get(catalogue_demo.SPECIAL_ENTRY)
    by_role = {role: name for role, name, _ in accounts}
    members = set(_content()["members"])
    assert ("editor", catalogue_demo.OTHER_AGENCY, by_role["agency-staff"]) in members
    assert ("admin", catalogue_demo.OTHER_AGENCY, by_role["agency-admin"]) in members
    assert ("admin", model.Group.get(special.owner_org).name, by_role["owner-agency-admin"]) in members
    assert model.Group.get(special.owner_org).name != catalogue_demo.OTHER_AGENCY
    assert ("editor", "so-khoa-hoc-cong-nghe", by_role["science-department"]) in members
    edition = contest_rules.get_edition("dmst-2025")
    assert contest_rules.has_role(model.User.by_name(by_role["contest-organiser"]), edition,
                                  contest_rules.ORGANISER)

    # Every sample entry's files, byte for byte, in the portal's storage.
    first = _content()
    for entry in catalogue_sample.entries():
        resources = first["packages"][entry["name"]][1]
        for wanted in catalogue_demo.files_for(entry):
            stored = [r for r in resources if r[1] == wanted["name"]]
            assert len(stored) == 1 and stored[0][2].endswith("/" + wanted["filename"])
            assert first["files"][stored[0][0]] == wanted["content"]
            assert "mẫu" in wanted["name"] and "Dữ liệu mẫu" in wanted["content"].decode()
    assert len(first["files"]) == 75 * 2 + 75

    again = _demo(cli, accounts_file)
    assert _content() == first
    assert _accounts(accounts_file) == accounts
    assert "sample file unchanged: 225" in again
