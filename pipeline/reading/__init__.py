"""Reading: a source file (front matter, Markdown, images, the publisher file, its translations) becomes the model."""
