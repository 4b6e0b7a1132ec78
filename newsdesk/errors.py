"""The project's own exceptions: what a caller did wrong, told apart from bugs.

A leaf module (like settings) that every layer may import. Each type carries the HTTP status and
error code an edge maps it to; anything that is not a `NewsdeskError` is a bug (500, logged).
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of the errors a user can cause or fix; the message is one line they can act on."""

    status = 500
    code = "internal"


class InputError(NewsdeskError):
    """A value of the request or a flag is malformed (a bad date, an empty range)."""

    status = 422
    code = "invalid_input"


class QuestionError(InputError):
    """The question itself cannot be asked (empty, too long)."""

    status = 400
    code = "bad_question"


class TooLarge(InputError):
    """An article, upload or request over its size limit."""

    status = 413
    code = "too_large"


class NotFound(NewsdeskError):
    """An article id (or other named thing) that the store does not hold."""

    status = 404
    code = "not_found"


class StoreMissing(NewsdeskError):
    """A command other than ingest pointed at a folder with no store in it."""

    status = 503
    code = "no_store"


class StoreBusy(NewsdeskError):
    """Another process holds the store's writer lock."""

    status = 409
    code = "store_busy"


class StoreConflict(NewsdeskError):
    """The store's Chroma collection belongs to another store (a shared Chroma server)."""

    status = 409
    code = "store_conflict"


class EncoderMismatch(NewsdeskError):
    """The configured encoder makes vectors of another space than the store's own."""

    status = 409
    code = "encoder_mismatch"


class BackendUnavailable(NewsdeskError):
    """A service the store needs (a Chroma server) is not answering."""

    status = 503
    code = "backend_unavailable"
