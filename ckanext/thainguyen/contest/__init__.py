"""The innovation contest (Đổi mới sáng tạo – vì Thái Nguyên thân yêu):
plugin ``thainguyen_contest``, wired in ``ckanext.thainguyen.plugin``.

Importing a module here registers nothing: the plugin declares the actions,
auth functions, validators, helpers, blueprints, record type and user
labels these modules list.
"""
