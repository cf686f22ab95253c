"""Pictures: variants, EXIF removal and the cache."""
