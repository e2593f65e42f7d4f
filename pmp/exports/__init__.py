from .raid import raid_pdf, raid_xlsx

__all__ = ["raid_pdf", "raid_xlsx"]
