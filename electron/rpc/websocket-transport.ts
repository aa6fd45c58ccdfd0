import type { WebSocket } from 'ws';
import { Emitter, type Transport } from '../../shared/rpc/transport';

/** The host's end of a server-mode socket. */
export function websocketTransport(socket: WebSocket): Transport {
  const messages = new Emitter<string>();
  const closes = new Emitter<void>();
  socket.on('message', (data, isBinary) => {
    if (!isBinary) messages.emit(data.toString());
  });
  socket.once('close', () => closes.emit());
  socket.on('error', () => socket.terminate());
  return {
    send(message) {
      if (socket.readyState === socket.OPEN) socket.send(message);
    },
    onMessage: (l) => messages.on(l),
    onClose: (l) => closes.on(l),
    close: () => socket.close(),
  };
}
