"""Text structure helpers: where the parts of a message are."""
