import type { AppContract } from '../../shared/contract';
import { createClient, type Client } from '../../shared/rpc/client';
import type { Transport, TransportStatus } from '../../shared/rpc/transport';
import { createIpcTransport } from './ipc-transport';
import { createWebSocketTransport, tabSessionId } from './websocket-transport';

export type Api = Client<AppContract>;

let transport: Transport;
/** The one client of this window, over IPC in the desktop app or a WebSocket in a browser. */
export const api: Api = (() => {
  if (window.specwright) {
    transport = createIpcTransport(window.specwright);
  } else {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    transport = createWebSocketTransport(`${scheme}://${location.host}/rpc?session=${tabSessionId()}`);
  }
  return createClient<AppContract>(transport);
})();

export function onConnectionStatus(listener: (s: TransportStatus) => void): () => void {
  return transport.onStatus?.(listener) ?? (() => {});
}
