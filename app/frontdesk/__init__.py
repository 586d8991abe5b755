"""Front-desk work: finding the caller and their record."""
