"""Documents whose address is a copy's, not the original publication's.

A mirror host is a bare IP address, a CDN, preview or staging host (`*.cloudfront.net`,
`*.pages.dev`, `*.azurewebsites.net`, `*.a.run.app`, `staging.…`), a web proxy, or a site
known in this data set for republishing agency copy or other sites' pages. A document on such a
host, or whose `republished_by` is its own host, must be marked `mirror=true` (in documents.csv
or a later document_corrections.csv): an unmarked one is a finding, a marked one is reported.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final

_CDN_HOSTS: Final = re.compile(
    r"(?:^|\.)(?:cloudfront\.net|pages\.dev|azurewebsites\.net|run\.app|workers\.dev|"
    r"netlify\.app|vercel\.app|herokuapp\.com|appspot\.com|web\.app|firebaseapp\.com|"
    r"webdock\.cloud|ceno\.life|dastresan\.net|newsmemory\.com)$"
)
_PREVIEW_HOSTS: Final = re.compile(r"^(?:staging|preview)\d*\.")
# Sites that republish other publishers' copy or documents (a copy, never the original).
REPUBLISHERS: Final = frozenset(
    {
        "nationalconservativemovement.com",
        "article.wn.com",
        "theworldnews.net",
        "tgoop.com",
        "group-telegram.com",
        "docslib.org",
        "scribd.com",
    }
)


def host(url: str) -> str:
    """The host of an address, lower case, without `www.` or a port."""
    netloc = re.sub(r"^https?://", "", url).split("/")[0].split("@")[-1].lower().rstrip(".")
    if netloc.startswith("["):
        return netloc[1:].split("]")[0]
    return netloc.split(":")[0].removeprefix("www.")


def mirror_host(url: str) -> str | None:
    """Why the address looks like a copy's (a mirror host), or None."""
    name = host(url)
    try:
        ipaddress.ip_address(name)
        return "a bare IP address"
    except ValueError:
        pass
    if _CDN_HOSTS.search(name):
        return "a CDN, proxy or hosting address"
    if _PREVIEW_HOSTS.match(name):
        return "a preview or staging host"
    if name in REPUBLISHERS:
        return "a site republishing others' copy"
    return None


def mirror_reason(document: dict[str, str]) -> str | None:
    """Why the document is a copy: its host, or a republication at its own address."""
    url = document.get("url") or ""
    reason = mirror_host(url)
    republished = host(document.get("republished_by") or "")
    if reason is None and republished and host(url) == republished:
        reason = f"republished by {republished}, at that site's address"
    return reason


def is_marked(document: dict[str, str]) -> bool:
    """The document is marked as a mirror."""
    return (document.get("mirror") or "").strip().lower() == "true"
