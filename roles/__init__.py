"""The site's roles: Author, Editor and Moderator, as groups made by a migration."""
