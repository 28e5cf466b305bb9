"""Errors the service raises, independent of HTTP frameworks.

    ApiError                 status, title, detail, optional field errors
    ├── InvalidArgument      400  a query argument or body field is wrong or unknown
    ├── Unauthorized         401  no token, or one the service does not know
    ├── Forbidden            403  a revoked token, or one without write scope
    ├── NotFound             404  no such series, observation, revision, tag, ...
    ├── DataConflict         409  a write contradicts what is stored
    ├── PreconditionFailed   412  If-Match names a revision the data set has moved past
    ├── Gone                 410  a claim that was retracted (its history stays readable)
    ├── Unprocessable        422  an Idempotency-Key reused with a different request
    ├── Unavailable          503  busy for now (every chart drawing slot): `Retry-After`
    └── Renamed              301  an old id of a renamed source or series (a redirect)

`api.http.middleware.problems` turns each into an RFC 9457 problem+json response; the CLI prints
`detail`. Services and storage raise these and never import Flask.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ApiError(Exception):
    """Base of every error with a meaning for the client."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal Server Error"

    def __init__(self, detail: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class InvalidArgument(ApiError):
    """A query argument or body field is malformed or unknown."""

    status = 400
    title = "Bad Request"


class Unauthorized(ApiError):
    """No credentials, or credentials the service does not know."""

    status = 401
    title = "Unauthorized"


class Forbidden(ApiError):
    """Known credentials that may not do this."""

    status = 403
    title = "Forbidden"


class NotFound(ApiError):
    """The thing asked for does not exist at the asked revision."""

    status = 404
    title = "Not Found"


class DataConflict(ApiError):
    """A write that contradicts the stored data."""

    status = 409
    title = "Conflict"


class PreconditionFailed(ApiError):
    """A write's If-Match names none of the data set's current revision (RFC 9110 §13.1.1)."""

    status = 412
    title = "Precondition Failed"


class Gone(ApiError):
    """Something that existed and was retracted."""

    status = 410
    title = "Gone"


class Unprocessable(ApiError):
    """A well-formed request that cannot be carried out as asked."""

    status = 422
    title = "Unprocessable Content"


class Unavailable(ApiError):
    """The service cannot do this now, but may in `retry_after` seconds."""

    status = 503
    title = "Service Unavailable"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Renamed(ApiError):
    """Old ids of renamed sources or series: the answer is a redirect to the new ids."""

    status = 301
    title = "Moved Permanently"

    def __init__(self, kind: str, renames: dict[str, str], revision: int | None = None) -> None:
        moves = ", ".join(f"{old!r} is now {new!r}" for old, new in renames.items())
        super().__init__(f"renamed {kind}: {moves}")
        self.kind = kind
        self.renames = renames
        self.revision = revision
