"""Schedules in and out of files: Microsoft Project XML (MSPDI) and the portal's Excel layout."""
