"""Reading a WordPress export (WXR) into plain records."""
