import { RPC_CHANNEL } from './ipc-channel';

/** The parts of Electron's `ipcRenderer` the bridge uses, with their signatures. */
export interface IpcRendererLike {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Exactly what the page gets as `window.specwright`: send a string, receive strings. Never ipcRenderer itself. */
export interface SpecwrightBridge {
  send(message: string): void;
  onMessage(listener: (message: string) => void): () => void;
  platform: string;
}

export function createBridge(ipc: IpcRendererLike, platform: string): SpecwrightBridge {
  return {
    send(message) {
      if (typeof message !== 'string') throw new TypeError('specwright.send takes a string');
      ipc.send(RPC_CHANNEL, message);
    },
    onMessage(listener) {
      // Strip the event object: the page must not reach `event.sender` (the ipcRenderer).
      const wrapped = (_event: unknown, message: unknown) => {
        if (typeof message === 'string') listener(message);
      };
      ipc.on(RPC_CHANNEL, wrapped);
      return () => {
        ipc.removeListener(RPC_CHANNEL, wrapped);
      };
    },
    platform,
  };
}
