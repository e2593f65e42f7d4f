"""Pages of the lessons learned register: the register (filtered, paged, exported), a lesson
with its validations, comments, files and history, recording and editing; the search across
the person's programs; the eight Play 3.1 lessons with the self-assessments; the report."""
