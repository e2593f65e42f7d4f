"""Browser pages of programs: the list, the workspace with the Play 3.1 board, members,
provider onboarding, the shared glossary and the audit trail."""
