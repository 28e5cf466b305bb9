"""Names and titles in the reader's language: the best one available, English otherwise.

A source's `name` and a series' `title` are stored in English; `names` / `titles` hold the
other languages by language tag. An answer carries all of them (`names: {"en": …, "be": …}`)
and puts the best available one for the reader in `name` / `title` (and `source_name`).
Which is best is the caller's choice (`Chooser`: the HTTP layer passes the request's
`Accept-Language` preference); the languages actually used become the answer's
`Content-Language`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from api.domain.vocabulary import DEFAULT_LANGUAGE

# Given the languages a text exists in (English first), the one to answer in.
Chooser = Callable[[Sequence[str]], str]


def english(available: Sequence[str]) -> str:
    """The default chooser: always English."""
    return DEFAULT_LANGUAGE


@dataclass
class Localiser:
    """Picks each text's language with `choose` and remembers the languages it used."""

    choose: Chooser = english
    used: list[str] = field(default_factory=list)

    def text(self, english_text: str, others: dict[str, str] | None) -> tuple[str, dict[str, str]]:
        """(the text in the chosen language, every language's text with English first)."""
        texts = {DEFAULT_LANGUAGE: english_text, **(others or {})}
        language = self.choose(list(texts))
        language = language if language in texts else DEFAULT_LANGUAGE
        if language not in self.used:
            self.used.append(language)
        return texts[language], texts

    def source(self, row: dict[str, Any]) -> dict[str, Any]:
        """A source row with `name` in the chosen language and `names` in all of them."""
        name, names = self.text(row["name"], row.get("names"))
        return {**row, "name": name, "names": names}

    def series(self, row: dict[str, Any]) -> dict[str, Any]:
        """A series row with `title` and `source_name` in the chosen languages."""
        title, titles = self.text(row["title"], row.get("titles"))
        localised = {**row, "title": title, "titles": titles}
        if row.get("source_name") is not None:
            source_name, _ = self.text(row["source_name"], row.get("source_names"))
            localised["source_name"] = source_name
        localised.pop("source_names", None)
        return localised

    @property
    def content_language(self) -> str:
        """The `Content-Language` of an answer made with this localiser."""
        return ", ".join(self.used or [DEFAULT_LANGUAGE])
