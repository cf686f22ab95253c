"""Page data: the queries pages make (recorded), and every page as a frozen dataclass. No I/O."""
