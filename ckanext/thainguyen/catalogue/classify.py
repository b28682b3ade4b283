"""Bulk classification of datasets that predate the extension.

A site that installs ckanext-thainguyen already holds datasets without a
``sharing_mode``. ``ckan thainguyen classify`` proposes a mode (and other
catalogue fields) for each of them, from a CSV file prepared by the
province's staff or from a rule, validates every proposal against the real
catalogue schema and, with ``--apply``, writes them with ``package_patch`` so
the same validation and enforcement run as in the web form.
"""
from __future__ import annotations

import csv
import dataclasses
import re
from typing import Any, Iterable, Optional

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.lib import search

from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE, DEFAULT, OPEN
from ckanext.thainguyen.catalogue.validators import license_is_open
from ckanext.thainguyen.core.compat import join_extra

DEFAULT_RULE = "default-rule"
RULES = (DEFAULT_RULE,)

# ``--shared-with own-org``: each entry is shared with its own organisation.
OWN_ORG = "own-org"
# ``--closed-licence``: what the rule does with a public dataset whose
# licence is not open (open mode needs an open one).
CLOSED_LICENCE_REFUSE = "refuse"
CLOSED_LICENCE_DEFAULT = "default"
CLOSED_LICENCE_CHOICES = (CLOSED_LICENCE_REFUSE, CLOSED_LICENCE_DEFAULT)

# Fields a CSV may never set: identity and bookkeeping stay CKAN's.
_PROTECTED_COLUMNS = {"id", "type", "state", "private", "resources", "metadata_created",
                      "metadata_modified", "creator_user_id"}
# A cell of a list field holds several values separated like this.
LIST_SEPARATOR = ";"


class ClassifyError(Exception):
    """The input cannot be used at all (bad file, unknown column...)."""


@dataclasses.dataclass
class Proposal:
    name: str
    private: Optional[bool]
    current_mode: Optional[str]
    changes: dict[str, Any]
    problems: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    new_private: Optional[bool] = None
    outcome: str = "planned"

    @property
    def new_mode(self) -> Optional[str]:
        return self.changes.get("sharing_mode", self.current_mode)

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------- inputs

def _catalogue_fields() -> dict[str, dict[str, Any]]:
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema(CATALOGUE_TYPE) or {}
    return {f["field_name"]: f for f in schema.get("dataset_fields", [])}


def _is_list_field(field: dict[str, Any]) -> bool:
    # Multiple-choice and list presets expect a list; a CSV cell is a string.
    markers = " ".join(str(field.get(k, "")) for k in ("preset", "validators", "output_validators"))
    return "multiple" in markers or "json_list" in markers


def read_csv(path: str) -> dict[str, dict[str, Any]]:
    """Rows of the classification CSV, keyed by dataset name.

    Empty cells are left out: an empty cell never erases a value.
    """
    fields = _catalogue_fields()
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            columns = [c.strip() for c in (reader.fieldnames or [])]
            if "name" not in columns:
                raise ClassifyError(f"{path}: the CSV needs a 'name' column")
            unknown = [c for c in columns
                       if c != "name" and (c in _PROTECTED_COLUMNS or c not in fields)]
            if unknown:
                raise ClassifyError(
                    f"{path}: columns that are not catalogue fields: {', '.join(unknown)}")
            rows: dict[str, dict[str, Any]] = {}
            for line, raw in enumerate(reader, start=2):
                row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
                name = row.pop("name", "")
                if not name:
                    raise ClassifyError(f"{path}:{line}: empty 'name'")
                if name in rows:
                    raise ClassifyError(f"{path}:{line}: '{name}' appears twice")
                values: dict[str, Any] = {}
                for column, value in row.items():
                    if not value:
                        continue
                    if _is_list_field(fields[column]):
                        values[column] = [v.strip() for v in value.split(LIST_SEPARATOR)
                                          if v.strip()]
                    else:
                        values[column] = value
                rows[name] = values
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise ClassifyError(f"{path}: {e}") from e


def rule_changes(pkg_dict: dict[str, Any], rule: str,
                 closed_licence: str = CLOSED_LICENCE_REFUSE) -> dict[str, Any]:
    """What ``rule`` proposes for an unclassified dataset.

    ``default-rule`` keeps today's visibility as far as it can: what the
    public already sees becomes open data, what is private becomes shared by
    default mode. It never changes a licence: an open entry needs an open
    licence, and relicensing is the owner's decision, so a public dataset
    with a closed licence is reported, or (``closed_licence="default"``)
    shared by default mode instead: its metadata stays public, its data
    goes to the agencies it is shared with.
    """
    if rule != DEFAULT_RULE:
        raise ClassifyError(f"unknown rule {rule!r}; known: {', '.join(RULES)}")
    if pkg_dict.get("private"):
        return {"sharing_mode": DEFAULT}
    if closed_licence == CLOSED_LICENCE_DEFAULT and not license_is_open(pkg_dict.get("license_id")):
        return {"sharing_mode": DEFAULT}
    return {"sharing_mode": OPEN}


# ---------------------------------------------------------------- planning

def catalogue_names() -> list[str]:
    query = (model.Session.query(model.Package.name)
             .filter(model.Package.type == CATALOGUE_TYPE)
             .filter(model.Package.state == "active")
             .order_by(model.Package.name))
    return [name for (name,) in query]


def _next_codes(prefix: str, taken: Iterable[str]):
    """Codes ``<prefix>001``, ``<prefix>002``... after the highest one in use."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    highest = max((int(m.group(1)) for code in taken if code
                   for m in [pattern.match(code)] if m), default=0)
    n = highest
    while True:
        n += 1
        yield f"{prefix}{n:03d}"


def show_for_update(context: dict[str, Any], name: str) -> dict[str, Any]:
    return tk.get_action("package_show")(dict(context, for_update=True), {"id": name})


def _validate(context: dict[str, Any], pkg_dict: dict[str, Any]):
    """Run package_update's validation of ``pkg_dict`` without writing."""
    pkg = model.Package.get(pkg_dict["id"])
    plugin = lib_plugins.lookup_package_plugin(pkg.type)
    validate_context = dict(context, package=pkg, model=model, session=model.Session)
    try:
        return lib_plugins.plugin_validate(
            plugin, validate_context, dict(pkg_dict), plugin.update_package_schema(),
            "package_update")
    finally:
        # Validators may touch the session (lookups); nothing must stick.
        model.Session.rollback()


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """Field errors as ``{"field": [messages]}``, nested ones dotted."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            flat.update(_flatten(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}"))
    elif isinstance(errors, list):
        messages = [m for m in errors if isinstance(m, str)]
        if messages:
            flat[prefix or "?"] = messages
        for i, item in enumerate(e for e in errors if not isinstance(e, str)):
            flat.update(_flatten(item, f"{prefix}[{i}]"))
    elif errors:
        flat[prefix or "?"] = [str(errors)]
    return flat


def _shared_with_for(pkg_dict: dict[str, Any], shared_with: list[str]) -> list[str]:
    """``shared_with`` of the command for one entry: ``own-org`` is its organisation."""
    found = []
    for ref in shared_with:
        ref = pkg_dict.get("owner_org") or ref if ref == OWN_ORG else ref
        if ref not in found:
            found.append(ref)
    return found


def plan(context: dict[str, Any], *, rows: Optional[dict[str, dict[str, Any]]] = None,
         rule: Optional[str] = None, shared_with: Optional[list[str]] = None,
         code_prefix: Optional[str] = None,
         closed_licence: str = CLOSED_LICENCE_REFUSE) -> list[Proposal]:
    """Proposals for the datasets concerned, each validated (nothing written).

    With a rule, every catalogue entry without a sharing mode is concerned;
    with a CSV, every row is (CSV values win over the rule's). ``shared_with``
    fills entries going to default mode that name no agencies (``own-org``:
    the entry's own organisation); ``code_prefix`` gives a code to entries
    that lack only that; ``closed_licence`` is ``rule_changes``'s.
    """
    rows = rows or {}
    names = list(rows)
    if rule:
        names += [n for n in catalogue_names() if n not in rows]

    shown: dict[str, dict[str, Any]] = {}
    proposals: list[Proposal] = []
    for name in names:
        try:
            pkg_dict = shown[name] = show_for_update(context, name)
        except tk.ObjectNotFound:
            proposals.append(Proposal(name, None, None, dict(rows[name]),
                                      {"name": [tk._("Dataset not found")]}, outcome="skipped"))
            continue
        if pkg_dict.get("type") != CATALOGUE_TYPE:
            proposals.append(Proposal(name, pkg_dict.get("private"), None, dict(rows[name]),
                                      {"type": [tk._("Not a catalogue entry")]},
                                      outcome="skipped"))
            continue
        current = pkg_dict.get("sharing_mode") or None
        if name not in rows and current:
            continue  # The rule only concerns unclassified entries.
        changes = rule_changes(pkg_dict, rule, closed_licence) if (rule and not current) else {}
        changes.update(rows.get(name, {}))
        if (shared_with and changes.get("sharing_mode", current) == DEFAULT
                and not changes.get("shared_with") and not pkg_dict.get("shared_with")):
            changes["shared_with"] = _shared_with_for(pkg_dict, shared_with)
        proposals.append(Proposal(name, pkg_dict.get("private"), current, changes))

    planned = [p for p in proposals if p.outcome == "planned"]
    for proposal in planned:
        _check(context, proposal, shown[proposal.name])
    if code_prefix:
        # Only entries that are valid but for their code get one, so the
        # official numbering has no holes left by entries still to fix.
        codes = _next_codes(code_prefix, _codes_in_use() + [
            p.changes.get("catalogue_code") for p in planned])
        for proposal in planned:
            if (set(proposal.problems) == {"catalogue_code"}
                    and not proposal.changes.get("catalogue_code")
                    and not shown[proposal.name].get("catalogue_code")):
                proposal.changes["catalogue_code"] = next(codes)
                _check(context, proposal, shown[proposal.name])
    _flag_shared_codes(planned)
    return proposals


def _check(context: dict[str, Any], proposal: Proposal, pkg_dict: dict[str, Any]) -> None:
    data, errors = _validate(context, dict(pkg_dict, **proposal.changes))
    proposal.problems = _flatten(errors)
    proposal.new_private = data.get("private") if not errors else None


def _codes_in_use() -> list[str]:
    query = model.Session.query(model.Package.id).filter(model.Package.state != "deleted")
    query, value = join_extra(query, "catalogue_code")
    return [code for (code,) in query.with_entities(value) if code]


def _flag_shared_codes(proposals: list[Proposal]) -> None:
    # Each proposal validates alone, against what is stored: two of them
    # giving the same new code would both pass, and the second would fail
    # half-way through --apply.
    by_code: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        code = proposal.changes.get("catalogue_code")
        if proposal.outcome == "planned" and code:
            by_code.setdefault(str(code).strip().upper(), []).append(proposal)
    for code, sharing in by_code.items():
        if len(sharing) < 2:
            continue
        names = ", ".join(p.name for p in sharing)
        for proposal in sharing:
            proposal.problems.setdefault("catalogue_code", []).append(
                tk._("Catalogue code {code} is given to several entries: {names}").format(
                    code=code, names=names))
            proposal.new_private = None


# ---------------------------------------------------------------- applying

def apply(context: dict[str, Any], proposals: list[Proposal]) -> None:
    """Write each valid proposal with package_patch, one dataset at a time.

    package_patch validates and commits a dataset in one transaction, so a
    dataset is either fully classified or untouched; a failure (for example
    a catalogue code taken meanwhile) is recorded on its proposal.
    """
    for proposal in proposals:
        if proposal.outcome != "planned":
            continue
        if not proposal.ok:
            proposal.outcome = "skipped"
            continue
        try:
            result = tk.get_action("package_patch")(
                dict(context), dict(proposal.changes, id=proposal.name))
        except tk.ValidationError as e:
            model.Session.rollback()
            proposal.problems = _flatten(e.error_dict)
            proposal.outcome = "failed"
            continue
        proposal.new_private = result.get("private")
        proposal.outcome = "applied"
        if not plugins.plugin_loaded("synchronous_search"):
            # Without CKAN's indexing-on-commit the new private flag and
            # permission labels would not reach Solr.
            search.rebuild(result["id"])
