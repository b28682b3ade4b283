"""What every feature's pages share: an export action's result handed out as
a file download."""
from __future__ import annotations

import base64
from typing import Any

from flask import Response

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core.users import view_context


def download(action: str, data_dict: dict[str, Any]) -> Response:
    """Runs the export ``action`` as the visitor and answers with its file
    (``filename``, ``mimetype``, ``encoding``, ``content``); a refused input
    is a 400 naming the fields."""
    try:
        result = tk.get_action(action)(view_context(), data_dict)
    except tk.ValidationError as error:
        messages = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in error.error_dict.items())
        return Response(messages, status=400, mimetype="text/plain")
    if result["encoding"] == "base64":
        body: Any = base64.b64decode(result["content"])
    else:
        body = result["content"].encode("utf-8")
    return Response(body, content_type=result["mimetype"], headers={
        "Content-Disposition": f'attachment; filename="{result["filename"]}"',
    })
