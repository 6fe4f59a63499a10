"""The vocabulary every layer of the linter shares: spans, diagnostics and fixes, errors,
reading and decoding source bytes, settings and rule selectors.
"""
