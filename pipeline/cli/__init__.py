"""The command line: the parser and its commands, progress bars, the preview server."""
