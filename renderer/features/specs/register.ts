import { lazy } from 'react';
import { useCommands } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { followSpecs, useSpecs } from '../../stores/specs-store';
import { useUi } from '../../stores/ui-store';
import { useViews } from '../layout/views';
import { followSpecEditors } from './editor-markers';

// The board (and dnd-kit with it) loads when it is first shown; mermaid only with a design that has diagrams.
const SpecsMain = lazy(() => import('./SpecsMain').then((m) => ({ default: m.SpecsMain })));

const hasWorkspace = () => useApp.getState().workspace !== null;

/** The Specs feature: the board in the main area (activity bar: Specs), its commands, and the cards kept in step with the disk. */
export function registerSpecsFeature(): () => void {
  const offs = [
    useViews.getState().register({ id: 'specs', title: 'Specs', area: 'main', icon: 'board', order: 20, component: SpecsMain }),
    useCommands.getState().register([
      {
        id: 'specs.showBoard',
        title: 'Show Spec Board',
        category: 'Specs',
        when: hasWorkspace,
        run: () => {
          void useSpecs.getState().open(null);
          useUi.getState().setMainView('specs');
        },
      },
    ]),
    followSpecs(),
    followSpecEditors(),
  ];
  return () => offs.forEach((off) => off());
}
