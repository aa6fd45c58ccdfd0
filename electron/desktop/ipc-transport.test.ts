import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createClient } from '../../shared/rpc/client';
import { method } from '../../shared/rpc/define';
import { Emitter, type Transport } from '../../shared/rpc/transport';
import { createRouter } from '../rpc/router';
import { APP_ORIGIN, RPC_CHANNEL } from './ipc-channel';
import { createIpcHub, type FrameLike, type IpcEventLike, type WebContentsLike } from './ipc-transport';
import { createBridge } from './preload-bridge';

/**
 * Electron cannot run here, so these fakes reproduce the signatures of ipcMain,
 * ipcRenderer and WebContents: the only test doubles in the project (see ARCHITECTURE.md).
 */
class FakeWebContents extends EventEmitter implements WebContentsLike {
  mainFrame: FrameLike = { url: `${APP_ORIGIN}/index.html`, parent: null };
  destroyed = false;
  renderer = new EventEmitter(); // what ipcRenderer.on sees in this window
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, ...args: unknown[]) {
    queueMicrotask(() => this.renderer.emit(channel, { sender: 'ipcRenderer' }, ...args));
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

function fakeIpcRenderer(ipcMain: EventEmitter, contents: FakeWebContents, frame = () => contents.mainFrame) {
  return {
    send: (channel: string, ...args: unknown[]) =>
      queueMicrotask(() => ipcMain.emit(channel, { sender: contents, senderFrame: frame() } satisfies IpcEventLike, ...args)),
    on: (channel: string, l: (e: unknown, ...a: unknown[]) => void) => contents.renderer.on(channel, l),
    removeListener: (channel: string, l: (e: unknown, ...a: unknown[]) => void) => contents.renderer.removeListener(channel, l),
  };
}

function bridgeTransport(bridge: ReturnType<typeof createBridge>): Transport {
  return { send: bridge.send, onMessage: bridge.onMessage, onClose: () => () => {}, close: () => {} };
}

const contract = { echo: method(z.object({ text: z.string() }), z.object({ text: z.string() })) };

describe('Electron IPC transport', () => {
  it('carries RPC between a window and the host', async () => {
    const ipcMain = new EventEmitter();
    const hub = createIpcHub(ipcMain as never);
    const contents = new FakeWebContents(1);
    const router = createRouter(contract, { echo: ({ text }) => ({ text }) });
    router.serve(hub.connect(contents));
    const client = createClient<typeof contract>(bridgeTransport(createBridge(fakeIpcRenderer(ipcMain, contents), 'linux')));
    await expect(client.call('echo', { text: 'over ipc' })).resolves.toEqual({ text: 'over ipc' });
  });

  it('drops messages from an iframe, a foreign page, or an unknown window', async () => {
    const ipcMain = new EventEmitter();
    const rejected: string[] = [];
    const hub = createIpcHub(ipcMain as never, (why) => rejected.push(why));
    const contents = new FakeWebContents(1);
    const received = new Emitter<string>();
    hub.connect(contents).onMessage((m) => received.emit(m));
    const got = vi.fn();
    received.on(got);
    const iframe: FrameLike = { url: `${APP_ORIGIN}/x.html`, parent: contents.mainFrame };
    fakeIpcRenderer(ipcMain, contents, () => iframe).send(RPC_CHANNEL, 'from iframe');
    contents.mainFrame = { url: 'https://evil.example/', parent: null };
    fakeIpcRenderer(ipcMain, contents).send(RPC_CHANNEL, 'after navigation');
    fakeIpcRenderer(ipcMain, new FakeWebContents(2)).send(RPC_CHANNEL, 'stranger');
    await new Promise((r) => setTimeout(r, 10));
    expect(got).not.toHaveBeenCalled();
    expect(rejected).toHaveLength(3);
  });

  it('closes the transport when the window goes away', async () => {
    const hub = createIpcHub(new EventEmitter() as never);
    const contents = new FakeWebContents(1);
    const closed = vi.fn();
    hub.connect(contents).onClose(closed);
    contents.destroy();
    expect(closed).toHaveBeenCalledOnce();
  });

  it('gives the page strings only, never the IPC event or ipcRenderer', async () => {
    const ipcMain = new EventEmitter();
    const contents = new FakeWebContents(1);
    const bridge = createBridge(fakeIpcRenderer(ipcMain, contents), 'linux');
    expect(Object.keys(bridge).sort()).toEqual(['onMessage', 'platform', 'send']);
    const args: unknown[][] = [];
    const off = bridge.onMessage((...a) => args.push(a));
    contents.send(RPC_CHANNEL, 'hello');
    contents.send(RPC_CHANNEL, { not: 'a string' });
    await new Promise((r) => setTimeout(r, 5));
    expect(args).toEqual([['hello']]);
    off();
    contents.send(RPC_CHANNEL, 'after off');
    await new Promise((r) => setTimeout(r, 5));
    expect(args).toHaveLength(1);
    expect(() => bridge.send(42 as never)).toThrow(TypeError);
  });
});
