import { z } from 'zod';

/** Every failure that crosses the transport carries one of these codes, never a stack trace. */
export const errorCodes = [
  'BAD_REQUEST', // malformed message or params that fail their schema
  'UNKNOWN_METHOD',
  'PAYLOAD_TOO_LARGE',
  'CANCELLED',
  'DISCONNECTED',
  'NO_WORKSPACE',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PATH_OUTSIDE_WORKSPACE',
  'PERMISSION_DENIED',
  'CONFLICT',
  'UNSUPPORTED',
  'TIMEOUT',
  'INTERNAL',
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.object({
  code: ErrorCode,
  message: z.string(),
  detail: z.unknown().optional(),
});
export type WireError = z.infer<typeof WireError>;

export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  toWire(): WireError {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  static fromWire(e: WireError): RpcError {
    return new RpcError(e.code, e.message, e.detail);
  }
}

export function isRpcError(e: unknown, code?: ErrorCode): e is RpcError {
  return e instanceof RpcError && (code === undefined || e.code === code);
}

/** Turns anything thrown by a handler into a wire error; unknown errors lose their stack. */
export function toWireError(e: unknown): WireError {
  if (e instanceof RpcError) return e.toWire();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: message || 'Internal error' };
}
