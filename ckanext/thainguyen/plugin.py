"""Plugin wiring only: every behaviour lives in the modules it names."""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

import ckanext.thainguyen.i18n as i18n_package
from ckanext.thainguyen import hooks, permissions, signals

# Feature modules register their hooks and permission labellers on import.
from ckanext.thainguyen import sharing, contest, science  # noqa: F401


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

    # IConfigurer
    def update_config(self, config: Any):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "thainguyen")

    # ITranslation: the catalogues ship as ckanext.thainguyen.i18n, which the
    # setup maps from the repository's top-level i18n/ folder.
    def i18n_directory(self) -> str:
        return os.path.dirname(os.path.abspath(i18n_package.__file__))

    def i18n_domain(self) -> str:
        return "ckanext-thainguyen"

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

    # ISignal
    def get_signal_subscriptions(self):
        return signals.get_subscriptions()
