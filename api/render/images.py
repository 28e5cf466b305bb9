"""SVG and PNG from a Vega-Lite spec, drawn on the server with vl-convert.

vl-convert runs the real Vega and Vega-Lite JavaScript in an embedded Deno runtime and
draws with resvg: no browser, no Node, no network (data is inline; external URLs are
refused), and the same output the embed page draws in the browser. It draws in a child
process of the worker (`sandbox`), within a time budget; it is imported only there, so a
worker never loads it.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final
from xml.sax.saxutils import escape

from api.render import sandbox

MEDIA_TYPES: Final = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "vl.json": "application/json",
}
VEGA_LITE_VERSION: Final = "6.4"  # the version the vendored browser scripts are
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
# Control characters, and U+FFFE and U+FFFF (not characters, and not allowed in XML), make
# the renderer abort the whole process: never pass one.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def drawable(value: Any) -> Any:
    """The spec with every control character in its texts replaced by a space."""
    if isinstance(value, str):
        return _CONTROL.sub(" ", value)
    if isinstance(value, dict):
        return {key: drawable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [drawable(item) for item in value]
    return value


def render(spec: dict[str, Any], output: str, title: str, budget: float) -> bytes:
    """The spec as `svg`, `png` or `vl.json` bytes; a drawing within `budget` seconds."""
    if output == "vl.json":
        return json.dumps(spec, ensure_ascii=False, indent=1).encode("utf-8")
    if output not in ("svg", "png"):
        raise ValueError(f"unknown chart output {output!r}")
    drawn = sandbox.drawer().draw(spec, output, budget)
    if output == "svg":
        svg = drawn.decode("utf-8")
        return accessible_svg(svg, title, str(spec.get("description", "")))
    return drawn


def draw(spec: dict[str, Any], output: str) -> bytes:
    """The spec drawn here, in this process, as `svg` or `png` (the sandbox's child calls it)."""
    if output == "svg":
        return _draw_svg(drawable(spec)).encode("utf-8")
    if output == "png":
        return _draw_png(drawable(spec))
    raise ValueError(f"cannot draw {output!r}")


def accessible_svg(svg: str, title: str, description: str) -> bytes:
    """The SVG with a `<title>` and `<desc>` first, as screen readers expect."""
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("the renderer returned no <svg> element")
    head = f"<title>{escape(drawable(title))}</title><desc>{escape(drawable(description))}</desc>"
    tagged = svg[: opening.end()] + head + svg[opening.end() :]
    return tagged.encode("utf-8")


def _draw_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
    return svg


def _draw_png(spec: dict[str, Any]) -> bytes:
    import vl_convert

    png: bytes = vl_convert.vegalite_to_png(
        spec, vl_version=VEGA_LITE_VERSION, scale=1, allowed_base_urls=[]
    )
    return png
