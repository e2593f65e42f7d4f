"""The Program Management Plan as a versioned document (Play 3.1 activity 6): the seven
subsidiary plans of the play and their default activities (``template``), the live data the
plan cites and freezes into a version at review (``citations``), and what its version page,
editor and PDF show of them (``extras``). The kind itself is ``pmp.definitions``."""
