"""The agents' desk at /desk/: the queue, search and the case page, calling the workflow."""
