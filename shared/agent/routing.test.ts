import { describe, expect, it } from 'vitest';
import { AgentSettings } from '../settings/agent';
import { chooseModel, classifyRequest } from './routing';

const agent = AgentSettings.parse({});

describe('the auto rule', () => {
  it('sends a short question to the small model, saying why', () => {
    const c = chooseModel(agent, { kind: 'chat', text: 'What does the --port flag do?' });
    expect(c).toMatchObject({ ok: true, auto: true, kind: 'small_question', entry: { id: 'claude-haiku-4.5' } });
    if (c.ok) expect(c.reason).toBe('small question → small model (a short question, 29 characters)');
  });

  it('sends hook prompts to the small model, spec and task work to the main one', () => {
    expect(chooseModel(agent, { kind: 'hook', text: 'Update the docs' })).toMatchObject({ ok: true, entry: { id: 'claude-haiku-4.5' }, kind: 'hook' });
    expect(chooseModel(agent, { kind: 'spec', text: 'hi' })).toMatchObject({ ok: true, entry: { id: 'claude-sonnet-4.5' }, kind: 'spec' });
    expect(chooseModel(agent, { kind: 'task', text: 'hi' })).toMatchObject({ ok: true, entry: { id: 'claude-sonnet-4.5' }, kind: 'task' });
  });

  it('keeps on the main model a chat message that asks for work, is long, or brings context', () => {
    expect(classifyRequest({ kind: 'chat', text: 'Fix the failing test' }, agent.auto)).toEqual({ kind: 'chat', why: 'it asks for work' });
    expect(classifyRequest({ kind: 'chat', text: 'why? '.repeat(60) }, agent.auto)).toEqual({ kind: 'chat', why: 'longer than 200 characters' });
    expect(classifyRequest({ kind: 'chat', text: 'what is this?', contextItems: 1 }, agent.auto)).toEqual({ kind: 'chat', why: 'the message brings # context' });
    expect(chooseModel(agent, { kind: 'chat', text: 'Refactor the parser' })).toMatchObject({ ok: true, entry: { id: 'claude-sonnet-4.5' } });
  });

  it('is data: settings change the routes, the models and the thresholds', () => {
    const custom = AgentSettings.parse({
      auto: { main: 'openai/gpt-4o-mini', small: 'anthropic/claude-sonnet-4.5', routes: { hook: 'main' }, smallQuestionMaxChars: 10, workPattern: 'please' },
    });
    expect(chooseModel(custom, { kind: 'hook', text: 'x' })).toMatchObject({ ok: true, entry: { id: 'openai/gpt-4o-mini' } });
    expect(chooseModel(custom, { kind: 'chat', text: 'why?' })).toMatchObject({ ok: true, entry: { id: 'anthropic/claude-sonnet-4.5' } });
    expect(classifyRequest({ kind: 'chat', text: 'please' }, custom.auto).kind).toBe('chat');
    expect(classifyRequest({ kind: 'chat', text: 'a longer question?' }, custom.auto).kind).toBe('chat');
  });

  it('honours a picked model over auto', () => {
    expect(chooseModel(agent, { kind: 'hook' }, 'openai/gpt-4o-mini')).toMatchObject({ ok: true, auto: false, entry: { id: 'openai/gpt-4o-mini' } });
  });

  it('explains a model id that is not in the catalog instead of throwing', () => {
    expect(chooseModel(agent, { kind: 'chat' }, 'gpt-9')).toEqual({ ok: false, message: "The model 'gpt-9' is not in agent.models; pick another model or add it in settings." });
    const broken = AgentSettings.parse({ auto: { small: 'gone' } });
    expect(chooseModel(broken, { kind: 'hook' })).toEqual({ ok: false, message: "agent.auto.small is 'gone', which is not in agent.models; fix it in settings or pick a model." });
  });

  it('survives an invalid work pattern in settings', () => {
    const bad = AgentSettings.parse({ auto: { workPattern: '(' } });
    expect(classifyRequest({ kind: 'chat', text: 'fix it' }, bad.auto).kind).toBe('small_question');
  });
});

describe('the picker', () => {
  it('lists auto with its rule, then every model with its provider and window', async () => {
    const { pickerOptions } = await import('./catalog');
    const options = pickerOptions(agent);
    expect(options[0]).toEqual({ id: 'auto', label: 'Auto', detail: 'small questions and hooks → claude-haiku-4.5; spec and task work → claude-sonnet-4.5' });
    expect(options[1]).toEqual({ id: 'claude-sonnet-4.5', label: 'Claude Sonnet 4.5 (Bedrock)', detail: 'Amazon Bedrock · us.anthropic.claude-sonnet-4-5-20250929-v1:0 · 200K context' });
    expect(options).toHaveLength(agent.models.length + 1);
  });
});
