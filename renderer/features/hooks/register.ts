import { lazy } from 'react';
import { useCommands } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { followHooks } from '../../stores/hooks-store';
import { useUi } from '../../stores/ui-store';
import { useViews } from '../layout/views';

const HooksView = lazy(() => import('./HooksView').then((m) => ({ default: m.HooksView })));

export const HOOKS_VIEW = 'hooks';

/** The hooks side view, its command, and the feed of hook runs and notices (followed even while the view is closed). */
export function registerHooksFeature(): () => void {
  const hasWorkspace = () => useApp.getState().workspace !== null;
  const offs = [
    useViews.getState().register({ id: HOOKS_VIEW, title: 'Hooks', area: 'side', icon: 'zap', order: 50, component: HooksView }),
    useCommands.getState().register([{ id: 'hooks.show', title: 'Show Hooks', category: 'Hooks', when: hasWorkspace, run: () => useUi.getState().setSideView(HOOKS_VIEW) }]),
    followHooks(),
  ];
  return () => offs.forEach((off) => off());
}
