"""DCAT-AP 3 for the national data platform: the ``thainguyen_dcat_ap_3`` profile of ckanext-dcat and the ``thainguyen_dcat`` plugin."""
