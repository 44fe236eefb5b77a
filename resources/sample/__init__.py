"""Sample articles for the project created on first run."""
