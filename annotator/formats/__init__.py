"""Import and export formats: txt, JSONL (ours and Prodigy), CSV, brat standoff, spaCy DocBin, CoNLL."""
