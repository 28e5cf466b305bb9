"""The HTML people paste into their own pages: iframe, auto-resize listener, image."""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import escape

RESIZE_MESSAGE = "prisoner-counts:resize"


def iframe_html(src: str, title: str, width: int, height: int) -> str:
    """The iframe: fills the column up to `width`; any text in it escaped."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{width}" height="{height}" '
        f'style="border:0;width:100%;max-width:{width}px" loading="lazy"></iframe>'
    )


def resize_script(base_url: str) -> str:
    """A listener for the host page: sets the iframe's height to what the embed posts."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return (
        '<script>addEventListener("message",function(e){var d=e.data;'
        f'if(e.origin!=={_js_string(origin)}||!d||d.type!=="{RESIZE_MESSAGE}")return;'
        'document.querySelectorAll("iframe").forEach(function(f){'
        'if(f.contentWindow===e.source)f.style.height=d.height+"px"})})</script>'
    )


def image_html(src: str, alt: str, width: int) -> str:
    """A static image of the chart with its text alternative, for pages without iframes."""
    style = "max-width:100%;height:auto"
    return f'<img src="{escape(src)}" alt="{escape(alt)}" width="{width}" style="{style}">'


def _js_string(text: str) -> str:
    """A JavaScript string literal that cannot close the script element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\u003c")
    return f'"{escaped}"'
