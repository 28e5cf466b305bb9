"""The HTTP side: views (one module per resource), middleware, and what shapes answers."""
