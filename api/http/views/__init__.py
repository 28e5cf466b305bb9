"""The views: one module per resource, each with one blueprint, all registered from `BLUEPRINTS`."""

from __future__ import annotations

from typing import Final

from flask import Blueprint as FlaskBlueprint
from flask import Flask

from api.http import templating
from api.http.smorest import Api
from api.http.views import (
    catalog,
    changes,
    charts,
    compare,
    docs,
    embed,
    export,
    guide,
    history,
    imports,
    observations,
    oembed,
    ops,
    pages,
    release_summary,
    releases,
    vintages,
    write_catalog,
    write_claims,
)

DOCUMENTED, UNDOCUMENTED = True, False
# Every blueprint, in the order of the OpenAPI document; pages, embeds, the API reference, the
# guide and health checks are served but kept out of the document.
BLUEPRINTS: Final[tuple[tuple[FlaskBlueprint, bool], ...]] = (
    (catalog.blp, DOCUMENTED),
    (observations.blp, DOCUMENTED),
    (releases.blp, DOCUMENTED),
    (history.blp, DOCUMENTED),
    (changes.blp, DOCUMENTED),
    (charts.blp, DOCUMENTED),
    (write_claims.blp, DOCUMENTED),
    (write_catalog.blp, DOCUMENTED),
    (imports.blp, DOCUMENTED),
    (compare.blp, DOCUMENTED),
    (release_summary.blp, DOCUMENTED),
    (vintages.blp, DOCUMENTED),
    (export.blp, DOCUMENTED),
    (ops.blp, UNDOCUMENTED),
    (pages.blp, UNDOCUMENTED),
    (embed.blp, UNDOCUMENTED),
    (docs.blp, UNDOCUMENTED),
    (guide.blp, UNDOCUMENTED),
    (oembed.blp, DOCUMENTED),
)


def register(app: Flask, api: Api) -> None:
    """Register every blueprint: documented ones through the Api, the others on the app."""
    templating.register(app)
    for blueprint, documented in BLUEPRINTS:
        if documented:
            api.register_blueprint(blueprint)
        else:
            app.register_blueprint(blueprint)
