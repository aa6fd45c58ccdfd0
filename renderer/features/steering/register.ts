import { lazy } from 'react';
import { useCommands } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { useUi } from '../../stores/ui-store';
import { useViews } from '../layout/views';

const SteeringView = lazy(() => import('./SteeringView').then((m) => ({ default: m.SteeringView })));

export const STEERING_VIEW = 'steering';

/** The steering side view and its command. */
export function registerSteeringFeature(): () => void {
  const hasWorkspace = () => useApp.getState().workspace !== null;
  const offs = [
    useViews.getState().register({ id: STEERING_VIEW, title: 'Steering', area: 'side', icon: 'compass', order: 45, component: SteeringView }),
    useCommands.getState().register([{ id: 'steering.show', title: 'Show Steering', category: 'Steering', when: hasWorkspace, run: () => useUi.getState().setSideView(STEERING_VIEW) }]),
  ];
  return () => offs.forEach((off) => off());
}
