"""Running cases moved to a newer version of their process (preview, apply)."""
