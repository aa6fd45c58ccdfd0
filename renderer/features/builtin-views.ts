import { registerPolicyViews } from './approvals/register';
import { registerMcpViews } from './mcp/register';
import { registerCheckpointViews } from './checkpoints/register';
import { Explorer } from './explorer/Explorer';
import { Problems } from './problems/Problems';
import { registerSpecsFeature } from './specs/register';
import { registerSteeringFeature } from './steering/register';
import { registerHooksFeature } from './hooks/register';
import { registerChatFeature } from './chat/register';
import { registerTerminalFeature } from './terminal/register';
import { registerSettingsFeature } from './settings/register';
import { followFinishedWork } from './notifications/work-notifier';
import { useViews } from './layout/views';

/** The shell's own views; each later feature registers its views the same way. */
export function registerBuiltinViews(): () => void {
  const { register } = useViews.getState();
  const offs = [
    register({ id: 'explorer', title: 'Explorer', area: 'side', icon: 'files', order: 0, component: Explorer, keys: 'Mod+Shift+E' }),
    register({ id: 'problems', title: 'Problems', area: 'panel', icon: 'warning', order: 10, component: Problems }),
    registerChatFeature(),
    registerPolicyViews(),
    registerMcpViews(),
    registerSpecsFeature(),
    registerSteeringFeature(),
    registerHooksFeature(),
    registerTerminalFeature(),
    ...registerCheckpointViews(),
    registerSettingsFeature(),
    followFinishedWork(),
  ];
  return () => offs.forEach((off) => off());
}
