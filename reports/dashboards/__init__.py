"""Executive dashboards: a program's landing page (``program``) and the portfolio of every
program a person reads (``portfolio``).

Their figures are not computed a second way: each area's tile comes from the same section
readers and assessments as the status report (``reports.sections``, ``reports.rating``), so
the dashboard and the report agree. What a dashboard shows is kept in the cache until the
program changes (``cache``): every audited write moves the program's revision on.
"""
