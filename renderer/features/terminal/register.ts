import { lazy } from 'react';
import { useViews } from '../layout/views';
import { registerTerminalCommands } from './commands';
import { followTerminals } from './follow-terminals';

// The panel (and xterm.js with it) loads when first shown, keeping the workbench's start lean.
const TerminalPanel = lazy(() => import('./TerminalPanel').then((m) => ({ default: m.TerminalPanel })));

/** The terminal feature: its panel view, its commands and shortcuts, and the link with the host's terminal list. */
export function registerTerminalFeature(): () => void {
  const offs = [
    useViews.getState().register({ id: 'terminal', title: 'Terminal', area: 'panel', icon: 'panel', order: 20, component: TerminalPanel, keys: 'Ctrl+`' }),
    registerTerminalCommands(),
    followTerminals(),
  ];
  return () => offs.forEach((off) => off());
}
