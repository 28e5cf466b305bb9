"""Reads of the catalog, claims, batches and history at a revision."""
