"""The domain: the vocabulary of the data model and the rules that give values meaning.

No I/O and no Flask here: storage, services and renderers build on it.
"""
