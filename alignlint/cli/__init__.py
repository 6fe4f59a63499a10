"""The ``alignlint`` command (``python -m alignlint``)."""
