"""The HTTP server: JSON API and HTML pages over a store (`storydesk serve`)."""
