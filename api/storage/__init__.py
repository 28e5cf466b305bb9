"""The versioned store: models, queries at a revision, the revision writer, migrations."""
