"""Guidance content. The models arrive with the content issue."""
