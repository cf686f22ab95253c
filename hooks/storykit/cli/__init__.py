"""The `storykit` command line."""
