"""Names and titles in other languages than English, from a changeset's `names.csv`.

`names.csv` has the columns `kind,id,language,name,reference`: `kind` is `source` or
`series`, `language` a language tag other than `en` (the English name is the `name` or
`title` column of the entity), and `reference` the address of a publication that writes the
name so (the curators' evidence; not stored). A name for an entity the same changeset adds
goes into its first version; a name for an entity already stored makes a new version of it,
so answers at earlier revisions keep the names they had.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.storage.models import Series, Source
from api.storage.writer import RevisionWriter
from datasets import rows

MODELS: dict[str, Any] = {"source": Source, "series": Series}
COLUMNS = {"source": "names", "series": "titles"}


class PendingNames:
    """The names of one changeset, by (kind, id), until each is written."""

    def __init__(self, table: Iterable[tuple[int, dict[str, str]]]) -> None:
        self._names: dict[tuple[str, str], dict[str, str]] = {}
        for line, row in table:
            try:
                kind, entity_id, language, name = rows.name_fields(row)
            except rows.RowError as error:
                raise rows.RowError(f"line {line}: {error}") from None
            given = self._names.setdefault((kind, entity_id), {})
            if language in given:
                raise rows.RowError(f"line {line}: a second {language} name for {entity_id}")
            given[language] = name

    def into_new(self, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
        """The fields of a new source or series with its names (taken from the pending ones)."""
        names = self._names.pop((kind, fields["id"]), None)
        return {**fields, COLUMNS[kind]: names} if names else fields

    def into_stored(self, writer: RevisionWriter) -> None:
        """Give the entities already stored their names: a new version of each."""
        for (kind, entity_id), names in sorted(self._names.items()):
            model = MODELS[kind]
            current = writer.current(model, entity_id)
            merged = {**(getattr(current, COLUMNS[kind]) or {}), **names}
            writer.update_entity(model, entity_id, **{COLUMNS[kind]: merged})
        self._names.clear()
