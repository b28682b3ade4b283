"""``ckan thainguyen classify`` on datasets that predate the extension.

Legacy datasets are written as ``ckan.model`` rows: that is exactly what an
existing site holds when the extension is installed (a package row, its
extras and resources, no ``sharing_mode`` nor ``catalogue_code``), and it
cannot be produced through ``package_create`` now that the catalogue schema
requires both (scheming validates every package_create against it, whatever
schema the context names). CKAN indexes the rows in Solr when they are
committed, as ``ckan search-index rebuild`` would after the installation.
"""
from __future__ import annotations

import csv

import pytest

import ckan.cli.cli
from ckan import model
from ckan.lib import search
from ckan.tests import factories, helpers

from ckanext.thainguyen.catalogue import classify as classifier
from tests.catalogue.factories import catalogue_entry

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def legacy_dataset(name, owner_org, private=False, license_id="cc-by"):
    pkg = model.Package(name=name, title=name.replace("-", " ").title(), type="dataset",
                        state="active", private=private, owner_org=owner_org,
                        license_id=license_id, notes="Dữ liệu có từ trước khi cài danh mục.")
    # Appending through the relationship numbers the resource like CKAN does.
    pkg.resources_all.append(model.Resource(url="https://example.org/data.csv",
                                            name="Dữ liệu", format="CSV"))
    model.Session.add(pkg)
    model.repo.commit()
    # An old site's datasets are in its search index (CKAN 2.12 no longer
    # indexes on a bare model commit).
    search.rebuild(pkg.id)
    return pkg.id


def classify(cli, *args):
    return cli.invoke(ckan.cli.cli.ckan, ["thainguyen", "classify", *args])


def show(name):
    return helpers.call_action("package_show", id=name)


def lines_by_name(output):
    return {line.split("\t")[0]: line for line in output.splitlines() if "\t" in line}


def site_context():
    site_user = helpers.call_action("get_site_user")
    return {"user": site_user["name"]}


@pytest.fixture
def org():
    return factories.Organization(name="so-tai-nguyen-moi-truong")


@pytest.fixture
def legacy(org):
    """A public and a private dataset of the old site, and a closed-licence public one."""
    legacy_dataset("quan-trac-khong-khi", org["id"], private=False, license_id="cc-by")
    legacy_dataset("ban-do-dia-chinh", org["id"], private=True, license_id="other-closed")
    legacy_dataset("bao-cao-noi-bo", org["id"], private=False, license_id="other-closed")


RULE_ALL = ("--rule", "default-rule", "--shared-with", "all", "--code-prefix", "TN-CSDL-")


class TestDryRun:
    def test_rule_reports_every_unclassified_entry_and_writes_nothing(self, cli, legacy):
        result = classify(cli, "--rule", "default-rule")

        assert result.exit_code == 0, result.output
        lines = lines_by_name(result.output)
        assert set(lines) == {"quan-trac-khong-khi", "ban-do-dia-chinh", "bao-cao-noi-bo"}
        assert "private=False\t- -> open" in lines["quan-trac-khong-khi"]
        assert "private=True\t- -> default" in lines["ban-do-dia-chinh"]
        # Legacy datasets have no catalogue code, and default mode without
        # --shared-with cannot validate: the fields are named.
        assert "INVALID" in lines["ban-do-dia-chinh"]
        assert "shared_with:" in lines["ban-do-dia-chinh"]
        assert "catalogue_code:" in lines["quan-trac-khong-khi"]
        assert "dry run" in result.output

        for name in lines:
            assert not show(name).get("sharing_mode")
        assert show("ban-do-dia-chinh")["private"] is True
        assert show("quan-trac-khong-khi")["private"] is False

    def test_rule_with_options_validates_what_it_can(self, cli, legacy):
        result = classify(cli, *RULE_ALL)

        lines = lines_by_name(result.output)
        assert lines["quan-trac-khong-khi"].endswith("OK")
        assert "(private=False)" in lines["quan-trac-khong-khi"]
        assert lines["ban-do-dia-chinh"].endswith("OK")
        assert "(private=True)" in lines["ban-do-dia-chinh"]
        # The rule never relicenses: a closed licence blocks open mode.
        assert "INVALID" in lines["bao-cao-noi-bo"]
        assert "license_id:" in lines["bao-cao-noi-bo"]
        assert not show("quan-trac-khong-khi").get("catalogue_code")

    def test_bare_command_says_what_is_left_and_what_to_type(self, cli, legacy):
        result = classify(cli)
        assert result.exit_code == 0, result.output
        assert "without a sharing mode: 3 (2 public, 1 private)" in result.output
        for step in ("--rule default-rule --code-prefix", "--shared-with own-org",
                     "--closed-licence default", "classify template", "--csv", "--apply", "--yes"):
            assert step in result.output, step
        assert not show("quan-trac-khong-khi").get("sharing_mode")

    def test_every_refused_row_says_how_to_fix_it(self, cli, legacy):
        lines = lines_by_name(classify(cli, "--rule", "default-rule").output)
        assert "catalogue_code:" in lines["quan-trac-khong-khi"]
        assert "(fix: " in lines["quan-trac-khong-khi"] and "--code-prefix" in lines["quan-trac-khong-khi"]
        assert "--shared-with own-org" in lines["ban-do-dia-chinh"]
        assert "--closed-licence default" in lines["bao-cao-noi-bo"]

    def test_a_dry_run_lists_what_would_become_visible(self, cli, legacy):
        result = classify(cli, *RULE_ALL)
        assert result.exit_code == 0, result.output
        assert "1 entries would become more visible" in result.output
        widened = [line for line in result.output.splitlines() if line.startswith("  ban-do-dia-chinh")]
        assert widened and "unclassified -> default" in widened[0]
        assert "--apply --yes" in result.output


STOCK = ("--rule", "default-rule", "--code-prefix", "TN-CSDL-", "--shared-with", "own-org",
         "--closed-licence", "default")


class TestOneCommandForAStockSite:
    def test_own_org_and_closed_licences_classify_every_entry(self, cli, legacy, org):
        result = classify(cli, *STOCK, "--apply", "--yes")
        assert result.exit_code == 0, result.output
        lines = lines_by_name(result.output)
        assert all("APPLIED" in line for line in lines.values()), result.output
        assert show("ban-do-dia-chinh")["shared_with"] == [org["id"]]
        # Public with a closed licence: default mode, shared with its organisation.
        bao_cao = show("bao-cao-noi-bo")
        assert (bao_cao["sharing_mode"], bao_cao["shared_with"]) == ("default", [org["id"]])
        assert bao_cao["license_id"] == "other-closed"  # never relicensed
        assert show("quan-trac-khong-khi")["sharing_mode"] == "open"
        assert "nothing to classify" in classify(cli, *STOCK).output

    def test_widening_needs_yes_and_nothing_is_written_without_it(self, cli, legacy):
        result = classify(cli, *STOCK, "--apply")
        assert result.exit_code != 0
        assert "more visible" in result.output and "--yes" in result.output
        assert "ban-do-dia-chinh (private=True, unclassified -> default)" in result.output
        for name in ("quan-trac-khong-khi", "ban-do-dia-chinh", "bao-cao-noi-bo"):
            assert not show(name).get("sharing_mode"), name
        assert show("ban-do-dia-chinh")["private"] is True

    def test_narrowing_alone_needs_no_yes(self, cli, legacy, tmp_path):
        path = tmp_path / "narrow.csv"
        path.write_text("name,sharing_mode,catalogue_code,shared_with\n"
                        "quan-trac-khong-khi,default,TN-CSDL-020,all\n", encoding="utf-8")
        result = classify(cli, "--csv", str(path), "--apply")
        assert result.exit_code == 0, result.output
        assert "more visible" not in result.output
        assert show("quan-trac-khong-khi")["sharing_mode"] == "default"


class TestTemplate:
    def test_template_lists_the_unclassified_entries_and_reads_back(self, cli, legacy, tmp_path):
        path = tmp_path / "mapping.csv"
        result = cli.invoke(ckan.cli.cli.ckan, ["thainguyen", "classify", "template", "-o", str(path)])
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        assert [r["name"] for r in rows] == ["ban-do-dia-chinh", "bao-cao-noi-bo", "quan-trac-khong-khi"]
        assert {r["sharing_mode"] for r in rows} == {""}
        assert rows[0]["license_id"] == "other-closed"
        # As written, the template is a valid input that says what is missing.
        checked = lines_by_name(classify(cli, "--csv", str(path)).output)
        assert set(checked) == {r["name"] for r in rows}
        # Filled in, it classifies.
        filled = path.read_text(encoding="utf-8").replace(
            "ban-do-dia-chinh,Ban Do Dia Chinh,,", "ban-do-dia-chinh,Ban Do Dia Chinh,default,TN-CSDL-030")
        filled = filled.replace("TN-CSDL-030,,", "TN-CSDL-030,all,")
        path.write_text(filled, encoding="utf-8")
        result = classify(cli, "--csv", str(path), "--apply", "--yes")
        assert "APPLIED" in lines_by_name(result.output)["ban-do-dia-chinh"], result.output
        assert show("ban-do-dia-chinh")["sharing_mode"] == "default"


class TestApplyRule:
    def test_valid_entries_are_classified_and_invalid_ones_untouched(self, cli, legacy):
        result = classify(cli, *RULE_ALL, "--apply", "--yes")

        assert result.exit_code == 0, result.output
        lines = lines_by_name(result.output)
        assert "APPLIED" in lines["quan-trac-khong-khi"]
        assert "APPLIED" in lines["ban-do-dia-chinh"]
        assert "SKIPPED" in lines["bao-cao-noi-bo"]

        khong_khi = show("quan-trac-khong-khi")
        assert khong_khi["sharing_mode"] == "open"
        assert khong_khi["private"] is False
        dia_chinh = show("ban-do-dia-chinh")
        assert dia_chinh["sharing_mode"] == "default"
        assert dia_chinh["private"] is True
        assert dia_chinh["shared_with"] == ["all"]
        # Codes are handed out in name order after the highest one in use.
        assert dia_chinh["catalogue_code"] == "TN-CSDL-001"
        assert khong_khi["catalogue_code"] == "TN-CSDL-002"
        # Untouched, all of it: no code was written for the failing entry.
        bao_cao = show("bao-cao-noi-bo")
        assert not bao_cao.get("sharing_mode")
        assert not bao_cao.get("catalogue_code")

    def test_codes_continue_after_the_highest_in_use(self, cli, legacy, org):
        catalogue_entry("open", owner_org=org["id"], catalogue_code="TN-CSDL-041")
        classify(cli, *RULE_ALL, "--apply", "--yes")
        assert show("ban-do-dia-chinh")["catalogue_code"] == "TN-CSDL-042"

    def test_search_index_follows(self, cli, legacy):
        classify(cli, *RULE_ALL, "--apply", "--yes")

        result = helpers.call_action(
            "package_search", q="*:*", include_private=True,
            **{"facet.field": '["sharing_mode"]'})
        assert result["facets"]["sharing_mode"] == {"open": 1, "default": 1}
        assert result["count"] == 3

    def test_second_run_has_nothing_left_but_the_invalid_entry(self, cli, legacy):
        classify(cli, *RULE_ALL, "--apply", "--yes")
        result = classify(cli, *RULE_ALL)
        assert set(lines_by_name(result.output)) == {"bao-cao-noi-bo"}


class TestCsv:
    def write(self, tmp_path, text):
        path = tmp_path / "classify.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    def test_csv_sets_modes_and_fields(self, cli, legacy, tmp_path):
        path = self.write(tmp_path, (
            "name,sharing_mode,catalogue_code,license_id,sector,shared_with,"
            "access_conditions,approving_authority\n"
            "bao-cao-noi-bo,special,TN-CSDL-010,,finance,,"
            "Cán bộ có nhiệm vụ,Giám đốc Sở Tài chính\n"
            "ban-do-dia-chinh,default,TN-CSDL-011,,land,so-tai-nguyen-moi-truong,,\n"
            "quan-trac-khong-khi,open,TN-CSDL-012,,,,,\n"
        ))
        result = classify(cli, "--csv", path, "--apply", "--yes")

        assert result.exit_code == 0, result.output
        lines = lines_by_name(result.output)
        assert all("APPLIED" in line for line in lines.values()), result.output
        bao_cao = show("bao-cao-noi-bo")
        assert bao_cao["sharing_mode"] == "special"
        assert bao_cao["private"] is True  # was public: the mode decides
        assert bao_cao["sector"] == "finance"
        assert bao_cao["approving_authority"] == "Giám đốc Sở Tài chính"
        dia_chinh = show("ban-do-dia-chinh")
        assert dia_chinh["sharing_mode"] == "default"
        assert dia_chinh["catalogue_code"] == "TN-CSDL-011"
        assert len(dia_chinh["shared_with"]) == 1
        assert show("quan-trac-khong-khi")["sharing_mode"] == "open"

    def test_invalid_rows_are_reported_with_their_fields_and_left_alone(
            self, cli, legacy, tmp_path):
        path = self.write(tmp_path, (
            "name,sharing_mode,catalogue_code\n"
            "ban-do-dia-chinh,open,TN-CSDL-001\n"      # closed licence
            "bao-cao-noi-bo,special,TN-CSDL-002\n"     # no conditions, no authority
            "quan-trac-khong-khi,open,tn csdl 3\n"     # malformed code
        ))
        result = classify(cli, "--csv", path, "--apply")

        lines = lines_by_name(result.output)
        assert "SKIPPED" in lines["ban-do-dia-chinh"]
        assert "license_id:" in lines["ban-do-dia-chinh"]
        assert "access_conditions:" in lines["bao-cao-noi-bo"]
        assert "approving_authority:" in lines["bao-cao-noi-bo"]
        assert "catalogue_code:" in lines["quan-trac-khong-khi"]
        for name in lines:
            dataset = show(name)
            assert not dataset.get("sharing_mode")
            assert not dataset.get("catalogue_code")
        # The CSV concerns its rows only: nothing else is listed.
        assert len(lines) == 3

    def test_a_code_given_twice_blocks_both_rows(self, cli, legacy, tmp_path):
        path = self.write(tmp_path, (
            "name,sharing_mode,catalogue_code\n"
            "quan-trac-khong-khi,open,TN-CSDL-005\n"
            "ban-do-dia-chinh,default,TN-CSDL-005\n"
        ))
        result = classify(cli, "--csv", path)
        lines = lines_by_name(result.output)
        assert "INVALID" in lines["quan-trac-khong-khi"]
        assert "INVALID" in lines["ban-do-dia-chinh"]
        assert "TN-CSDL-005" in lines["ban-do-dia-chinh"]

    def test_unknown_dataset_is_reported(self, cli, legacy, tmp_path):
        path = self.write(tmp_path, "name,sharing_mode\nkhong-ton-tai,open\n")
        result = classify(cli, "--csv", path)
        assert "INVALID" in lines_by_name(result.output)["khong-ton-tai"]

    def test_unknown_column_rejects_the_whole_file(self, cli, legacy, tmp_path):
        path = self.write(tmp_path, (
            "name,sharing_mode,catalogue_code,mau_sac\n"
            "quan-trac-khong-khi,open,TN-CSDL-001,do\n"
        ))
        result = classify(cli, "--csv", path, "--apply")
        assert result.exit_code != 0
        assert "mau_sac" in result.output
        assert not show("quan-trac-khong-khi").get("sharing_mode")

    def test_csv_wins_over_the_rule(self, cli, legacy, tmp_path):
        path = self.write(tmp_path, "name,sharing_mode\nquan-trac-khong-khi,default\n")
        result = classify(cli, "--csv", path, *RULE_ALL, "--apply", "--yes")
        assert "APPLIED" in lines_by_name(result.output)["quan-trac-khong-khi"], result.output
        dataset = show("quan-trac-khong-khi")
        assert dataset["sharing_mode"] == "default"
        assert dataset["private"] is True


class TestApplyFailure:
    def test_entry_failing_at_write_time_is_left_whole(self, legacy, org):
        """A code taken between the dry run and the write fails that entry only."""
        context = site_context()
        proposals = classifier.plan(context, rule="default-rule", shared_with=["all"],
                                    code_prefix="TN-CSDL-")
        planned = {p.name: p for p in proposals}
        assert planned["ban-do-dia-chinh"].ok
        assert planned["ban-do-dia-chinh"].changes["catalogue_code"] == "TN-CSDL-001"
        # Someone else registers TN-CSDL-001 meanwhile.
        catalogue_entry("open", owner_org=org["id"], catalogue_code="TN-CSDL-001")

        classifier.apply(context, proposals)

        assert planned["ban-do-dia-chinh"].outcome == "failed"
        assert "catalogue_code" in planned["ban-do-dia-chinh"].problems
        assert planned["quan-trac-khong-khi"].outcome == "applied"
        dia_chinh = show("ban-do-dia-chinh")
        assert not dia_chinh.get("sharing_mode")
        assert not dia_chinh.get("shared_with")
        assert dia_chinh["private"] is True
