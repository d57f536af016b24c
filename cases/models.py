"""Cancellation cases. The models arrive with the cases issue."""
