"""Plugin wiring only: every behaviour lives in the modules it names."""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

import ckanext.thainguyen.i18n as i18n_package
from ckanext.thainguyen import csrf_guard, hooks, permissions, signals

# Feature modules register their hooks and permission labellers on import.
from ckanext.thainguyen import sharing, contest, science, access  # noqa: F401


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
@tk.blanket.cli
class ThainguyenPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPermissionLabels)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.ISignal)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config: Any):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "thainguyen")
        sharing.allow_terms_query_parser(config)

    # ITranslation: the catalogues ship as ckanext.thainguyen.i18n, which the
    # setup maps from the repository's top-level i18n/ folder.
    def i18n_directory(self) -> str:
        return os.path.dirname(os.path.abspath(i18n_package.__file__))

    def i18n_domain(self) -> str:
        return "ckanext-thainguyen"

    # IMiddleware: CKAN passes its Flask app here once the app is built.
    def make_middleware(self, app: Any, config: Any):
        csrf_guard.install(app)
        return app

    # IPermissionLabels
    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        return permissions.get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        return permissions.get_user_dataset_labels(user_obj)

    # IPackageController
    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]):
        hooks.after_show(context, pkg_dict)

    def before_dataset_index(self, pkg_dict: dict[str, Any]):
        hooks.before_index(pkg_dict)
        return pkg_dict

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]):
        science.after_dataset_create(context, pkg_dict)

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]):
        science.after_dataset_update(context, pkg_dict)

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]):
        science.after_dataset_delete(context, pkg_dict)

    # ISignal
    def get_signal_subscriptions(self):
        return signals.get_subscriptions()

    # IFacets
    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str):
        return sharing.dataset_facets(facets_dict, package_type)

    def organization_facets(self, facets_dict: dict[str, Any], organization_type: str,
                            package_type: Any):
        return sharing.organization_facets(facets_dict, organization_type, package_type)
