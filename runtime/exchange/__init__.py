"""Exchanging the catalog with spreadsheets and other platforms: Excel (事项清单), the national exchange tables, CPSV-AP."""
from .national import CodeList as CodeList, load_code_lists as load_code_lists, national_rows as national_rows
from .national_io import export_national as export_national, import_national as import_national
from .national_io import read_national_catalog as read_national_catalog
from .xlsx import ImportFailed as ImportFailed, export_workbook as export_workbook
from .xlsx import import_workbook as import_workbook, read_workbook as read_workbook

__all__ = ["CodeList", "ImportFailed", "export_national", "export_workbook", "import_national",
           "import_workbook", "load_code_lists", "national_rows", "read_national_catalog", "read_workbook"]
