"""What ``ckan thainguyen classify`` tells the operator besides the plan:
which changes widen visibility, how to fix a refused field, what is left to
classify, and a CSV template for a site's own mapping."""
from __future__ import annotations

import csv
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue import classify
from ckanext.thainguyen.catalogue.classify import Proposal
from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, OPEN, RESTRICTED_MODES
from ckanext.thainguyen.core.compat import extras_of

# The columns of ``write_template``: what a site's own mapping usually sets.
TEMPLATE_COLUMNS = ("name", "title", "sharing_mode", "catalogue_code", "shared_with",
                    "license_id", "access_conditions", "approving_authority")


def widening(proposal: Proposal) -> list[str]:
    """What the proposal makes visible that was not before, in words.

    An unclassified private dataset is seen by its organisation only; once
    classified, a restricted entry's metadata is public (unless
    ``hide_restricted_metadata`` is on) and an open entry's data is.
    """
    if not proposal.ok or proposal.new_mode == proposal.current_mode:
        return []
    was_private = proposal.private is True and not proposal.current_mode
    was_open = proposal.current_mode == OPEN or (proposal.private is False and not proposal.current_mode)
    found = []
    if (was_private and proposal.new_mode in RESTRICTED_MODES
            and not tk.config.get("ckanext.thainguyen.hide_restricted_metadata")):
        found.append(tk._("its metadata becomes public (title, description, organisation; "
                          "not its data)"))
    if proposal.new_mode == OPEN and not was_open:
        found.append(tk._("its data becomes public (open data: anyone may download it)"))
    return found


def how_to_fix(field: str) -> str:
    """What to do about a refused row's field, in words."""
    hints = {
        "catalogue_code": tk._("give a code in the CSV's catalogue_code column, or let the "
                               "command number the entries with --code-prefix PREFIX"),
        "shared_with": tk._("default mode needs agencies: --shared-with own-org (its own "
                            "organisation), --shared-with all or an organisation name, or the "
                            "CSV's shared_with column"),
        "license_id": tk._("open data needs an open licence: change the licence in the CSV's "
                           "license_id column (the owner's decision), or classify it default "
                           "with --closed-licence default"),
        "access_conditions": tk._("special mode needs access conditions: fill the CSV's "
                                  "access_conditions column"),
        "approving_authority": tk._("special mode needs an approving authority: fill the CSV's "
                                    "approving_authority column"),
        "sharing_mode": tk._("write open, default or special in the CSV's sharing_mode column"),
        "name": tk._("check the dataset's URL name in the CSV's name column "
                     "(ckan thainguyen classify template lists them)"),
        "type": tk._("only catalogue entries are classified: take the row out of the CSV"),
    }
    top = field.split(".", 1)[0].split("[", 1)[0]
    return hints.get(top, tk._("correct the value in the CSV's {field} column, or in the "
                               "dataset's form").format(field=top))


def unclassified() -> dict[str, int]:
    """How many catalogue entries have no sharing mode yet, by private flag."""
    counts = {"public": 0, "private": 0}
    rows = model.Session.query(model.Package.id, model.Package.private).filter(
        model.Package.type == CATALOGUE_TYPE, model.Package.state == "active").all()
    extras = extras_of(package_id for package_id, _private in rows)
    for package_id, private in rows:
        if not extras[package_id].get("sharing_mode"):
            counts["private" if private else "public"] += 1
    return counts


def write_template(stream: Any) -> int:
    """A CSV for a site's own mapping: one row per unclassified catalogue
    entry, its name, title, code and licence filled in, the sharing mode
    left for the steward to choose. Returns the number of rows."""
    writer = csv.DictWriter(stream, fieldnames=TEMPLATE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    context = {"ignore_auth": True}
    rows = 0
    for name in classify.catalogue_names():
        pkg_dict = classify.show_for_update(context, name)
        if pkg_dict.get("sharing_mode"):
            continue
        writer.writerow({"name": name, "title": pkg_dict.get("title") or "",
                         "catalogue_code": pkg_dict.get("catalogue_code") or "",
                         "license_id": pkg_dict.get("license_id") or ""})
        rows += 1
    return rows
