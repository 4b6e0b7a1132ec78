"""The HTTP edge: routes that turn requests into one service call and its result back out."""
