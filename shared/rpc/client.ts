import { RpcError, WireError } from './errors';
import { ServerMessage, type ClientMessage } from './wire';
import type { Transport } from './transport';
import type { Contract, Event, Input, MethodName, Output, StreamName } from './define';

export interface CallOptions {
  signal?: AbortSignal;
}

export interface SubscribeHandlers<E> {
  event: (value: E) => void;
  /** The host ended the subscription, with an error if it failed. */
  end?: (error?: RpcError) => void;
}

export interface Client<C extends Contract> {
  call<K extends MethodName<C>>(method: K, params: Input<C, K>, options?: CallOptions): Promise<Output<C, K>>;
  subscribe<K extends StreamName<C>>(
    topic: K,
    params: Input<C, K>,
    handlers: SubscribeHandlers<Event<C, K>> | ((value: Event<C, K>) => void),
  ): () => void;
  close(): void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: RpcError) => void;
  cleanup: () => void;
}
interface ActiveSub {
  topic: string;
  params: unknown;
  handlers: SubscribeHandlers<unknown>;
}

/**
 * The renderer's (and tests') side of the RPC layer. Written once, above any Transport.
 * Results are not re-validated here: the host validated inputs, and its outputs are typed
 * by the same contract at compile time.
 */
export function createClient<C extends Contract>(transport: Transport): Client<C> {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();
  const subs = new Map<number, ActiveSub>();

  const send = (msg: ClientMessage) => {
    if (!closed) transport.send(JSON.stringify(msg));
  };

  const failAllPending = (error: RpcError) => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.cleanup();
      p.reject(error);
    }
  };

  const offMessage = transport.onMessage((raw) => {
    let msg: ServerMessage;
    try {
      msg = ServerMessage.parse(JSON.parse(raw));
    } catch {
      return; // A host never sends malformed messages; ignore rather than crash the UI.
    }
    switch (msg.t) {
      case 'result': {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        p.cleanup();
        p.resolve(msg.value);
        return;
      }
      case 'error': {
        if (msg.id === null) return; // a message the host could not attribute to a call
        const p = pending.get(msg.id);
        if (p) {
          pending.delete(msg.id);
          p.cleanup();
          p.reject(RpcError.fromWire(msg.error));
        }
        return;
      }
      case 'event':
        subs.get(msg.id)?.handlers.event(msg.value);
        return;
      case 'end': {
        const s = subs.get(msg.id);
        if (!s) return;
        subs.delete(msg.id);
        s.handlers.end?.(msg.error ? RpcError.fromWire(WireError.parse(msg.error)) : undefined);
        return;
      }
    }
  });

  const offStatus = transport.onStatus?.((status) => {
    if (status === 'reconnecting') {
      failAllPending(new RpcError('DISCONNECTED', 'Lost the connection to the Specwright host; reconnecting.'));
    } else {
      // The host forgot our subscriptions with the old connection: open them again.
      for (const [id, s] of subs) send({ t: 'sub', id, topic: s.topic, params: s.params });
    }
  });

  const shutdown = () => {
    if (closed) return;
    closed = true;
    const gone = () => new RpcError('DISCONNECTED', 'The connection to the Specwright host was closed.');
    failAllPending(gone());
    for (const [id, s] of subs) {
      subs.delete(id);
      s.handlers.end?.(gone());
    }
  };
  const offClose = transport.onClose(shutdown);

  return {
    call(method, params, options = {}) {
      return new Promise((resolve, reject) => {
        if (closed) return reject(new RpcError('DISCONNECTED', 'The connection to the Specwright host was closed.'));
        const { signal } = options;
        if (signal?.aborted) return reject(new RpcError('CANCELLED', 'Cancelled before it was sent.'));
        const id = nextId++;
        const onAbort = () => {
          if (!pending.has(id)) return;
          pending.delete(id);
          send({ t: 'cancel', id });
          reject(new RpcError('CANCELLED', `${method} was cancelled.`));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, {
          resolve: resolve as (v: unknown) => void,
          reject,
          cleanup: () => signal?.removeEventListener('abort', onAbort),
        });
        send({ t: 'call', id, method, params });
      });
    },

    subscribe(topic, params, handlersOrFn) {
      const handlers = (typeof handlersOrFn === 'function' ? { event: handlersOrFn } : handlersOrFn) as SubscribeHandlers<unknown>;
      const id = nextId++;
      subs.set(id, { topic, params, handlers });
      send({ t: 'sub', id, topic, params });
      return () => {
        if (!subs.delete(id)) return;
        send({ t: 'unsub', id });
      };
    },

    close() {
      shutdown();
      offMessage();
      offStatus?.();
      offClose();
      transport.close();
    },
  };
}
