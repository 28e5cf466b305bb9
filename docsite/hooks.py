"""MkDocs hooks: pages generated at build time from the code and the data.

- `reference/endpoints/*.md` from the app's `/v1/openapi.json` (docsite/openapi_pages.py);
- `data/*.md` from `datasets/README.md` and the changesets (docsite/dataset_pages.py).

They exist only in the built site, so nothing is written twice and nothing goes stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path
    sys.path.insert(0, str(ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from docsite import dataset_pages, openapi_pages  # noqa: E402

ENDPOINTS = "reference/endpoints/"
_generated: dict[str, str] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Write the pages in memory and list the endpoint pages in the navigation."""
    spec = openapi_pages.load_spec()
    _generated.clear()
    for name, text in openapi_pages.pages(spec).items():
        _generated[ENDPOINTS + name] = text
    for name, text in dataset_pages.pages(ROOT).items():
        _generated["data/" + name] = text
    entries = [{"Endpoints": ENDPOINTS + "index.md"}]
    entries += [{title: ENDPOINTS + name} for title, name in openapi_pages.page_titles(spec)]
    config.nav = _expand(config.nav or [], entries)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, text in _generated.items():
        files.append(File.generated(config, uri, content=text))
    return files


def _expand(nav: list[Any], entries: list[dict[str, str]]) -> list[Any]:
    """Replace the nav item that points at the endpoint index by a section of every page."""
    expanded: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if value == ENDPOINTS + "index.md":
                expanded.append({title: entries})
                continue
            if isinstance(value, list):
                expanded.append({title: _expand(value, entries)})
                continue
        expanded.append(item)
    return expanded
