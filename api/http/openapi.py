"""Corrections to the generated OpenAPI document, through apispec's public plugin API.

- An operation marked `x-accept-language` documents the `Accept-Language` header beside its
  query arguments (flask-smorest's `doc(parameters=…)` would replace them).
- A `.csv` path does not offer `format`: the suffix says CSV, and `format=json` is a 400.
- The partial dates of arguments and bodies (`start`, `end`, `date`) are strings of a form.
"""

from __future__ import annotations

from typing import Any, Final

from apispec import BasePlugin

from api.http.languages import ACCEPT_LANGUAGE

LANGUAGE_FLAG: Final = "x-accept-language"
LANGUAGE_DOC: Final = {LANGUAGE_FLAG: True}
PARTIAL_DATE: Final = {
    "type": "string",
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "examples": ["2025-11-22", "2025-11", "2025"],
}


class ContractPlugin(BasePlugin):
    """Adds the language header, drops `format` from `.csv` paths (see the module docstring)."""

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        for operation in (operations or {}).values():
            parameters = operation.setdefault("parameters", [])
            if operation.pop(LANGUAGE_FLAG, False):
                parameters.append(ACCEPT_LANGUAGE)
            if path and path.endswith(".csv"):
                parameters[:] = [p for p in parameters if not _is_format(p)]


def _is_format(parameter: Any) -> bool:
    return (
        isinstance(parameter, dict)
        and parameter.get("in") == "query"
        and (parameter.get("name") == "format")
    )
