// The `.kiro/` format layer: pure parsers, linters and writers (strings in, structures out).
// Reading from disk lives in electron/kiro, electron/steering and electron/hooks.

export * from './diagnostics';
export * from './text';
export { parseLenientJson, isObject, objectEdits, type LenientJson, type JsonPath } from './lenient-json';
export { classifyEars, lintEars, type EarsClassification, type EarsPattern, type EarsExpectations } from './ears';
export { parseTraceLine, parseTraceValue, type TraceRef, type TraceRefKind, type TraceLine } from './trace-refs';
export { parseRequirements, replaceCriterionText, countEars, type Requirement, type Criterion, type UserStory, type RequirementsDoc, type DocumentBase } from './requirements';
export { parseBugfix, replaceBugfixItemText, type BugfixDoc, type BugfixGroup, type BugfixGroupKind } from './bugfix';
export { parseDesign, replaceSectionBody, type DesignDoc, type DesignSection, type MermaidBlock, type DesignProperty, type DesignOptions } from './design';
export {
  parseTasks,
  setTaskState,
  setTaskStates,
  setTaskOptional,
  releaseQueuedTasks,
  runnableTasks,
  executionWaves,
  findTask,
  TaskEditError,
  STATE_CHAR,
  TASK_STATES,
  type Task,
  type TaskState,
  type TaskTarget,
  type TaskDetail,
  type TasksDoc,
  type Wave,
  type DependencyGraph,
} from './tasks';
export { parseSpecConfig, updateSpecConfig, renderSpecConfig, type SpecConfig, type SpecConfigDoc, type SpecType, type WorkflowType } from './spec-config';
export { buildTraceability, type Traceability, type TraceMatrix, type MatrixRow, type MatrixColumn, type MatrixCell, type DanglingRef, type CoverageVia, type TraceInput } from './traceability';
export { parseSpec, SPEC_FILES, type ParsedSpec, type SpecTexts, type SpecFileName, type SpecSummary } from './spec';
export {
  parseSteering,
  decideInclusion,
  extractMentions,
  matchFile,
  matchAuto,
  splitPatterns,
  type SteeringDoc,
  type SteeringInclude,
  type SteeringContext,
  type InclusionMode,
  type InclusionReason,
  type InclusionDecision,
  type AutoOptions,
} from './steering';
export { parseHookFile, setHookEnabled, hookFileOk, hookMatchesFile, hookMatchesTool, HOOK_TRIGGERS, BLOCKABLE_TRIGGERS, TOOL_CATEGORIES, type Hook, type HookFile, type HookTrigger, type HookAction } from './hooks';
export { parseMcpConfig, mergeMcpConfigs, setMcpServerDisabled, type McpConfig, type McpServerConfig, type MergedMcpServer, type McpVarRef, type McpScope } from './mcp';
