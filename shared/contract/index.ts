import { agentContract } from './agent';
import { appContract } from './app';
import { secretsContract } from './secrets';
import { settingsContract } from './settings';
import { auditContract } from './audit';
import { mcpContract } from './mcp';
import { policyContract } from './policy';
import { specsContract } from './specs';
import { terminalContract } from './terminal';
import { checkpointsContract } from './checkpoints';
import { hooksContract } from './hooks';
import { steeringContract } from './steering';
import { workspaceContract } from './workspace';

/**
 * Every request, response and event between renderer and host. Each feature keeps its
 * part in its own file; this is the only place they are joined.
 */
export const contract = {
  ...appContract,
  ...workspaceContract,
  ...secretsContract,
  ...settingsContract,
  ...agentContract,
  ...policyContract,
  ...auditContract,
  ...mcpContract,
  ...specsContract,
  ...terminalContract,
  ...checkpointsContract,
  ...hooksContract,
  ...steeringContract,
};
export type AppContract = typeof contract;

export * from './common';
export * from './app';
export * from './workspace';
export * from './secrets';
export * from './settings';
export * from './agent';
export * from './policy';
export * from './audit';
export * from './mcp';
export * from './specs';
export * from './terminal';
export * from './checkpoints';
export * from './hooks';
export * from './steering';
