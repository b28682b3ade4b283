"""The extension's CKAN plugins, wiring only: every behaviour lives in the modules named here.

- ``thainguyen``: catalogue entries, their sharing modes and access requests;
  it alone answers CKAN for permission labels and dataset hooks, for itself
  and for the feature plugins below (``core.interfaces``).
- ``thainguyen_contest``: the innovation contest (needs ``thainguyen``).
- ``thainguyen_science``: science-project funding records (needs ``thainguyen``).
- ``thainguyen_dcat``: the DCAT catalogue endpoint of ckanext-dcat lists
  catalogue entries only (needs ``thainguyen`` and ckanext-dcat's ``dcat``;
  the entries' DCAT-AP 3 is the ``thainguyen_dcat_ap_3`` profile).
"""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins as p
from ckan import authz
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

import ckanext.thainguyen.i18n as i18n_package
from ckanext.thainguyen.access import action as access_action
from ckanext.thainguyen.access import auth as access_auth
from ckanext.thainguyen.access import helpers as access_helpers
from ckanext.thainguyen.access import model as access_model
from ckanext.thainguyen.access import validators as access_validators
from ckanext.thainguyen.access import views as access_views
from ckanext.thainguyen.catalogue import action as catalogue_action
from ckanext.thainguyen.catalogue import activity as catalogue_activity
from ckanext.thainguyen.catalogue import auth as catalogue_auth
from ckanext.thainguyen.catalogue import cli as catalogue_cli
from ckanext.thainguyen.catalogue import helpers as catalogue_helpers
from ckanext.thainguyen.catalogue import hooks as catalogue_hooks
from ckanext.thainguyen.catalogue import rules as catalogue_rules
from ckanext.thainguyen.catalogue import demo as catalogue_demo
from ckanext.thainguyen.catalogue import sample as catalogue_sample
from ckanext.thainguyen.catalogue import search as catalogue_search
from ckanext.thainguyen.catalogue import validators as catalogue_validators
from ckanext.thainguyen.catalogue import views as catalogue_views
from ckanext.thainguyen.contest import action as contest_action
from ckanext.thainguyen.contest import auth as contest_auth
from ckanext.thainguyen.contest import helpers as contest_helpers
from ckanext.thainguyen.contest import hooks as contest_hooks
from ckanext.thainguyen.contest import sample as contest_sample
from ckanext.thainguyen.contest import validators as contest_validators
from ckanext.thainguyen.contest import views as contest_views
from ckanext.thainguyen.core import cli as core_cli
from ckanext.thainguyen.core import csrf_guard, permissions, records, text
from ckanext.thainguyen.core import helpers as core_helpers
from ckanext.thainguyen.core import validators as core_validators
from ckanext.thainguyen.core.interfaces import IThainguyenFeature
from ckanext.thainguyen.core.wiring import members
from ckanext.thainguyen.dcat import action as dcat_action
from ckanext.thainguyen.dcat import mapping as dcat_mapping
from ckanext.thainguyen.science import action as science_action
from ckanext.thainguyen.science import auth as science_auth
from ckanext.thainguyen.science import cli as science_cli
from ckanext.thainguyen.science import helpers as science_helpers
from ckanext.thainguyen.science import hooks as science_hooks
from ckanext.thainguyen.science import sample as science_sample
from ckanext.thainguyen.science import validators as science_validators
from ckanext.thainguyen.science import views as science_views


@tk.blanket.config_declarations
@tk.blanket.actions(members(catalogue_action, catalogue_activity, access_action))
@tk.blanket.auth_functions(members(catalogue_auth, access_auth))
@tk.blanket.validators(members(core_validators, catalogue_validators, access_validators))
@tk.blanket.helpers(members(catalogue_helpers, access_helpers, core_helpers))
@tk.blanket.blueprints([catalogue_views.thainguyen_catalogue, access_views.thainguyen_access])
@tk.blanket.cli(core_cli.commands)
class ThainguyenPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IPermissionLabels)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(IThainguyenFeature, inherit=True)

    # IConfigurer
    def update_config(self, config: Any):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "thainguyen")
        catalogue_search.allow_terms_query_parser(config)
        permissions.forget_labels_on_writes()

    # IConfigurable: runs once every plugin's update_config has, so the
    # schemas ckanext-scheming loaded are all there to guard.
    def configure(self, config: Any):
        core_validators.guard_record_schemas()

    # ITranslation: the catalogues ship as ckanext.thainguyen.i18n, which the
    # setup maps from the repository's top-level i18n/ folder.
    def i18n_directory(self) -> str:
        return os.path.dirname(os.path.abspath(i18n_package.__file__))

    def i18n_domain(self) -> str:
        return "ckanext-thainguyen"

    # IMiddleware: CKAN passes its Flask app here once the app is built.
    def make_middleware(self, app: Any, config: Any):
        csrf_guard.install(app)
        # CKAN fills its auth-function and validator registries at their first
        # use, and a second request thread can read one half-filled ("Authorization
        # function not found": a 500 on the first concurrent requests of a fresh
        # multi-threaded worker). Fill them now, before any request is served.
        authz.auth_functions_list()
        tk.get_validator("not_empty")
        return app

    # IPermissionLabels, for every record type of every feature plugin.
    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        return permissions.get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        return permissions.get_user_dataset_labels(user_obj)

    # IPackageController, dispatched by record type.
    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]):
        records.after_show(context, pkg_dict)

    def before_dataset_index(self, pkg_dict: dict[str, Any]):
        records.before_index(pkg_dict)
        return pkg_dict

    # Called by package_show for the HTML pages only (``for_view``).
    def before_dataset_view(self, pkg_dict: dict[str, Any]):
        return text.translate_license_title(pkg_dict)

    # IFacets
    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str):
        return catalogue_search.dataset_facets(facets_dict, package_type)

    def organization_facets(self, facets_dict: dict[str, Any], organization_type: str,
                            package_type: Any):
        return catalogue_search.organization_facets(facets_dict, organization_type, package_type)

    # IThainguyenFeature
    def record_types(self):
        return [catalogue_hooks.record_type]

    def user_label_queries(self):
        return [catalogue_rules.agency_staff_label_query, access_model.grant_label_query]

    def user_labels(self):
        return catalogue_rules.configured_user_labels()

    def load_sample(self, context: dict[str, Any]) -> dict[str, int]:
        return catalogue_sample.load(context)

    def load_demo(self, context: dict[str, Any], accounts: Any) -> dict[str, int]:
        return catalogue_demo.load(context, accounts)

    def sample_order(self) -> int:
        return 10

    def thainguyen_commands(self):
        return [catalogue_cli.classify, catalogue_cli.catalogue]


@tk.blanket.config_declarations("contest/config_declaration.yaml")
@tk.blanket.actions(members(contest_action))
@tk.blanket.auth_functions(members(contest_auth))
@tk.blanket.validators(members(contest_validators))
@tk.blanket.helpers(members(contest_helpers))
@tk.blanket.blueprints(contest_views)
class ThainguyenContestPlugin(p.SingletonPlugin):
    p.implements(IThainguyenFeature, inherit=True)

    def record_types(self):
        return [contest_hooks.record_type]

    def user_label_queries(self):
        return [contest_hooks.user_label_query]

    def load_sample(self, context: dict[str, Any]) -> dict[str, int]:
        return contest_sample.load(context)

    def load_demo(self, context: dict[str, Any], accounts: Any) -> dict[str, int]:
        return contest_sample.load_demo(context, accounts)

    def sample_order(self) -> int:
        return 30


@tk.blanket.config_declarations("science/config_declaration.yaml")
@tk.blanket.actions(members(science_action))
@tk.blanket.auth_functions(members(science_auth))
@tk.blanket.validators(members(science_validators))
@tk.blanket.helpers(members(science_helpers))
@tk.blanket.blueprints(science_views)
class ThainguyenSciencePlugin(p.SingletonPlugin):
    p.implements(IThainguyenFeature, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    # IPackageController: the funding tables follow the project records.
    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]):
        science_hooks.after_dataset_write(context, pkg_dict)

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]):
        science_hooks.after_dataset_write(context, pkg_dict)

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]):
        science_hooks.after_dataset_delete(context, pkg_dict)

    # IThainguyenFeature
    def record_types(self):
        return [science_hooks.record_type]

    def user_label_queries(self):
        return [science_hooks.user_label_query]

    def load_sample(self, context: dict[str, Any]) -> dict[str, int]:
        return science_sample.load(context)

    def load_demo(self, context: dict[str, Any], accounts: Any) -> dict[str, int]:
        return science_sample.load_demo(context, accounts)

    def sample_order(self) -> int:
        return 20

    def thainguyen_commands(self):
        return [science_cli.rebuild_funding]


@tk.blanket.config_declarations("dcat/config_declaration.yaml")
@tk.blanket.actions(members(dcat_action))
class ThainguyenDCATPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurable)

    # IConfigurable: a mapping file that does not load stops the site at
    # start, not at the first harvest.
    def configure(self, config: Any):
        dcat_mapping.vocabularies()
