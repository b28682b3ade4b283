"""package_search, chained so that per-type hooks see the caller's context.

IPackageController.after_dataset_search gets no context, and search results
never pass through after_dataset_show, so redaction that depends on who asks
(personal data, resource URLs) runs here.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thainguyen import hooks

__all__ = ["package_search"]


@tk.chained_action
@tk.side_effect_free
def package_search(original_action: Any, context: Any, data_dict: dict[str, Any]):
    # Sharing modes: label filter that scales past Solr's boolean limit.
    from ckanext.thainguyen.logic.action.sharing import search_for_viewer
    result = search_for_viewer(original_action, context, data_dict)
    hooks.after_search(context, result)
    return result
