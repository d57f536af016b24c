"""The page bench's own site: the project's settings and URLs plus one trivial page."""
