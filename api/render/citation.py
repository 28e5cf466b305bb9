"""A citation in APA, BibTeX, RIS or CSL-JSON: the same facts, four ways of writing them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from api.domain.records import Citation

MEDIA_TYPES = {
    "apa": "text/plain",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
}
EXTENSIONS = {"apa": "txt", "bibtex": "bib", "ris": "ris", "csl-json": "json"}
_LATEX_SPECIAL = {c: "\\" + c for c in "&%$#_{}"} | {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def render_citation(cite: Citation, style: str) -> str:
    """The citation written in `style`. A line break in a stored text (a series title may
    hold one) would end an RIS field and start a forged one (`ER  - ` then `TY  - `), and
    split an APA reference: every text is one line in every style."""
    cite = replace(
        cite,
        key=_one_line(cite.key),
        title=_one_line(cite.title),
        author=_one_line(cite.author),
        publisher=_one_line(cite.publisher),
        version=_one_line(cite.version),
        url=_one_line(cite.url),
        note=_one_line(cite.note),
    )
    writers: dict[str, Callable[[Citation], str]] = {
        "apa": apa,
        "bibtex": bibtex,
        "ris": ris,
        "csl-json": csl_json,
    }
    return writers[style](cite)


def apa(cite: Citation) -> str:
    """APA 7 reference for a data set: Author. (Year). Title (Version) [Data set]. Publisher. URL"""
    version = cite.version[0].upper() + cite.version[1:]
    return (
        f"{cite.author}. ({cite.issued.year}). {cite.title} ({version}) [Data set]. "
        f"{cite.publisher}. {cite.url}\n"
    )


def bibtex(cite: Citation) -> str:
    """A BibTeX `@misc` entry (biblatex reads it too)."""
    fields = [
        ("author", "{" + _latex(cite.author) + "}"),
        ("title", "{" + _latex(cite.title) + "}"),
        ("year", str(cite.issued.year)),
        ("month", cite.issued.strftime("%b").lower()),
        ("version", _latex(cite.version)),
        ("publisher", _latex(cite.publisher)),
        ("howpublished", "\\url{" + cite.url + "}"),
        ("url", cite.url),
        ("note", _latex(f"Data set, {cite.version}. {cite.note}")),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@misc{{{cite.key},\n{body}\n}}\n"


def ris(cite: Citation) -> str:
    """An RIS record of type DATA."""
    lines = [
        ("TY", "DATA"),
        ("AU", cite.author),
        ("TI", cite.title),
        ("PY", str(cite.issued.year)),
        ("DA", cite.issued.strftime("%Y/%m/%d")),
        ("ET", cite.version),
        ("PB", cite.publisher),
        ("UR", cite.url),
        ("N1", cite.note),
        ("ID", cite.key),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines) + "ER  - \r\n"


def csl_json(cite: Citation) -> str:
    """CSL-JSON (what Zotero, Pandoc and citeproc read): a list of one item."""
    item = {
        "id": cite.key,
        "type": "dataset",
        "title": cite.title,
        "author": [{"literal": cite.author}],
        "issued": {"date-parts": [[cite.issued.year, cite.issued.month, cite.issued.day]]},
        "version": cite.version,
        "publisher": cite.publisher,
        "URL": cite.url,
        "note": cite.note,
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _latex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)
