/**
 * The one thing the RPC layer needs from a transport: send a string, receive strings,
 * learn when the other side went away. Electron IPC, WebSocket and the in-memory pair
 * below all implement it; nothing above this interface knows which one it has.
 */
export interface Transport {
  send(message: string): void;
  onMessage(listener: (message: string) => void): () => void;
  onClose(listener: () => void): () => void;
  close(): void;
  /**
   * Transports that can drop and come back (a browser's WebSocket to server mode) report
   * it here; the client then fails in-flight calls and re-opens its subscriptions.
   */
  onStatus?(listener: (status: TransportStatus) => void): () => void;
}

export type TransportStatus = 'connected' | 'reconnecting';

type Listener<T> = (value: T) => void;

/** A minimal listener set, used by transports and services alike. */
export class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  get size(): number {
    return this.listeners.size;
  }
  clear(): void {
    this.listeners.clear();
  }
}

/**
 * Two connected in-memory ends. Delivery is asynchronous (a microtask), like a real
 * transport, so tests see the same interleavings they would over a socket.
 */
export function createMemoryTransportPair(): [Transport, Transport] {
  const make = () => ({ messages: new Emitter<string>(), closes: new Emitter<void>(), closed: false });
  const a = make();
  const b = make();
  const end = (self: ReturnType<typeof make>, other: ReturnType<typeof make>): Transport => ({
    send(message) {
      if (self.closed) return;
      queueMicrotask(() => {
        if (!other.closed) other.messages.emit(message);
      });
    },
    onMessage: (l) => self.messages.on(l),
    onClose: (l) => self.closes.on(l),
    close() {
      if (self.closed) return;
      self.closed = true;
      other.closed = true;
      queueMicrotask(() => {
        self.closes.emit();
        other.closes.emit();
      });
    },
  });
  return [end(a, b), end(b, a)];
}
