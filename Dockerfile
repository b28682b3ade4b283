# Production image: the official CKAN 2.11 base image with this extension.
# Used by docker-compose.yml; configuration comes from the environment
# (.env), never from files baked into the image.
FROM ckan/ckan-base:2.11

COPY --chown=ckan:ckan . ${APP_DIR}/src/ckanext-thainguyen
RUN pip3 install --no-cache-dir "ckanext-scheming==3.1.0" \
 && pip3 install --no-cache-dir ${APP_DIR}/src/ckanext-thainguyen

# The base image's entrypoint runs these before starting CKAN.
COPY docker/entrypoint.d/ /docker-entrypoint.d/

ENV CKAN__PLUGINS="envvars activity datastore datatables_view scheming_datasets thainguyen thainguyen_contest thainguyen_science dcat thainguyen_dcat" \
    CKANEXT__DCAT__RDF__PROFILES="thainguyen_dcat_ap_3" \
    CKAN___SCHEMING__DATASET_SCHEMAS="ckanext.thainguyen.schemas:catalogue.yaml ckanext.thainguyen.schemas:innovation_entry.yaml ckanext.thainguyen.schemas:science_project.yaml" \
    CKAN___SCHEMING__PRESETS="ckanext.scheming:presets.json" \
    CKAN___SCHEMING__DATASET_FALLBACK="false" \
    CKAN__SEARCH__SHOW_ALL_TYPES="false" \
    CKAN__LOCALE_DEFAULT="vi" \
    CKAN__LOCALE_ORDER="vi en" \
    CKAN__LOCALES_OFFERED="vi en" \
    CKAN__DISPLAY_TIMEZONE="Asia/Ho_Chi_Minh" \
    CKAN__CSRF_PROTECTION__IGNORE_EXTENSIONS="false" \
    CKAN__AUTH__PUBLIC_USER_DETAILS="false" \
    CKAN__AUTH__PUBLIC_ACTIVITY_STREAM_DETAIL="false" \
    CKAN__AUTH__USER_CREATE_ORGANIZATIONS="false" \
    CKAN__AUTH__USER_CREATE_GROUPS="false"
