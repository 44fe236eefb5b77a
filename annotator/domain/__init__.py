"""Qt-free domain model: articles, spans, relations, label schema, edits and offsets."""
