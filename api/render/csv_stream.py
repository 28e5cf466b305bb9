"""CSV written while its rows are still being read, in chunks of text for a streamed answer.

The cells come out exactly as `api.render.csv.render_csv` writes them (the tests compare the
two); only the booleans and the text columns need work per row, everything else is handed
to `csv.writer` as it comes from the database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from api.render.csv import TEXT_COLUMNS, neutralise_text

BOOLEAN_COLUMNS = frozenset({"primary", "preferred", "conflict", "derived"})
_RISKY_FIRST = frozenset("=+-@\t\r'")
ROWS_PER_CHUNK = 1_000


def csv_chunks(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], rows_per_chunk: int = ROWS_PER_CHUNK
) -> Iterator[str]:
    """The header row, then the rows (each in `columns` order), `rows_per_chunk` a chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    booleans = [i for i, name in enumerate(columns) if name in BOOLEAN_COLUMNS]
    texts = [i for i, name in enumerate(columns) if name in TEXT_COLUMNS]
    for count, row in enumerate(rows, start=1):
        writer.writerow(_cells(row, booleans, texts))
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cells(row: Sequence[Any], booleans: list[int], texts: list[int]) -> list[Any]:
    cells = list(row)
    for i in booleans:
        cells[i] = "true" if cells[i] else "false"
    for i in texts:
        text = cells[i]
        if text and text[0] in _RISKY_FIRST:
            cells[i] = neutralise_text(text)
    return cells
