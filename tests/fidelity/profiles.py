"""Hypothesis profiles of the fidelity tests: ``fidelity-fixed`` (the default suite), ``long`` and
``shrink`` (chosen with ``--hypothesis-profile``; see docs/fidelity.md)."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

# The fixed-seed run of the default suite: same examples every time, and no shrinking, so a known
# fault (an xfail) costs one failing example, not a minimisation. `--hypothesis-profile=long`
# (or `python -m tests.fidelity`) runs thousands of examples and minimises each failure.
settings.register_profile(
    "fidelity-fixed", derandomize=True, max_examples=12, deadline=None, database=None, print_blob=True,
    phases=(Phase.explicit, Phase.generate), suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, print_blob=True,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
)
settings.register_profile(
    "shrink", derandomize=True, max_examples=300, deadline=None, database=None, print_blob=True,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
)


