"""Pages of corrective action requests (CARs), under /programs/<code>/qasp/cars/: the
register (filtered, exported), a request with its records, history, files and the actions
the person may take, and issuing one from an unacceptable record.

Every member of the program reads them (a 404 for anyone else); an action the person may
not take is a 404; a refusal shows the service's message beside the field and changes
nothing."""

from .car import car_action, car_page, issue
from .register import export_pdf, export_xlsx, register

__all__ = ["car_action", "car_page", "export_pdf", "export_xlsx", "issue", "register"]
