"""Who may do what: roles, password hashing, signed tokens and API keys (no storage here)."""
