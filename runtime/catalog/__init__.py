"""The catalog model: pydantic shapes of every catalog entity and the immutable :class:`Catalog`."""
from .calendar_year import CalendarYear as CalendarYear, DayOff as DayOff
from .catalog import Catalog as Catalog, Origin as Origin
from .document import SECTIONS as SECTIONS, CatalogFile as CatalogFile
from .fee import Exemption as Exemption, Fee as Fee, Tier as Tier
from .green_channel import ChannelCategory as ChannelCategory, GreenChannel as GreenChannel, Grants as Grants, Project as Project
from .item import Contacts as Contacts, Item as Item, Result as Result, Step as Step, TimeLimit as TimeLimit
from .legal import Article as Article, LegalBasis as LegalBasis, LegalDocument as LegalDocument
from .material import ItemMaterial as ItemMaterial, LibraryMaterial as LibraryMaterial, MaterialSource as MaterialSource
from .organisation import Centre as Centre, Department as Department, Session as Session, TownshipCentre as TownshipCentre, Window as Window
from .organisation import ScoreBand as ScoreBand, Scoring as Scoring
from .policy import LawReference as LawReference, PolicyDeclaration as PolicyDeclaration
from .pipeline import Pipeline as Pipeline, Stage as Stage
from .situation import Choice as Choice, Situation as Situation

from .item import CASE_CLASS_NAMES as CASE_CLASS_NAMES
from .assembly import KEYED_SECTIONS as KEYED_SECTIONS, CatalogAssembly as CatalogAssembly
from .item import ITEM_TYPE_NAMES as ITEM_TYPE_NAMES
from .legal import STATUS_NAMES as STATUS_NAMES, plain_reference as plain_reference
from .base import bare_type as bare_type
from .names import value_names as value_names

__all__ = [
    "Article", "CASE_CLASS_NAMES", "CalendarYear", "DayOff", "Catalog", "CatalogAssembly", "CatalogFile", "Centre",
    "ChannelCategory", "Choice", "Contacts", "Department", "Exemption", "Fee", "Grants", "GreenChannel",
    "ITEM_TYPE_NAMES", "Item", "KEYED_SECTIONS", "ItemMaterial", "LawReference", "LegalBasis", "LegalDocument", "LibraryMaterial",
    "MaterialSource", "Origin", "Pipeline", "PolicyDeclaration", "Project", "Result", "SECTIONS", "STATUS_NAMES",
    "ScoreBand", "Scoring", "Session", "Situation", "Stage", "Step", "Tier", "TimeLimit", "TownshipCentre", "Window", "bare_type",
    "plain_reference", "value_names",
]
