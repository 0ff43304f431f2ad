"""Output formats: one module per format, each a streaming writer over a text file."""
