"""Dataset schemas (ckanext-scheming YAML), shipped as package data."""
