/** A call that could not complete; the message is for the model and the person. */
export class McpCallError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-ready' | 'timeout' | 'closed' | 'server-error' | 'unknown-tool',
  ) {
    super(message);
    this.name = 'McpCallError';
  }
}
