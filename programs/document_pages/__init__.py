"""The versioned document pages, built once for every document kind (the Program Charter
first, then the PMO role agreement, the Resource Management Plan, the PMP, QASP and IV&V
plan): a document's home (approved and open version, history, start, new version with its
reason, comparison), a version (approval block, submit, return to draft with a reason, sign),
the editor with its stale-save merge, the comparison of two versions, and PDF and Excel
exports. The API counterpart is ``programs.api.documents``.

A kind's app mounts them with a few lines of ``urls.py``::

    pages = DocumentPages(
        kind=CHARTER_KIND,
        namespace="charter",            # the app_name of its urls.py: charter:version, ...
        nav_section="charter",          # the current link of the program's side navigation
        texts=PageTexts(noun="charter", intro="The charter states ..."),
        home_url_name="charter",        # the name of the home page (default "home")
    )
    app_name, urlpatterns = "charter", pages.urlpatterns()

Page names: ``<home_url_name>``, ``start``, ``new-version``, ``compare``, ``version``,
``edit``, ``submit``, ``return-to-draft``, ``sign``, ``export-pdf``, ``export-xlsx``, and the
review comments' ``comments``, ``comment-disposition``, ``comment-concurrence``,
``comments-export`` and ``comments-import``; every
view receives the program's ``code`` and, on a version's pages, its ``number``. Templates
are in ``programs/templates/programs/documents/``; the kind's name comes from ``kind.name``,
other words from ``PageTexts``.

Hooks, for the kinds to come:

1. Which document a page works on: ``DocumentPages.get_document(request, program, *,
   action, **url_kwargs)`` is the only place that knows; by default the program's one
   document of the kind. A kind a program holds several times (one SME MOU per expert)
   uses ``DocumentPagesById`` (its pages live at ``<document_id>/v<number>/...``; it names
   the breadcrumbs up to the kind's list in ``list_crumbs``), or subclasses ``DocumentPages``
   with its own ``document_route``, ``get_document`` and ``document_url_kwargs``; it offers its
   own start page (the ``start`` page is mounted only for kinds held once, by
   ``start_document``). ``crumbs(program, document)`` may add the document to the
   breadcrumbs. The selectors take the document, never (program, kind).
2. Kind-specific content: ``DocumentKind.extras`` (``programs.documents.Extras``) names a
   template the version page includes below the tables, one the PDF includes there, and one
   the editor shows beside its form (the live data a submit will freeze); ``extras.context(
   version)`` gives them their context, as ``extra``.
3. The approval block of the version page, the API and the PDF reads
   ``programs.services.documents.signing_requirements(version)``: a kind whose approval
   needs other signatures changes that function, not the pages.
"""

from .pages import DocumentPages, DocumentPagesById, PageTexts

__all__ = ["DocumentPages", "DocumentPagesById", "PageTexts"]
