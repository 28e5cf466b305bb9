"""/guide/: the documentation site (MkDocs), served from the folder `make guide` builds.

The site is built from docs/ by `make serve` (or `make guide`) into `GUIDE_DIR`
(`instance/site` by default) before the server starts; the service only sends its files.
MkDocs Material writes a few small inline scripts into every page, so each HTML page gets
a Content-Security-Policy that allows exactly those scripts by their SHA-256 hashes (and
scripts from this host), never `'unsafe-inline'`.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from pathlib import Path

from flask import Blueprint, Response, current_app, request
from werkzeug.security import safe_join

from api.errors import NotFound
from api.http.html import PAGE_POLICY

blp = Blueprint("guide", __name__)
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)
MAX_AGE = 300  # seconds: a rebuilt guide is seen within five minutes


@blp.route("/guide/", endpoint="index", defaults={"path": "index.html"})
@blp.route("/guide/<path:path>", endpoint="page")
def page(path: str) -> Response:
    """One file of the built site; a folder answers with its index.html."""
    folder = guide_folder()
    if not (folder / "index.html").is_file():
        raise NotFound(
            "the guide is not built on this server: `make guide` (or `make serve`) builds it "
            f"into {folder}; the same pages are under docs/ in the repository"
        )
    file = _file(folder, path)
    body = file.read_bytes()
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = Response(body, mimetype=kind)
    if kind == "text/html":
        response.headers["Content-Security-Policy"] = policy(body)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.add_etag()
    response.make_conditional(request)  # 304 for a matching If-None-Match; changes `response`
    return response


def _file(folder: Path, path: str) -> Path:
    """The file a path names inside the site (a folder's index.html); 404 outside it."""
    joined = safe_join(str(folder), path)
    file = Path(joined) if joined else None
    try:  # a name the file system cannot hold (over 255 bytes: ENAMETOOLONG) is no page
        if file is not None and file.is_dir():
            file = file / "index.html"
        found = file is not None and file.is_file()
    except (OSError, ValueError):
        found = False
    if file is None or not found:
        raise NotFound(f"the guide has no page {path}")
    return file


def guide_folder() -> Path:
    return Path(current_app.config["GUIDE_DIR"])


def policy(html: bytes) -> str:
    """The page policy, with the page's own inline scripts allowed by hash."""
    hashes = inline_hashes(html)
    if not hashes:
        return PAGE_POLICY
    allowed = " ".join(f"'sha256-{h}'" for h in hashes)
    return PAGE_POLICY.replace("script-src 'self'", f"script-src 'self' {allowed}", 1)


def inline_hashes(html: bytes) -> tuple[str, ...]:
    """Base64 SHA-256 of each inline script, in order, without repeats."""
    found = dict.fromkeys(
        base64.b64encode(hashlib.sha256(body).digest()).decode()
        for body in INLINE_SCRIPT.findall(html)
    )
    return tuple(found)
