"""storydesk: what is established about a news event, by whom, and where sources disagree."""

__version__ = "0.1.0"
