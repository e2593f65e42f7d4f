"""Forms of the responsibilities area: the RACI matrix's structure, SME MOUs and sessions."""
