"""Registers the fidelity profiles before pytest loads one (`--hypothesis-profile=long`)."""

from tests.fidelity import profiles  # noqa: F401
