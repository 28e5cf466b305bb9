"""Plumbing around every request.

Caching and its hit layer, security headers, rate limits, observability, problem answers
and renamed ids.
"""
