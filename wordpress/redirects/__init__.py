"""WordPress's old addresses kept alive after the move."""
