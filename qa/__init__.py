"""Answering: retrieval, evidence selection, extractive or LLM answers, verified citations."""
