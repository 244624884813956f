"""Who is who: organisations and users, roles, who may see which case, the audit trail, API tokens."""
