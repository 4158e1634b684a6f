"""Exchanging the catalog with spreadsheets and other platforms: Excel (事项清单), the national exchange tables, CPSV-AP."""
from .xlsx import ImportError_ as ImportError_, SheetProblem as SheetProblem, export_workbook as export_workbook
from .xlsx import import_workbook as import_workbook, read_workbook as read_workbook

__all__ = ["ImportError_", "SheetProblem", "export_workbook", "import_workbook", "read_workbook"]
