"""A deployed file sent back exactly as deployed, for the pages and the API alike."""

from __future__ import annotations

from io import BytesIO

from flask import Response, send_file

from engine.versions.history import media_type


def file_download(name: str, content: bytes) -> Response:
    """``content`` as an attachment named ``name``; no charset is added to its type, so a file
    declaring another encoding (ISO-8859-1) is read as it says."""
    basename = name.rsplit("/", 1)[-1]
    response = send_file(BytesIO(content), as_attachment=True, download_name=basename, etag=False)
    response.headers["Content-Type"] = media_type(name)
    return response
