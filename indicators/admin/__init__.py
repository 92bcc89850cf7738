"""The admin of the indicators app, one module per subject; imported here so that Django's
admin autodiscovery registers every one."""

from indicators.admin import access, catalogue, progress, reporting, targets, workflow

__all__ = ["access", "catalogue", "progress", "reporting", "targets", "workflow"]
