"""Putting a built site in front of readers: the headers every file is served with, the
nginx configuration that serves them, and the uploads to storage."""
