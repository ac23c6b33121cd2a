"""Autograder for the course « Apprentissage profond »."""

__version__ = "0.1.0"
