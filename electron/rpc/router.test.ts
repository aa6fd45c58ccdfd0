import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createClient } from '../../shared/rpc/client';
import { method, stream } from '../../shared/rpc/define';
import { RpcError } from '../../shared/rpc/errors';
import { createMemoryTransportPair, Emitter, type Transport, type TransportStatus } from '../../shared/rpc/transport';
import { createRouter, type Handlers } from './router';

const testContract = {
  echo: method(z.object({ text: z.string() }), z.object({ text: z.string() })),
  delay: method(z.object({ ms: z.number(), tag: z.string() }), z.object({ tag: z.string() })),
  fail: method(z.object({ kind: z.enum(['typed', 'plain']) }), z.object({})),
  wait: method(z.object({}), z.object({ aborted: z.boolean() })),
  badOutput: method(z.object({}), z.object({ n: z.number() })),
  ticks: stream(z.object({ count: z.number() }), z.object({ n: z.number() })),
  forever: stream(z.object({}), z.object({ n: z.number() })),
};
type T = typeof testContract;

function setup(overrides: Partial<Handlers<T>> = {}) {
  const cleanups: string[] = [];
  const waits: { aborted: () => boolean }[] = [];
  const handlers: Handlers<T> = {
    echo: ({ text }) => ({ text }),
    delay: async ({ ms, tag }) => {
      await new Promise((r) => setTimeout(r, ms));
      return { tag };
    },
    fail: ({ kind }) => {
      if (kind === 'typed') throw new RpcError('NOT_FOUND', 'No such thing', { which: 'x' });
      throw new Error('secret internal detail');
    },
    wait: (_i, { signal }) =>
      new Promise((resolve) => {
        waits.push({ aborted: () => signal.aborted });
        signal.addEventListener('abort', () => resolve({ aborted: true }));
      }),
    badOutput: () => ({ n: 'not a number' }) as never,
    ticks: ({ count }, emit, ctx) => {
      for (let n = 1; n <= count; n++) emit({ n });
      ctx.end();
    },
    forever: (_i, emit) => {
      let n = 0;
      const timer = setInterval(() => emit({ n: ++n }), 1);
      return () => {
        clearInterval(timer);
        cleanups.push('forever');
      };
    },
    ...overrides,
  };
  const internal: unknown[] = [];
  const router = createRouter(testContract, handlers, { onInternalError: (_w, e) => internal.push(e), maxMessageBytes: 1000 });
  const [clientEnd, hostEnd] = createMemoryTransportPair();
  const connection = router.serve(hostEnd);
  const client = createClient<T>(clientEnd);
  return { client, clientEnd, hostEnd, connection, router, cleanups, waits, internal };
}

/** The error a call failed with; fails the test if it succeeded. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: RpcError) => e,
  );

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('RPC over the in-memory transport', () => {
  it('answers calls and keeps results matched to their requests whatever order they finish in', async () => {
    const { client } = setup();
    const results = await Promise.all([
      client.call('delay', { ms: 30, tag: 'slow' }),
      client.call('delay', { ms: 1, tag: 'fast' }),
      client.call('echo', { text: 'now' }),
    ]);
    expect(results).toEqual([{ tag: 'slow' }, { tag: 'fast' }, { text: 'now' }]);
  });

  it('starts handlers in the order the calls were sent', async () => {
    const started: number[] = [];
    const { client } = setup({
      echo: ({ text }) => {
        started.push(Number(text));
        return { text };
      },
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.call('echo', { text: String(i) })));
    expect(started).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('delivers subscription events in emission order and reports the host ending it', async () => {
    const { client } = setup();
    const seen: number[] = [];
    const ended = vi.fn();
    client.subscribe('ticks', { count: 100 }, { event: (e) => seen.push(e.n), end: ended });
    await settle();
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(ended).toHaveBeenCalledWith(undefined);
  });

  it('rejects params that fail their schema with BAD_REQUEST naming the field, and keeps serving', async () => {
    const { client } = setup();
    const err = await failure(client.call('echo', { text: 42 as unknown as string }));
    expect(err).toBeInstanceOf(RpcError);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('params.text');
    await expect(client.call('echo', { text: 'still here' })).resolves.toEqual({ text: 'still here' });
  });

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    const { client } = setup();
    const err = await failure((client as unknown as { call: (m: string, p: unknown) => Promise<unknown> })
      .call('nope', {}));
    expect(err.code).toBe('UNKNOWN_METHOD');
  });

  it('passes typed errors through with their detail and hides internal ones', async () => {
    const { client, internal } = setup();
    const typed = await failure(client.call('fail', { kind: 'typed' }));
    expect(typed.code).toBe('NOT_FOUND');
    expect(typed.detail).toEqual({ which: 'x' });
    const plain = await failure(client.call('fail', { kind: 'plain' }));
    expect(plain.code).toBe('INTERNAL');
    expect(JSON.stringify(plain)).not.toContain('at ');
    expect(internal).toHaveLength(1);
  });

  it('never sends an output that breaks the contract', async () => {
    const { client } = setup();
    const err = await failure(client.call('badOutput', {}));
    expect(err.code).toBe('INTERNAL');
  });

  it('cancels a call: the client rejects at once and the handler sees its signal abort', async () => {
    const { client, waits } = setup();
    const controller = new AbortController();
    const p = client.call('wait', {}, { signal: controller.signal });
    await settle();
    expect(waits).toHaveLength(1);
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    await settle();
    expect(waits[0]!.aborted()).toBe(true);
  });

  it('stops a subscription when the client unsubscribes', async () => {
    const { client, cleanups } = setup();
    const seen: number[] = [];
    const unsubscribe = client.subscribe('forever', {}, (e) => seen.push(e.n));
    await settle();
    unsubscribe();
    await settle();
    const count = seen.length;
    await settle();
    expect(cleanups).toEqual(['forever']);
    expect(seen.length).toBe(count);
  });

  it('on disconnect, ends subscriptions and aborts calls on the host, and fails pending calls on the client', async () => {
    const { client, clientEnd, cleanups, waits, connection, router } = setup();
    client.subscribe('forever', {}, () => {});
    const pending = client.call('wait', {});
    await settle();
    clientEnd.close();
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await settle();
    expect(cleanups).toEqual(['forever']);
    expect(waits[0]!.aborted()).toBe(true);
    expect(connection.closed).toBe(true);
    expect(router.connections.size).toBe(0);
  });

  it('refuses oversized and malformed messages with typed errors and keeps serving', async () => {
    const { client, clientEnd } = setup();
    const tooBig = await failure(client.call('echo', { text: 'x'.repeat(2000) }));
    expect(tooBig.code).toBe('PAYLOAD_TOO_LARGE');
    const received: string[] = [];
    clientEnd.onMessage((m) => received.push(m));
    clientEnd.send('{not json');
    clientEnd.send(JSON.stringify({ t: 'call', id: 'x' }));
    await settle();
    expect(received.map((m) => JSON.parse(m).error.code)).toEqual(['BAD_REQUEST', 'BAD_REQUEST']);
    await expect(client.call('echo', { text: 'ok' })).resolves.toEqual({ text: 'ok' });
  });

  it('ends a subscription whose params are invalid with BAD_REQUEST', async () => {
    const { client } = setup();
    const end = vi.fn();
    client.subscribe('ticks', { count: 'many' as unknown as number }, { event: () => {}, end });
    await settle();
    expect(end.mock.calls[0]![0]).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('re-opens subscriptions after a reconnecting transport comes back', async () => {
    const { router } = setup();
    // A transport whose underlying link can be swapped, like the browser's WebSocket.
    const status = new Emitter<TransportStatus>();
    const messages = new Emitter<string>();
    let link: Transport;
    let offLink = () => {};
    const connect = () => {
      const [c, h] = createMemoryTransportPair();
      router.serve(h);
      offLink();
      offLink = c.onMessage((m) => messages.emit(m));
      link = c;
    };
    connect();
    const reconnecting: Transport = {
      send: (m) => link.send(m),
      onMessage: (l) => messages.on(l),
      onClose: () => () => {},
      onStatus: (l) => status.on(l),
      close: () => link.close(),
    };
    const client = createClient<T>(reconnecting);
    const seen: number[] = [];
    client.subscribe('forever', {}, (e) => seen.push(e.n));
    const pending = client.call('wait', {});
    await settle();
    link!.close();
    status.emit('reconnecting');
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    connect();
    status.emit('connected');
    const before = seen.length;
    await settle();
    expect(seen.length).toBeGreaterThan(before);
  });
});

describe('sessions that survive a dropped link', () => {
  it('keeps connection state for a client that comes back within the grace period, and closes it after', async () => {
    const router = createRouter(testContract, {} as Handlers<T>);
    const [c1, h1] = createMemoryTransportPair();
    const first = router.serve(h1, { session: 'tab-1', graceMs: 60 });
    first.state.set('workspace', 'kept');
    const closed = vi.fn();
    first.onClose(closed);
    c1.close();
    await settle();
    expect(closed).not.toHaveBeenCalled();
    const [, h2] = createMemoryTransportPair();
    const second = router.serve(h2, { session: 'tab-1', graceMs: 60 });
    expect(second).toBe(first);
    expect(second.state.get('workspace')).toBe('kept');
    // A second tab claiming the same live session gets its own connection.
    const [, h3] = createMemoryTransportPair();
    expect(router.serve(h3, { session: 'tab-1', graceMs: 60 })).not.toBe(first);
  });

  it('closes a detached session once the grace period passes', async () => {
    const router = createRouter(testContract, {} as Handlers<T>);
    const [c1, h1] = createMemoryTransportPair();
    const conn = router.serve(h1, { session: 'tab-2', graceMs: 30 });
    const closed = vi.fn();
    conn.onClose(closed);
    c1.close();
    await new Promise((r) => setTimeout(r, 80));
    expect(closed).toHaveBeenCalledOnce();
    expect(conn.closed).toBe(true);
    expect(router.connections.has(conn)).toBe(false);
  });
});
