"""Rows of a spreadsheet imported as catalogue entries.

An import finds each row's entry by ``catalogue_code`` and goes through
``package_create`` / ``package_update`` as the form does, so an entry is
stored exactly as the form would store it. Every row is first tried in a
transaction that is rolled back: that validates it (schema and auth) and
gives what would be stored, to compare with what is. Only then are the
rows written, one transaction per entry, and indexed with one Solr commit
at the end (as ``ckan search-index rebuild`` does).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterable, Optional

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import plugins as lib_plugins

from ckanext.thainguyen.catalogue.rules import CATALOGUE_TYPE
from ckanext.thainguyen.catalogue.spreadsheet.columns import KEY, Column, Lookups, cell_value
from ckanext.thainguyen.catalogue.spreadsheet.reading import Sheet
from ckanext.thainguyen.core.compat import join_extra
from ckanext.thainguyen.core.text import ascii_slug

# Error keys of CKAN's validation that belong to another column.
_ERROR_COLUMN = {"tags": "tag_string", "private": "sharing_mode", "organization": "owner_org"}
# Longest URL name CKAN accepts.
_NAME_MAX = 100


@dataclasses.dataclass
class RowResult:
    number: int
    code: str
    outcome: str = "planned"  # created, updated, unchanged, invalid, failed, not-written
    errors: list[tuple[Optional[str], str]] = dataclasses.field(default_factory=list)
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    existing_id: Optional[str] = None
    will: str = ""  # create, update or unchanged, once validated

    @property
    def ok(self) -> bool:
        return not self.errors


def entry_ids_by_code() -> dict[str, str]:
    """Live entries' ids by catalogue code (the database, never the index)."""
    query = model.Session.query(model.Package.id).filter(
        model.Package.state != "deleted", model.Package.type == CATALOGUE_TYPE)
    query, value = join_extra(query, KEY)
    return {code.strip().upper(): pkg_id for pkg_id, code in query.with_entities(
        model.Package.id, value) if code}


def show_entry(pkg_id: str, **extra: Any) -> dict[str, Any]:
    return tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False, **extra}, {"id": pkg_id})


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """A validated dict without what differs between two validations of
    the same entry: tags given as a string or as the stored list, an empty
    cell or a field never filled in."""
    data = {key: value for key, value in data.items()
            if value not in (None, "", [], "[]") and key != "tag_string"}
    data["tags"] = sorted(t.get("name") for t in data.get("tags") or [])
    # CKAN 2.11 validates the schema's fields into extras rows.
    data["extras"] = sorted((e.get("key"), e.get("value")) for e in data.get("extras") or []
                            if e.get("value") not in (None, "", "[]"))
    return data


def _flat_errors(error_dict: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for key, messages in (error_dict or {}).items():
        if isinstance(messages, dict):
            messages = [f"{k}: {v}" for k, v in messages.items()]
        elif not isinstance(messages, list):
            messages = [messages]
        for message in messages:
            if isinstance(message, dict):
                message = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in message.items())
            found.append((_ERROR_COLUMN.get(key, key), str(message)))
    return found


class Importer:
    """Imports the rows of one file as one user (``context``)."""

    def __init__(self, context: dict[str, Any], sheet: Sheet, column_list: list[Column]):
        self.context = context
        self.sheet = sheet
        self.columns = [c for c in column_list if c.name in sheet.headers]
        self.all_columns = column_list
        self.lookups = Lookups()
        self.results = [RowResult(number, cells.get(KEY, "").strip().upper())
                        for number, cells in sheet.rows]

    # ------------------------------------------------ the would-be dicts

    def _data(self, result: RowResult, cells: dict[str, str], ids: dict[str, str]) -> dict[str, Any]:
        values = {c.name: cell_value(c, cells.get(c.name, ""), self.lookups) for c in self.columns}
        result.existing_id = ids.get(result.code)
        if not result.existing_id:
            data = {"type": CATALOGUE_TYPE, **values}
            if not data.get("name") and data.get("title"):
                data["name"] = ascii_slug(data["title"])[:_NAME_MAX].strip("-")
            return data
        # Fields the file has no column for keep their stored values, and so
        # do the entry's resources and free extras.
        stored = show_entry(result.existing_id, for_update=True)
        data = dict(stored, **values)
        if "tag_string" in values:
            data.pop("tags", None)
        if not data.get("name"):  # an empty cell keeps the entry's URL
            data["name"] = stored["name"]
        data.pop("organization", None)
        return data

    def _validated(self, data: dict[str, Any], pkg_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """What package_update would store of ``data``: its auth and its
        validation, exactly as the action runs them, nothing written.

        (An update cannot be tried and rolled back as a create is: CKAN
        2.12's package_update drops its own changes under ``defer_commit``.)
        """
        pkg = model.Package.get(pkg_id)
        context = dict(self.context, model=model, session=model.Session, package=pkg)
        tk.check_access("package_update", dict(context), dict(data))
        plugin = lib_plugins.lookup_package_plugin(pkg.type)
        try:
            return lib_plugins.plugin_validate(plugin, context, dict(data),
                                               plugin.update_package_schema(), "package_update")
        finally:
            model.Session.rollback()  # validators may query; nothing must stick

    def _check(self, result: RowResult) -> None:
        """Records the row's errors, or what it would do (``will``)."""
        try:
            if result.existing_id:
                new, errors = self._validated(result.data, result.existing_id)
                if errors:
                    result.errors.extend(_flat_errors(errors))
                    return
                stored = show_entry(result.existing_id, for_update=True)
                old, _old_errors = self._validated(stored, result.existing_id)
                result.will = "unchanged" if _comparable(new) == _comparable(old) else "update"
            else:
                # A create is tried for real and rolled back: it says all
                # the form would say (the URL taken, the agency...).
                tk.get_action("package_create")(dict(self.context, defer_commit=True),
                                                dict(result.data))
                result.will = "create"
        except tk.ValidationError as e:
            result.errors.extend(_flat_errors(e.error_dict))
        except tk.NotAuthorized as e:
            result.errors.append((None, tk._("You may not write this entry: {reason}").format(
                reason=str(e) or tk._("not authorised"))))
        except tk.ObjectNotFound as e:
            result.errors.append((None, str(e) or tk._("Not found")))
        finally:
            model.Session.rollback()

    def _write(self, result: RowResult) -> Optional[dict[str, Any]]:
        """Writes one entry in one transaction (the action's own commit)."""
        action = "package_update" if result.existing_id else "package_create"
        try:
            return tk.get_action(action)(dict(self.context), dict(result.data))
        except tk.ValidationError as e:
            result.errors.extend(_flat_errors(e.error_dict))
        except tk.NotAuthorized as e:
            result.errors.append((None, tk._("You may not write this entry: {reason}").format(
                reason=str(e) or tk._("not authorised"))))
        model.Session.rollback()
        return None

    # ------------------------------------------------ the two passes

    def validate(self, progress: Optional[Callable[[Iterable[Any]], Any]] = None) -> list[RowResult]:
        """Every row tried and rolled back: its errors, or what it would do."""
        ids = entry_ids_by_code()
        self._flag_repeated_codes()
        pairs = list(zip(self.results, self.sheet.rows))
        with _progress(progress, pairs) as bar:
            for result, (_number, cells) in bar:
                if not result.code:
                    result.errors.append((KEY, tk._("Missing value")))
                if result.errors:
                    continue
                result.data = self._data(result, cells, ids)
                self._check(result)
        self._flag_repeated_names()
        for result in self.results:
            if result.errors:
                result.outcome = "invalid"
        return self.results

    def write(self, progress: Optional[Callable[[Iterable[Any]], Any]] = None) -> list[RowResult]:
        """Writes the valid rows that change something, one transaction
        each; indexes them and commits Solr once, even when interrupted."""
        todo = [r for r in self.results if r.ok and r.will in ("create", "update")]
        for result in self.results:
            if result.ok and result.will == "unchanged":
                result.outcome = "unchanged"
        written: list[str] = []
        solr_commit = tk.config.get("ckan.search.solr_commit")
        # CKAN indexes each entry as its transaction commits: documents sent
        # to Solr, one Solr commit at the end instead of one per entry.
        tk.config["ckan.search.solr_commit"] = False
        try:
            with _progress(progress, todo) as bar:
                for result in bar:
                    after = self._write(result)
                    if after is None:
                        result.outcome = "failed"
                        continue
                    result.outcome = "created" if result.will == "create" else "updated"
                    written.append(after["id"])
        except BaseException:
            model.Session.rollback()
            for result in todo:
                if result.outcome == "planned":
                    result.outcome = "not-written"
            raise
        finally:
            tk.config["ckan.search.solr_commit"] = solr_commit
            if written:
                from ckan.lib.search.common import make_connection
                # Waits for the new searcher: a search right after the
                # import finds the entries.
                make_connection().commit()
        return self.results

    def _flag_repeated_codes(self) -> None:
        by_code: dict[str, list[RowResult]] = {}
        for result in self.results:
            if result.code:
                by_code.setdefault(result.code, []).append(result)
        for code, sharing in by_code.items():
            if len(sharing) > 1:
                rows = ", ".join(str(r.number) for r in sharing)
                for result in sharing:
                    result.errors.append((KEY, tk._(
                        "Catalogue code {code} is on several rows: {rows}").format(code=code, rows=rows)))

    def _flag_repeated_names(self) -> None:
        # Each row is tried alone against what is stored: two new entries
        # with the same URL name would both pass, and the second one fail.
        by_name: dict[str, list[RowResult]] = {}
        for result in self.results:
            name = result.data.get("name")
            if result.ok and result.will == "create" and name:
                by_name.setdefault(name, []).append(result)
        for name, sharing in by_name.items():
            if len(sharing) > 1:
                rows = ", ".join(str(r.number) for r in sharing)
                for result in sharing:
                    result.errors.append(("name", tk._(
                        "URL {name} is on several rows: {rows}").format(name=name, rows=rows)))


class _progress:
    """``progress(items)`` as a context manager, or the items as they are."""

    def __init__(self, progress: Optional[Callable[[Iterable[Any]], Any]], items: list[Any]):
        self.bar = progress(items) if progress else None
        self.items = items

    def __enter__(self) -> Iterable[Any]:
        return self.bar.__enter__() if self.bar is not None else self.items

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
