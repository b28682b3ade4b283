"""Catalogue entries as spreadsheets (CSV or XLSX): one row per entry, one
column per field of ``schemas/catalogue.yaml``.

``columns``: the columns, their labels and allowed values, and how a cell
becomes a value and back; ``reading``: a file's rows by field name;
``importing``: the rows validated and written through CKAN's actions;
``writing``: the export and the template.
"""
