"""Writing the records into the blog: one module per kind, run by importing.importer."""
