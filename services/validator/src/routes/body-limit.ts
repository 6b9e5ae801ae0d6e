/**
 * Largest request body. A back-test request is a strategy, its grid and a few symbols (a few KB); the cap
 * keeps a runaway client from having its body buffered whole.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
