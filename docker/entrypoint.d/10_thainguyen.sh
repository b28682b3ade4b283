#!/bin/bash
# Apply the extension's own migrations on every start (a no-op when current).
for plugin in thainguyen thainguyen_contest thainguyen_science; do
  ckan -c "$CKAN_INI" db upgrade -p "$plugin"
done
