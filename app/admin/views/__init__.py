"""Hand-written screens: thin adapters over domain modules."""
