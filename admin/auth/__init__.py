"""Login, users and the role permission matrix."""
from .roles import PERMISSIONS as PERMISSIONS, ROLES as ROLES, allowed as allowed, scoped as scoped
from .users import User as User

__all__ = ["PERMISSIONS", "ROLES", "User", "allowed", "scoped"]
