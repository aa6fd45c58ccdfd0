import { appContract } from './app';
import { checkpointsContract } from './checkpoints';
import { workspaceContract } from './workspace';

/**
 * Every request, response and event between renderer and host. Each feature keeps its
 * part in its own file; this is the only place they are joined.
 */
export const contract = {
  ...appContract,
  ...workspaceContract,
  ...checkpointsContract,
};
export type AppContract = typeof contract;

export * from './common';
export * from './app';
export * from './workspace';
export * from './checkpoints';
