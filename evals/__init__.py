"""Evals: run question sets through the answering service and score them."""
