"""Reading registers back from the workbooks people keep them in: the RAID log's columns
(``raid_columns``) and its sheet (``raid_sheet``). What is read is plain values per row with
every problem located; the service (``services.raid_import``) checks and writes them."""
