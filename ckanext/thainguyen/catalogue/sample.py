"""The demo portal's catalogue, generated from a compact data file.

``catalogue_entries.csv`` lists the province's catalogue (code, mode, sector,
agency, frequency, title); ``catalogue.yaml`` says how a row becomes a full
entry (texts and values per mode and per agency). Generation is
deterministic, and each entry carries a hash of what it was generated from in
its ``plugin_data``: a repeat load creates what is missing, updates what the
sample changed and skips the rest without a single action call, so the demo
restarts quickly.
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
from typing import Any, Optional


import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.core.sample import add_count, deferred_solr_commits, read_yaml, upsert
from ckanext.thainguyen.core.text import ascii_slug

log = logging.getLogger(__name__)

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample_data")
ENTRIES_FILE = os.path.join(DATA, "catalogue_entries.csv")
RULES_FILE = os.path.join(DATA, "catalogue.yaml")
ORGANIZATIONS_FILE = os.path.join(DATA, "organizations.yaml")

# plugin_data[PLUGIN_DATA_KEY]["hash"]: never shown in the API, only sysadmins write it.
PLUGIN_DATA_KEY = "thainguyen_sample"
LIST_SEPARATOR = ";"
SHARED_WITH_ALL = "all"
NAME_MAX = 90


def slugify(title: str) -> str:
    """ASCII URL name of a Vietnamese title ("Cơ sở dữ liệu" shortened to csdl)."""
    slug = re.sub(r"^co-so-du-lieu-", "csdl-", ascii_slug(title))
    if len(slug) > NAME_MAX:
        slug = slug[:NAME_MAX].rsplit("-", 1)[0]
    return slug


def _rules() -> dict[str, Any]:
    return read_yaml(RULES_FILE)


def organization_titles() -> dict[str, str]:
    return {org["name"]: org["title"] for org in read_yaml(ORGANIZATIONS_FILE)}


def _rows() -> list[dict[str, str]]:
    with open(ENTRIES_FILE, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _fill(template: Any, values: dict[str, str]) -> Any:
    if isinstance(template, str):
        return template.format(**values).strip()
    if isinstance(template, dict):
        return {k: _fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, values) for v in template]
    return template


def entries(agency_titles: Optional[dict[str, str]] = None) -> list[dict[str, Any]]:
    """The package_create dicts of the sample catalogue, in file order."""
    rules = _rules()
    if agency_titles is None:
        agency_titles = organization_titles()
    result = []
    for row in _rows():
        mode = row["sharing_mode"]
        agency = row["owner_org"]
        name = row["name"] or slugify(row["title"])
        values = {"title": row["title"], "name": name, "agency": agency_titles[agency]}
        per_mode = dict(rules["modes"][mode])
        resource = per_mode.pop("resource")
        entry: dict[str, Any] = dict(rules["defaults"])
        entry.update(_fill(per_mode, values))
        entry.update({
            "name": name,
            "title": row["title"],
            "catalogue_code": row["catalogue_code"],
            "sharing_mode": mode,
            "sector": row["sector"],
            "owner_org": agency,
            "update_frequency": row["update_frequency"],
            "managing_unit": rules["agencies"][agency]["managing_unit"],
            "contact_name": rules["agencies"][agency]["managing_unit"],
            "contact_email": rules["agencies"][agency]["contact_email"],
            "resources": [_fill(resource, values)],
        })
        if mode == "default":
            entry["shared_with"] = ([s.strip() for s in row["shared_with"].split(LIST_SEPARATOR)
                                     if s.strip()] or [SHARED_WITH_ALL])
        if mode == "special":
            entry["approving_authority"] = rules["agencies"][agency]["approving_authority"]
        result.append(entry)
    return result


def content_hash(entry: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(entry, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _stored_hashes(names: list[str]) -> dict[str, tuple[Optional[str], str]]:
    """name -> (hash it was loaded from, state), in one query."""
    rows = (model.Session.query(model.Package.name, model.Package.plugin_data,
                                model.Package.state)
            .filter(model.Package.name.in_(names)))
    return {name: (((plugin_data or {}).get(PLUGIN_DATA_KEY) or {}).get("hash"), state)
            for name, plugin_data, state in rows}


def load(context: dict[str, Any]) -> dict[str, int]:
    """The sample agencies and their catalogue entries (IThainguyenFeature.load_sample)."""
    counts: dict[str, int] = {}
    for org in read_yaml(ORGANIZATIONS_FILE):
        add_count(counts, f"organization {upsert('organization', context, org)}")
    counts.update(load_entries(context))
    return counts


def load_entries(context: dict[str, Any],
                 catalogue: Optional[list[dict[str, Any]]] = None) -> dict[str, int]:
    """Create missing entries, update changed ones, skip unchanged ones.

    ``context`` is a sysadmin's (the site user's): only sysadmins may write
    ``plugin_data``.
    """
    catalogue = entries() if catalogue is None else catalogue
    stored = _stored_hashes([e["name"] for e in catalogue])
    user = model.User.by_name(context["user"])
    counts = {"dataset created": 0, "dataset updated": 0, "dataset unchanged": 0}
    todo = []
    for entry in catalogue:
        digest = content_hash(entry)
        stored_hash, state = stored.get(entry["name"], (None, None))
        if state == "active" and stored_hash == digest:
            counts["dataset unchanged"] += 1
        else:
            todo.append((entry, digest, state))
    if not todo:
        return counts
    with deferred_solr_commits():
        for entry, digest, state in todo:
            try:
                _write(context, user, entry, digest, state, counts)
            except tk.ValidationError as e:
                # One entry clashing with local data (say, its code taken by
                # an entry made by hand) must not stop the demo from starting.
                model.Session.rollback()
                log.warning("sample entry %s not loaded: %s", entry["name"], e.error_dict)
                add_count(counts, "dataset failed")
    return counts


def _write(context: dict[str, Any], user: Any, entry: dict[str, Any], digest: str,
           state: Optional[str], counts: dict[str, int]) -> None:
    data = dict(entry, plugin_data={PLUGIN_DATA_KEY: {"hash": digest}})
    if state is None:
        tk.get_action("package_create")(dict(context), data)
        counts["dataset created"] += 1
    else:
        # package_update reads the writer from auth_user_obj to allow plugin_data.
        tk.get_action("package_patch")(dict(context, auth_user_obj=user),
                                       dict(data, id=entry["name"], state="active"))
        counts["dataset updated"] += 1
