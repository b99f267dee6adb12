"""What other apps may use of ``courses``."""

from .models import Role
from .selectors import curricula_index_url, role_list

__all__ = ["Role", "curricula_index_url", "role_list"]
