"""The Program Charter's API: the shared versioned document API of its kind, under each
program by its code."""

from programs.api.documents import DocumentApi

from ..definition import CHARTER_KIND

# "Version" is the charter's version component since before other kinds had versions.
CHARTER_API = DocumentApi(
    kind=CHARTER_KIND,
    path="charter",
    noun="charter",
    schema_name="Charter",
    version_schema_name="Version",
)

urlpatterns = CHARTER_API.urlpatterns()
