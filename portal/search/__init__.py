"""Site search: a view inside each language prefix, not a page of the tree."""
