import type { SettingsScope } from '../../../../shared/contract';

export interface BlockProps {
  scope: SettingsScope;
}
