import { Emitter, type Transport } from '../../shared/rpc/transport';
import { APP_ORIGIN, RPC_CHANNEL } from './ipc-channel';

/** The parts of Electron's `ipcMain`, `IpcMainEvent` and `WebContents` this module uses, with their signatures. */
export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}
export interface FrameLike {
  url: string;
  parent: FrameLike | null;
}
export interface WebContentsLike {
  id: number;
  mainFrame: FrameLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}
export interface IpcEventLike {
  sender: WebContentsLike;
  senderFrame: FrameLike | null;
}

/**
 * Accepts a message only from the main frame of a window the host attached, showing the
 * app's own page: not from an iframe, not from a page the window navigated to.
 */
export function isTrustedSender(event: IpcEventLike, expected: WebContentsLike): boolean {
  const frame = event.senderFrame;
  if (!frame || event.sender !== expected || frame !== expected.mainFrame || frame.parent !== null) return false;
  try {
    // URL.origin is "null" for custom schemes, so compare scheme and host.
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Routes the RPC channel to one Transport per window. Messages from unknown or
 * untrusted senders are dropped.
 */
export function createIpcHub(ipcMain: IpcMainLike, onRejected: (why: string) => void = (w) => console.warn(`[specwright] ipc: ${w}`)) {
  const windows = new Map<number, { contents: WebContentsLike; messages: Emitter<string> }>();

  const listener = (event: IpcEventLike, message: unknown) => {
    const entry = windows.get(event.sender.id);
    if (!entry) return onRejected(`message from unknown web contents ${event.sender.id}`);
    if (!isTrustedSender(event, entry.contents)) return onRejected(`message from an untrusted frame (${event.senderFrame?.url ?? 'none'})`);
    if (typeof message !== 'string') return onRejected('non-string message');
    entry.messages.emit(message);
  };
  ipcMain.on(RPC_CHANNEL, listener as (event: IpcEventLike, ...args: unknown[]) => void);

  return {
    connect(contents: WebContentsLike): Transport {
      const messages = new Emitter<string>();
      const closes = new Emitter<void>();
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        windows.delete(contents.id);
        closes.emit();
      };
      windows.set(contents.id, { contents, messages });
      contents.once('destroyed', close);
      return {
        send(message) {
          if (!closed && !contents.isDestroyed()) contents.send(RPC_CHANNEL, message);
        },
        onMessage: (l) => messages.on(l),
        onClose: (l) => closes.on(l),
        close,
      };
    },
    dispose() {
      ipcMain.removeListener(RPC_CHANNEL, listener as (event: IpcEventLike, ...args: unknown[]) => void);
    },
  };
}
