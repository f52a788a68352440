"""The evidence file of a detention ("hồ sơ hành trình"): the boat's track before the seizure,
its position against the boundary lines, the alerts and what the border guard did with them.

Modules: ``boundary`` (pure: position against Vietnam's boundary lines), ``assemble`` (pure:
the file from plain values), ``mapimg``, ``docx_out``, ``gis`` (writers); the database is read
by ``infra.repositories.evidence``. Nothing is imported here, so a pure module does not pull in
matplotlib.
"""
