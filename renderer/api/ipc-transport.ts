import type { Transport } from '../../shared/rpc/transport';

/** What the desktop preload exposes (see electron/desktop/preload-bridge.ts). */
export interface SpecwrightBridge {
  send(message: string): void;
  onMessage(listener: (message: string) => void): () => void;
  platform: string;
}

declare global {
  interface Window {
    specwright?: SpecwrightBridge;
  }
}

export function createIpcTransport(bridge: SpecwrightBridge): Transport {
  return {
    send: (m) => bridge.send(m),
    onMessage: (l) => bridge.onMessage(l),
    onClose: () => () => {}, // the window and its host end together
    close: () => {},
  };
}
