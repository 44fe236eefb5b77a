"""Property-based fidelity tests: every analyst decision reaches every dataset exactly.

See docs/fidelity.md for what is proved and how to run the long version
(``.venv/bin/python -m tests.fidelity``).
"""
