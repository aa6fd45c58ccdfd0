// Kept apart from the wire schemas so the server can start listening before it loads zod.

/** Largest message the host accepts; a 5 MB file saved from the editor fits many times over. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
