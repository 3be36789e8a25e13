def display_name(user):
    """How an author is named on pages and in feeds: full name, else username."""
    return user.get_full_name() or user.get_username()
