"""Science-project funding records (``science-project``), the ``thainguyen_science`` plugin.

- ``rules``: statuses, choices, the science department and who sees contacts.
- ``hooks``: how CKAN shows and indexes a project; keeping the funding tables in step.
- ``store``, ``model``: the denormalised funding tables and their queries.
- ``action``, ``auth``, ``schema``, ``validators``, ``helpers``, ``views``,
  ``cli``, ``sample``: what the plugin registers with CKAN.

Importing a module registers nothing: ``plugin.py`` wires them.
"""
