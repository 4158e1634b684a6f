"""Login, users, API tokens and the role permission matrix."""
from .roles import PERMISSIONS as PERMISSIONS, ROLES as ROLES, TOKEN_ROLE as TOKEN_ROLE, allowed as allowed, scoped as scoped
from .tokens import SCOPES as SCOPES, ApiToken as ApiToken, require_scope as require_scope
from .users import User as User

__all__ = ["PERMISSIONS", "ROLES", "SCOPES", "TOKEN_ROLE", "ApiToken", "User", "allowed", "require_scope", "scoped"]
