"""What the writers share: templates, the review stamp, words in each language, fonts, translation links."""
