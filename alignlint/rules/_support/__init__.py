"""Helpers shared by more than one rule family (a family imports only its own modules,
these and :mod:`alignlint.rules.base`).
"""
