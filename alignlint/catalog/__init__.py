"""The reference step catalogue: real steps laid out by layer.

Each step has a script (``scripts/``), a script contract (``contracts/``), one or more step
specifications (``specs/``), a config class (``configs/``) and a step builder (``builders/``);
``registry/step_names.py`` holds the canonical step names and ``dags/`` the shipped pipelines.
The catalogue is also alignlint's clean reference library: every piece is written in the
canonical static style so that ``alignlint check alignlint/catalog`` reports nothing.
"""
