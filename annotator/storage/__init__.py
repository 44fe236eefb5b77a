"""The project file: one SQLite database per project, written through sqlite-utils."""
