"""The adversarial corpus: attacking notebooks for exercise 2.3, built from a table (attacks.py)."""
