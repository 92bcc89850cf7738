"""Reads of the proposals area, one module per subject (replies, board, disagreements, …)."""
