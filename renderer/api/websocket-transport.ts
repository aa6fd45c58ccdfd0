import { Emitter, type Transport, type TransportStatus } from '../../shared/rpc/transport';

/**
 * Server mode's transport: a WebSocket to /rpc that reconnects with backoff when it drops
 * (the host restarted, the laptop slept), announcing each drop and return so the client
 * can fail in-flight calls and re-open subscriptions. The session id lets the host give
 * the tab back its workspace and terminals.
 */
export function createWebSocketTransport(url: string): Transport & { ready: Promise<void> } {
  const messages = new Emitter<string>();
  const statuses = new Emitter<TransportStatus>();
  const closes = new Emitter<void>();
  const queue: string[] = [];
  let socket: WebSocket;
  let closed = false;
  let attempt = 0;
  let everOpened = false;
  let resolveReady: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));

  const connect = () => {
    socket = new WebSocket(url);
    socket.onopen = () => {
      attempt = 0;
      if (everOpened) statuses.emit('connected');
      everOpened = true;
      resolveReady();
      for (const m of queue.splice(0)) socket.send(m);
    };
    socket.onmessage = (e) => {
      if (typeof e.data === 'string') messages.emit(e.data);
    };
    socket.onclose = () => {
      if (closed) return;
      if (everOpened && attempt === 0) statuses.emit('reconnecting');
      const delay = Math.min(10_000, 250 * 2 ** attempt++) * (0.8 + Math.random() * 0.4);
      setTimeout(connect, delay);
    };
  };
  connect();

  return {
    ready,
    send(message) {
      if (socket.readyState === WebSocket.OPEN) socket.send(message);
      else queue.push(message);
    },
    onMessage: (l) => messages.on(l),
    onStatus: (l) => statuses.on(l),
    onClose: (l) => closes.on(l),
    close() {
      closed = true;
      socket.close();
      closes.emit();
    },
  };
}

/** One id per tab (kept across reloads of the same tab), for reattaching after a drop. */
export function tabSessionId(): string {
  const key = 'specwright.session';
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(key, id);
  }
  return id;
}
