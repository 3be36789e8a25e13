"""Turning WordPress's content (block markup, shortcodes, autop, names) into ours."""
