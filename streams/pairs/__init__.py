"""Pairs across workers: the cell and pair stages of :mod:`services.events.cells`."""
