"""Hypothesis profiles for the property tests (see README.md).

``ci`` (default): deadline=None (numba compilation and mp50 re-runs have no fixed cost),
bounded max_examples so the whole folder runs in well under 120 s on 2 cores, derandomized
so CI is reproducible.  ``dev``: more examples, random seeds.  Select with
``HYPOTHESIS_PROFILE=dev``.
"""
import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, max_examples=40, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=400,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
