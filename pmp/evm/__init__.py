"""Earned value for the monthly report: plain data in, plain data out, no Django.

- ``series``: per status period (a month, status date its last day), the measures of every
  control account and of the program, with the program's EAC by its chosen method;
- ``earned_schedule``: earned schedule (Lipke), the schedule measured in time;
- ``lights``: traffic lights on the indices and the variances that need an explanation;
- ``formulas``: each measure's formula in words and symbols, and with its values.

Money goes in as integer cents and comes out as ``Decimal`` dollars, as in
``schedule.engine.earned``, whose ``indicators`` every measure here comes from.
"""
