"""The form of the RAID log's import page: the workbook."""

from __future__ import annotations

from django import forms

from programs.forms import PortalForm


class RaidImportForm(PortalForm):
    file = forms.FileField(
        label="RAID log workbook (.xlsx)",
        help_text="The Excel export of the log, edited, or a register with the same headers.",
        widget=forms.ClearableFileInput(
            attrs={
                "class": "usa-file-input",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )
