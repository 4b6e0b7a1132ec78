"""Newsdesk: question answering over news articles with verifiable citations."""
