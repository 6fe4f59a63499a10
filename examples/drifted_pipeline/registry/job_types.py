"""The job types that steps with job-type variants accept."""

from __future__ import annotations

JOB_TYPES: tuple[str, ...] = ("training", "validation", "testing", "calibration")
"""Job types in the order their specification variants are listed."""
