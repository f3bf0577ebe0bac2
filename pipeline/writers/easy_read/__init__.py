"""Easy Read: the PDF and the page (pipeline/writers/easy_read/)."""
