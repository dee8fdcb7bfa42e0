"""Fraud scoring service: scores card transactions for an account with a random-forest model."""

__version__ = "1.4.0"
