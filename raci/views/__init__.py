"""Pages of the responsibilities area: its home, the RACI matrix, SME MOUs and sessions
(the versioned documents' pages are ``raci.pages``)."""
