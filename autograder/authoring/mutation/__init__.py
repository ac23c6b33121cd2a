"""Mutation testing of hidden checks: every known deep-learning bug must be caught."""
