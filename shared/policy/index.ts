/**
 * The pure policy core: command structure analysis, trust rules, risk, guardrails,
 * protected paths, and `decide`. The host's PolicyService (electron/policy/) parses
 * command lines and calls `decide`; nothing else makes these decisions.
 */
export * from './actions';
export * from './analyze';
export * from './decide';
export * from './file-diff';
export * from './guardrails';
export * from './paths';
export * from './permission-delta';
export * from './redact';
export * from './risk';
export * from './syntax';
export * from './trust-rules';
export { shellQuote, staticWord } from './words';
