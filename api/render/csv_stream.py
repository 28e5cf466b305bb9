"""CSV written while its rows are still being read, in chunks of text for a streamed answer.

The cells come out exactly as `api.render.csv.render_csv` writes them (the tests compare the
two): rows are records (`api.domain.records`) read by attribute, and each cell is made by
the one cell function, `api.render.cells.cell`.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from api.render.cells import cell

ROWS_PER_CHUNK = 1_000


def csv_chunks(
    records: Iterable[Any], columns: Sequence[str], rows_per_chunk: int = ROWS_PER_CHUNK
) -> Iterator[str]:
    """The header row, then each record's `columns`, `rows_per_chunk` rows a chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    read = operator.attrgetter(*columns)
    for count, record in enumerate(records, start=1):
        writer.writerow(map(cell, read(record)))
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
