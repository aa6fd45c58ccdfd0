import { create } from 'zustand';
import type { McpState } from '../../shared/contract/mcp';
import { api } from '../api/client';
import { forEachWorkspace, useApp } from './app-store';
import { notifyError, notifyInfo } from './notifications';

interface McpStore {
  state: McpState | null;
  /** Servers with a request on its way (the switch and Restart wait). */
  busy: string[];
  setEnabled(server: string, enabled: boolean): Promise<void>;
  restart(server: string): Promise<void>;
  answerVariable(key: string, approve: boolean): Promise<void>;
  dismissToolWarning(): Promise<void>;
}

const withBusy = async (server: string, work: () => Promise<void>) => {
  useMcp.setState((s) => ({ busy: [...s.busy, server] }));
  try {
    await work();
  } catch (e) {
    notifyError(e);
  } finally {
    useMcp.setState((s) => ({ busy: s.busy.filter((b) => b !== server) }));
  }
};

/** The open workspace's MCP servers, as the host reports them. */
export const useMcp = create<McpStore>(() => ({
  state: null,
  busy: [],
  setEnabled: (server, enabled) =>
    withBusy(server, async () => {
      const { files } = await api.call('mcp.setEnabled', { server, enabled });
      if (files.length) notifyInfo(`${enabled ? 'Turned on' : 'Turned off'} ${server} in ${files.join(' and ')}.`);
    }),
  restart: (server) => withBusy(server, () => api.call('mcp.restart', { server }).then(() => undefined)),
  async answerVariable(key, approve) {
    try {
      await api.call('mcp.answerVariable', { key, approve });
    } catch (e) {
      notifyError(e);
    }
  },
  async dismissToolWarning() {
    try {
      await api.call('mcp.dismissToolWarning', {});
    } catch (e) {
      notifyError(e);
    }
  },
}));

/** Follows the MCP state of whichever folder is open. */
export function followMcp(): () => void {
  return forEachWorkspace(() => {
    useMcp.setState({ state: null, busy: [] });
    if (!useApp.getState().workspace) return;
    return api.subscribe('mcp.changes', {}, { event: (state) => useMcp.setState({ state }), end: () => {} });
  }, { afterEditors: true });
}
