import { lazy } from 'react';
import { useCommands } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { followMcp } from '../../stores/mcp-store';
import { useUi } from '../../stores/ui-store';
import { useViews } from '../layout/views';

const McpView = lazy(() => import('./McpView').then((m) => ({ default: m.McpView })));

/** The MCP servers side view and its command. */
export function registerMcpViews(): () => void {
  const hasWorkspace = () => useApp.getState().workspace !== null;
  const offs = [
    useViews.getState().register({ id: 'mcp', title: 'MCP servers', area: 'side', icon: 'plug', order: 40, component: McpView }),
    useCommands.getState().register([{ id: 'mcp.showServers', title: 'Show MCP Servers', category: 'MCP', when: hasWorkspace, run: () => useUi.getState().setSideView('mcp') }]),
    followMcp(),
  ];
  return () => offs.forEach((off) => off());
}
