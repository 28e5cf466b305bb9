"""Atom (RFC 4287) feeds, so newsrooms can follow new data in a feed reader."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
# What XML 1.0 cannot hold (ElementTree writes it anyway, and the feed stops parsing): texts
# stored before writes refused them (U+FFFE, U+FFFF, controls) show U+FFFD instead.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    """One feed entry."""

    id: str
    title: str
    updated: dt.datetime
    link: str
    summary: str
    author: str


def render_feed(
    feed_id: str, title: str, self_url: str, updated: dt.datetime, entries: Iterable[Entry]
) -> bytes:
    """An Atom document (UTF-8 bytes with an XML declaration)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "updated", updated.isoformat())
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    _author(feed, "Prisoner Counts API")
    for entry in entries:
        _entry(feed, entry)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


def _entry(feed: ET.Element, entry: Entry) -> None:
    node = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(node, "id", entry.id)
    _text(node, "title", entry.title)
    _text(node, "updated", entry.updated.isoformat())
    ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=entry.link)
    _text(node, "summary", entry.summary)
    _author(node, entry.author)


def _author(parent: ET.Element, name: str) -> None:
    _text(ET.SubElement(parent, f"{{{ATOM}}}author"), "name", name)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = _NOT_XML.sub("\ufffd", text)
