"""My work: what waits on the signed-in person across all their programs, read from every
app through its ``work_selectors`` (``programs.work``), for the page, the API, the counts in
the top navigation and the digest email."""
