"""Click commands of the runtime, one module per area; registered in :mod:`onewindow.runtime.cli`."""
