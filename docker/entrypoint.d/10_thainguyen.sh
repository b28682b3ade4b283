#!/bin/bash
# Apply the extension's own migrations on every start (a no-op when current).
ckan -c "$CKAN_INI" db upgrade -p thainguyen
