"""Writing this blog out as WXR, for WordPress or another copy of this blog."""
