"""The Program Charter's pages: the shared versioned document pages of its kind, mounted at
/programs/<slug:code>/charter/."""

from programs.document_pages import DocumentPages, PageTexts

from .definition import CHARTER_KIND

CHARTER_PAGES = DocumentPages(
    kind=CHARTER_KIND,
    namespace="charter",
    nav_section="charter",
    home_url_name="charter",
    texts=PageTexts(
        noun="charter",
        intro="The charter states the program's purpose, scope, governance, milestones and "
        "budget. Both executive sponsors sign each version; every later change of scope or "
        "timeline makes a new version with its reason.",
        fields_heading="Budget and funding source",
        new_version_signers="both executive sponsors",
    ),
)

app_name = "charter"
urlpatterns = CHARTER_PAGES.urlpatterns()
