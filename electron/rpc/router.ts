import type { z } from 'zod';
import { RpcError, toWireError } from '../../shared/rpc/errors';
import { ClientMessage, MAX_MESSAGE_BYTES, type ServerMessage } from '../../shared/rpc/wire';
import type { Transport } from '../../shared/rpc/transport';
import type { Contract, Event, MethodName, Output, ParsedInput, StreamName } from '../../shared/rpc/define';

/** One client (a window, a browser tab, a test) attached to the host. */
export interface Connection {
  readonly id: string;
  /** Per-connection state owned by services (e.g. which workspace this window has open). */
  readonly state: Map<string, unknown>;
  onClose(listener: () => void): () => void;
  readonly closed: boolean;
}

export interface CallContext {
  signal: AbortSignal;
  connection: Connection;
}

export interface StreamContext {
  connection: Connection;
  /** End the subscription from the host side, optionally with an error. */
  end(error?: unknown): void;
}

export type Cleanup = () => void;

export type MethodHandler<C extends Contract, K extends MethodName<C>> = (
  input: ParsedInput<C, K>,
  ctx: CallContext,
) => Promise<Output<C, K>> | Output<C, K>;

export type StreamHandler<C extends Contract, K extends StreamName<C>> = (
  input: ParsedInput<C, K>,
  emit: (event: Event<C, K>) => void,
  ctx: StreamContext,
) => Cleanup | void | Promise<Cleanup | void>;

export type Handlers<C extends Contract> = { [K in MethodName<C>]: MethodHandler<C, K> } & {
  [K in StreamName<C>]: StreamHandler<C, K>;
};

export interface RouterOptions {
  maxMessageBytes?: number;
  /** Where unexpected handler failures are reported (with their stack, which never crosses the wire). */
  onInternalError?: (where: string, error: unknown) => void;
}

export interface ServeOptions {
  /**
   * A client-chosen id that lets a client that lost its link (a browser tab whose socket
   * dropped) come back to the same connection state: subscriptions and in-flight calls end
   * with the link, but `state` and close listeners wait `graceMs` for it to return.
   */
  session?: string;
  graceMs?: number;
}

export interface Router {
  serve(transport: Transport, options?: ServeOptions): Connection;
  readonly connections: ReadonlySet<Connection>;
}

function describeIssues(name: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((i) => `${['params', ...i.path.map(String)].join('.')}: ${i.message}`);
  return `Invalid request to ${name}: ${parts.join('; ')}`;
}

let connectionCounter = 0;

/**
 * The host's side of the RPC layer: every message is size-checked, parsed and validated
 * against the contract before any service sees it, and every failure goes back as a
 * typed error while the connection keeps serving.
 */
export function createRouter<C extends Contract>(contract: C, handlers: Handlers<C>, options: RouterOptions = {}): Router {
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const report = options.onInternalError ?? ((where, e) => console.error(`[specwright] ${where}:`, e));
  const connections = new Set<Connection>();
  /** Sessions whose link dropped, waiting for their client to come back. */
  const detached = new Map<string, { connection: Connection; finalize: () => void; timer: ReturnType<typeof setTimeout> }>();
  const attachedSessions = new Set<string>();

  function newConnection(id: string) {
    const closeListeners = new Set<() => void>();
    let closed = false;
    const connection: Connection = {
      id,
      state: new Map(),
      onClose(l) {
        closeListeners.add(l);
        return () => closeListeners.delete(l);
      },
      get closed() {
        return closed;
      },
    };
    const finalize = () => {
      if (closed) return;
      closed = true;
      connections.delete(connection);
      for (const l of closeListeners) {
        try {
          l();
        } catch (e) {
          report('connection close listener', e);
        }
      }
    };
    return { connection, finalize };
  }

  function serve(transport: Transport, options: ServeOptions = {}): Connection {
    const session = options.session && !attachedSessions.has(options.session) ? options.session : undefined;
    let connection: Connection;
    let finalize: () => void;
    const resumed = session ? detached.get(session) : undefined;
    if (resumed) {
      clearTimeout(resumed.timer);
      detached.delete(session!);
      ({ connection, finalize } = resumed);
    } else {
      ({ connection, finalize } = newConnection(session ?? `c${++connectionCounter}`));
      connections.add(connection);
    }
    if (session) attachedSessions.add(session);
    const inFlight = new Map<number, AbortController>();
    const subs = new Map<number, { cleanup?: Cleanup; ended: boolean }>();
    let closed = false; // this link, not the connection

    const send = (msg: ServerMessage) => {
      if (closed) return;
      try {
        transport.send(JSON.stringify(msg));
      } catch (e) {
        report('send', e);
      }
    };
    const sendError = (callId: number | null, e: unknown) => {
      if (!(e instanceof RpcError)) report(`call ${callId}`, e);
      send({ t: 'error', id: callId, error: toWireError(e) });
    };

    const endSub = (subId: number) => {
      const s = subs.get(subId);
      if (!s || s.ended) return;
      s.ended = true;
      subs.delete(subId);
      try {
        s.cleanup?.();
      } catch (e) {
        report(`unsubscribe ${subId}`, e);
      }
      return s;
    };

    const handleCall = async (callId: number, name: string, params: unknown) => {
      const def = contract[name];
      if (!def || def.kind !== 'method' || !Object.hasOwn(handlers, name)) {
        return sendError(callId, new RpcError('UNKNOWN_METHOD', `Unknown method: ${name}`));
      }
      const parsed = def.input.safeParse(params);
      if (!parsed.success) return sendError(callId, new RpcError('BAD_REQUEST', describeIssues(name, parsed.error)));
      const controller = new AbortController();
      inFlight.set(callId, controller);
      try {
        const handler = (handlers as Record<string, MethodHandler<C, MethodName<C>>>)[name]!;
        const value = await handler(parsed.data as never, { signal: controller.signal, connection });
        if (controller.signal.aborted) return; // the client already gave up on it
        const out = def.output.safeParse(value);
        if (!out.success) {
          report(`output of ${name}`, out.error);
          return sendError(callId, new RpcError('INTERNAL', `The host produced an invalid response for ${name}.`));
        }
        send({ t: 'result', id: callId, value: out.data });
      } catch (e) {
        if (!controller.signal.aborted) sendError(callId, e);
      } finally {
        inFlight.delete(callId);
      }
    };

    const handleSub = async (subId: number, topic: string, params: unknown) => {
      const def = contract[topic];
      if (!def || def.kind !== 'stream' || !Object.hasOwn(handlers, topic)) {
        return send({ t: 'end', id: subId, error: new RpcError('UNKNOWN_METHOD', `Unknown subscription: ${topic}`).toWire() });
      }
      const parsed = def.input.safeParse(params);
      if (!parsed.success) {
        return send({ t: 'end', id: subId, error: new RpcError('BAD_REQUEST', describeIssues(topic, parsed.error)).toWire() });
      }
      const entry: { cleanup?: Cleanup; ended: boolean } = { ended: false };
      subs.set(subId, entry);
      const emit = (value: unknown) => {
        if (entry.ended || closed) return;
        const out = def.event.safeParse(value);
        if (!out.success) return report(`event of ${topic}`, out.error);
        send({ t: 'event', id: subId, value: out.data });
      };
      const ctx: StreamContext = {
        connection,
        end: (error) => {
          if (endSub(subId)) send({ t: 'end', id: subId, ...(error === undefined ? {} : { error: toWireError(error) }) });
        },
      };
      try {
        const handler = (handlers as Record<string, StreamHandler<C, StreamName<C>>>)[topic]!;
        const cleanup = await handler(parsed.data as never, emit as never, ctx);
        if (entry.ended) cleanup?.(); // unsubscribed while the handler was starting
        else if (cleanup) entry.cleanup = cleanup;
      } catch (e) {
        if (!(e instanceof RpcError)) report(`subscribe ${topic}`, e);
        ctx.end(e);
      }
    };

    const offMessage = transport.onMessage((raw) => {
      if (closed) return;
      if (raw.length > maxBytes) {
        const id = /^\{"t":"(?:call|sub)","id":(\d+)/.exec(raw)?.[1];
        return sendError(
          id === undefined ? null : Number(id),
          new RpcError('PAYLOAD_TOO_LARGE', `Message of ${raw.length} bytes exceeds the ${maxBytes}-byte limit.`),
        );
      }
      let msg: ClientMessage;
      try {
        const parsed = ClientMessage.safeParse(JSON.parse(raw));
        if (!parsed.success) throw new Error('shape');
        msg = parsed.data;
      } catch {
        return sendError(null, new RpcError('BAD_REQUEST', 'Malformed message: expected a JSON call, cancel, sub or unsub.'));
      }
      switch (msg.t) {
        case 'call':
          void handleCall(msg.id, msg.method, msg.params);
          return;
        case 'cancel':
          inFlight.get(msg.id)?.abort();
          return;
        case 'sub':
          void handleSub(msg.id, msg.topic, msg.params);
          return;
        case 'unsub':
          endSub(msg.id);
          return;
      }
    });

    const offClose = transport.onClose(() => {
      if (closed) return;
      closed = true;
      offMessage();
      offClose();
      for (const c of inFlight.values()) c.abort();
      inFlight.clear();
      for (const subId of [...subs.keys()]) endSub(subId);
      if (session) attachedSessions.delete(session);
      const grace = options.graceMs ?? 0;
      if (session && grace > 0) {
        const timer = setTimeout(() => {
          detached.delete(session);
          finalize();
        }, grace);
        timer.unref?.();
        detached.set(session, { connection, finalize, timer });
      } else {
        finalize();
      }
    });

    return connection;
  }

  return { serve, connections };
}
