"""The stages as plain functions over batches (pipeline), the spool between them, progress."""
