"""Pre-annotation: spaCy pipeline loading, quote/claim/entity suggestion rules, batch runner, evaluation."""
