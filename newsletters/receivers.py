"""Placeholder: the alert receivers land with the sending."""
