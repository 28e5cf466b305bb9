"""What a document's provenance fields mean: the original publication, and the copy read.

A document names the **original** publication (`url`, `title`, `publisher`: who published
it first, `published_at`) and, apart from it, the **copy that was read**: its address
(`archive_url`), the day it was read (`retrieved_at`) and the host of a republication
(`republished_by`). Where the copy does not give the original's address, `url` is the
copy's own and `mirror` is true. Every output that carries documents (JSON, CSV, the data
package) uses these words.
"""

from __future__ import annotations

from typing import Final

PUBLISHER: Final = "Who published it first (the original), not the host of a copy"
RETRIEVED_AT: Final = "The day the copy that was read (archive_url) was read"
ARCHIVE_URL: Final = "The address of the copy that was actually read"
REPUBLISHED_BY: Final = "The host of a republication of the original"
MIRROR: Final = "true: url is a copy's address, because the copy does not give the original's"
# The provenance fields added in issue #10, in the order every output appends them.
COPY_FIELDS: Final = ("retrieved_at", "archive_url", "republished_by", "mirror")
