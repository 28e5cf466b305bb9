"""CSV written while its rows are still being read, in chunks of text for a streamed answer.

The cells come out exactly as `api.render.csv.render_csv` writes them (the tests compare the
two); rows are records (`api.domain.records`) read by attribute, and only the booleans, the
lists and the text columns need work per row, everything else is handed to `csv.writer` as
it is.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from api.domain.columns import COLUMNS, TEXT_COLUMNS
from api.render.csv import neutralise_text

BOOLEAN_COLUMNS = frozenset(n for n, c in COLUMNS.items() if c.type == "boolean")
LIST_COLUMNS = frozenset(n for n, c in COLUMNS.items() if c.type == "integers")
_RISKY_FIRST = frozenset("=+-@\t\r'")
ROWS_PER_CHUNK = 1_000


def csv_chunks(
    records: Iterable[Any], columns: Sequence[str], rows_per_chunk: int = ROWS_PER_CHUNK
) -> Iterator[str]:
    """The header row, then each record's `columns`, `rows_per_chunk` rows a chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    read = operator.attrgetter(*columns)
    booleans = [i for i, name in enumerate(columns) if name in BOOLEAN_COLUMNS]
    lists = [i for i, name in enumerate(columns) if name in LIST_COLUMNS]
    texts = [i for i, name in enumerate(columns) if name in TEXT_COLUMNS]
    for count, record in enumerate(records, start=1):
        writer.writerow(_cells(read(record), booleans, lists, texts))
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cells(row: Sequence[Any], booleans: list[int], lists: list[int], texts: list[int]) -> list:
    cells = list(row)
    for i in booleans:
        if cells[i] is not None:  # an unknown (null) stays an empty cell, as in render_csv
            cells[i] = "true" if cells[i] else "false"
    for i in lists:
        cells[i] = " ".join(map(str, cells[i] or ()))
    for i in texts:
        text = cells[i]
        if text and text[0] in _RISKY_FIRST:
            cells[i] = neutralise_text(text)
    return cells
