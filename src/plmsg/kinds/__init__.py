"""Rule kinds: one module each. A rule file names its kind; the module compiles it."""
