"""Runtime assets (default label schema, sample articles), loaded through importlib.resources."""
