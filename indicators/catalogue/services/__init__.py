"""Writes of the catalogue and of who may use wzsci, one module per subject (plans, tasks,
regions, indicators, targets, access); callers import the module they need."""
