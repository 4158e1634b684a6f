"""Click commands of the runtime, one module per area; registered in :mod:`onewindow.runtime.cli`."""

__all__: list[str] = []
"""Nothing here is for import: the commands are reached through :mod:`onewindow.runtime.cli`."""
