"""`Accept-Language` for names and titles (RFC 9110, section 12.5.4, with q-values).

A view that names sources or series asks for a `Localiser` here. Each name is answered in
the best language the reader accepts among those it exists in (werkzeug's
`accept_languages.best_match`), English when none fits. The answer says which languages it
used (`Content-Language`) and that it depends on the header (`Vary: Accept-Language`); the
response cache keys include the header.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Response, g, request

from api.domain.vocabulary import DEFAULT_LANGUAGE
from api.services.reads.languages import Localiser

ACCEPT_LANGUAGE = {
    "in": "header",
    "name": "Accept-Language",
    "required": False,
    "schema": {"type": "string"},
    "example": "be, ru;q=0.8",
    "description": "Languages for `name`, `title` and `source_name`, with q-values (RFC 9110). "
    "Each text comes in the best accepted language it exists in, English otherwise; "
    "`names` / `titles` always hold every language.",
}
CONTENT_LANGUAGE = {
    "Content-Language": {
        "description": "The languages the names and titles of this answer are in, e.g. `be, en`",
        "schema": {"type": "string"},
    }
}


def localiser() -> Localiser:
    """A localiser for this request; its languages become the answer's Content-Language."""
    words = Localiser(choose=_best_match)
    g.localiser = words
    return words


def _best_match(available: Sequence[str]) -> str:
    best = request.accept_languages.best_match(available, default=DEFAULT_LANGUAGE)
    return best or DEFAULT_LANGUAGE


def add_headers(response: Response) -> Response:
    """Content-Language and Vary: Accept-Language on answers that chose languages."""
    words: Localiser | None = g.get("localiser")
    if words is None:
        return response
    response.vary.add("Accept-Language")
    if words.used and response.status_code < 400:
        response.headers["Content-Language"] = words.content_language
    return response
