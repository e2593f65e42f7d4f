"""The versioned document API, built once for every document kind (see ``registration``)."""

from .registration import DocumentApi, DocumentVersionsApiById

__all__ = ["DocumentApi", "DocumentVersionsApiById"]
