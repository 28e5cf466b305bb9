"""Python client of the Prisoner Counts API: pandas frames with provenance, pinned revisions.

from prisoner_counts import Client

client = Client("http://127.0.0.1:8000")
paper = client.pinned()                       # fixed at today's revision
viasna = paper.observations("BY.political_prisoners.viasna", claims="all")
viasna.attrs["revision"], viasna.attrs["citation"]
"""

from __future__ import annotations

from prisoner_counts._client import Client
from prisoner_counts._errors import ApiError
from prisoner_counts._frames import QUALIFIERS
from prisoner_counts._package import DataPackage
from prisoner_counts._transport import RetryTransport
from prisoner_counts._version import __version__

__all__ = ["ApiError", "Client", "DataPackage", "QUALIFIERS", "RetryTransport", "__version__"]
