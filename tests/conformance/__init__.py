"""The corpus conformance run: every real tool generates, imports, type-checks, and its types agree with its schema.

``./dev conformance`` (``python -m tests.conformance``) runs it over ``TOOLSTUBS_CORPUS``
and prints the report; ``tests/test_corpus.py`` runs the same stages and asserts on them.
"""
