"""The extension point through which feature plugins join the ``thainguyen`` plugin.

CKAN asks only the first plugin that implements ``IPermissionLabels`` for
labels, and one ``IPackageController`` per record type keeps the hooks in a
known order. So ``thainguyen`` alone implements both, and every feature
plugin (``thainguyen`` itself included) declares here what it adds:
its record types and the extra labels of users.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional

import ckan.plugins as p

UserLabelQuery = Callable[[Any], Optional[Any]]
# (signed-in ``model.User`` or None, ``model.Package``) -> may they see it?
ViewerRule = Callable[[Any, Any], bool]


@dataclasses.dataclass(frozen=True)
class RecordType:
    dataset_type: str
    dataset_labels: Optional[Callable[[Any], Optional[list[str]]]] = None
    after_show: Optional[Callable[[Any, dict[str, Any]], None]] = None
    after_search_result: Optional[Callable[[Any, dict[str, Any]], None]] = None
    before_index: Optional[Callable[[dict[str, Any]], None]] = None
    # Fields kept in the feature's own tables, added to the copy being
    # indexed before the hidden ones are taken out: CKAN 2.12 indexes the
    # dataset as its default schema shows it, without after_dataset_show.
    add_derived_fields: Optional[Callable[[dict[str, Any]], None]] = None
    # Who may see the fields the schema declares hidden (core.redaction);
    # sysadmins always may. Personal data: by default its creator only.
    may_see_personal: Optional[ViewerRule] = None
    # Embargoed fields: those who may before the embargo lifts (by default
    # sysadmins only), and when it lifts for a record (then every reader).
    may_see_embargoed: Optional[ViewerRule] = None
    embargo_lifted: Optional[Callable[[Any], bool]] = None


class IThainguyenFeature(p.Interface):
    """Implemented by each plugin of the extension."""

    def record_types(self) -> list[RecordType]:
        """The dataset types this feature owns, with their labels and hooks."""
        return []

    def user_label_queries(self) -> list[UserLabelQuery]:
        """Functions(user) returning a SELECT of one text column ``label``.

        ``user`` is ``core.permissions.AskingUser`` (its attributes are bind
        parameters): the statement is built once and run for each user.
        """
        return []

    def user_labels(self) -> list[str]:
        """Labels every user carries (anonymous ones too), decided at each
        request: read the configuration here, so that changing it needs no
        reindexing."""
        return []

    def load_sample(self, context: dict[str, Any]) -> dict[str, int]:
        """Create or update this feature's demo content; counts by kind."""
        return {}

    def load_demo(self, context: dict[str, Any], accounts: Any) -> dict[str, int]:
        """After every sample has loaded (``ckan thainguyen demo``): this
        feature's demo accounts (``accounts.ensure``, a ``core.demo.Accounts``)
        and whatever else its story needs; counts by kind."""
        return {}

    def sample_order(self) -> int:
        """Samples load in this order (lower first): later ones may refer to earlier ones."""
        return 50

    def thainguyen_commands(self) -> list[Any]:
        """click commands added to ``ckan thainguyen``."""
        return []
