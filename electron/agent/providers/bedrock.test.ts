import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBedrockServer, type FixtureServer } from '../../../e2e/fixtures/model-servers';
import { BedrockAdapter } from './bedrock';
import { resilientProvider } from './retry';
import { ask, isolateEnv, run } from './test-support';

/**
 * Bedrock specifics through the real SDK and its real configuration chain: the endpoint
 * comes from AWS_ENDPOINT_URL_BEDROCK_RUNTIME, credentials from the environment, shared
 * files, SSO or AWS_BEARER_TOKEN_BEDROCK — never from test code handing the client
 * anything but what settings would.
 */
let server: FixtureServer;
let home: string;
const FAST = { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 };

beforeAll(async () => {
  server = await startBedrockServer({
    script: {
      turns: [
        { name: 'expired', when: { lastUser: 'expired' }, fail: { kind: 'expired', times: 99 } },
        { name: 'unknown model', when: { lastUser: 'unknown model' }, fail: { kind: 'not_found', times: 99 } },
        { name: 'tool', when: { lastUser: 'use a tool' }, reply: [{ text: 'Sure.' }, { toolUse: { id: 't1', name: 'read_file', input: { path: 'x' } } }] },
        { name: 'any', reply: [{ text: 'ok' }], usage: { inputTokens: 3, outputTokens: 1 } },
      ],
    },
  });
  home = await mkdtemp(path.join(os.tmpdir(), 'sw-aws-home-'));
});
afterAll(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  server.player.requests.length = 0;
});

const keys = { AWS_ACCESS_KEY_ID: 'AKIAENVKEY0000000000', AWS_SECRET_ACCESS_KEY: 'env-secret' };
const provider = (options: ConstructorParameters<typeof BedrockAdapter>[0] = {}) => resilientProvider(new BedrockAdapter(options), FAST);
const authOf = () => server.player.requests.map((r) => r.headers.authorization ?? '');

async function awsFiles(config: string, credentials = '') {
  const dir = await mkdtemp(path.join(home, 'aws-'));
  await writeFile(path.join(dir, 'config'), config);
  await writeFile(path.join(dir, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') };
}

describe('Bedrock through the AWS SDK', () => {
  it.each([
    'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
    'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'anthropic.claude-3-haiku-20240307-v1:0',
  ])('passes the model or inference profile id %s through unchanged', async (model) => {
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_REGION: 'us-east-1', ...keys });
    const { turn } = await run(provider(), ask(model, 'hi'));
    expect(turn.content).toEqual([{ type: 'text', text: 'ok' }]);
    const [r] = server.player.requests;
    expect(r!.conversation!.model).toBe(model);
    expect(r!.path).toBe(`/model/${encodeURIComponent(model)}/converse-stream`);
    expect(r!.body).toMatchObject({ toolConfig: { tools: [{ toolSpec: { name: 'read_file', inputSchema: { json: { type: 'object' } } } }, expect.anything()] } });
  });

  it('signs with SigV4 from environment credentials, in the region from AWS_REGION', async () => {
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_REGION: 'eu-central-1', ...keys });
    await run(provider(), ask('m', 'hi'));
    expect(authOf()[0]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAENVKEY0000000000\/\d{8}\/eu-central-1\/bedrock\/aws4_request/);
  });

  it('uses the profile and region named in settings, from the shared config files', async () => {
    const files = await awsFiles('[profile work]\nregion = eu-west-1\n', '[work]\naws_access_key_id = AKIAWORKPROFILE00000\naws_secret_access_key = work-secret\n');
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, ...files });
    await run(provider({ profile: 'work' }), ask('m', 'hi'));
    expect(authOf()[0]).toMatch(/Credential=AKIAWORKPROFILE00000\/\d{8}\/eu-west-1\//);
  });

  it('honours AWS_PROFILE, and a region in settings over the profile’s', async () => {
    const files = await awsFiles('[profile team]\nregion = eu-west-1\n', '[team]\naws_access_key_id = AKIATEAMPROFILE00000\naws_secret_access_key = team-secret\n');
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_PROFILE: 'team', ...files });
    await run(provider({ region: 'ap-southeast-2' }), ask('m', 'hi'));
    expect(authOf()[0]).toMatch(/Credential=AKIATEAMPROFILE00000\/\d{8}\/ap-southeast-2\//);
  });

  it('sends a Bedrock API key from AWS_BEARER_TOKEN_BEDROCK as a bearer token', async () => {
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_REGION: 'us-east-1', AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-fixture' });
    const { turn } = await run(provider(), ask('m', 'hi'));
    expect(turn.error).toBeNull();
    expect(authOf()).toEqual(['Bearer bedrock-api-key-fixture']);
  });

  it('says what to set when there are no credentials at all, without calling the service', async () => {
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_REGION: 'us-east-1', HOME: home });
    const { events, turn } = await run(provider(), ask('m', 'hi'));
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(0);
    expect(turn.error?.kind).toBe('auth');
    expect(turn.error!.message).toMatch(/No AWS credentials found/);
    for (const what of ['AWS_PROFILE', 'aws sso login', 'AWS_ACCESS_KEY_ID', 'AWS_BEARER_TOKEN_BEDROCK']) expect(turn.error!.message).toContain(what);
    expect(server.player.requests).toHaveLength(0);
  });

  it('tells a person whose SSO profile is not logged in to run aws sso login for that profile', async () => {
    const files = await awsFiles(
      [
        '[profile sso-dev]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Developer',
        'region = us-east-1',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.invalid/start',
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '',
      ].join('\n'),
    );
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_PROFILE: 'sso-dev', HOME: home, ...files });
    const { turn } = await run(provider(), ask('m', 'hi'));
    expect(turn.error?.kind).toBe('auth');
    expect(turn.error!.message).toContain('aws sso login --profile sso-dev');
    expect(server.player.requests).toHaveLength(0);
  });

  it('tells a person whose credentials expired to log in again', async () => {
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_REGION: 'us-east-1', ...keys });
    const { turn } = await run(provider({ profile: null }), ask('m', 'expired'));
    expect(turn.error).toMatchObject({ kind: 'auth', code: 'ExpiredTokenException', status: 403 });
    // The keys came from the environment: the message names them, not a profile.
    expect(turn.error!.message).toContain('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN have expired');
    expect(turn.error!.message).toContain('aws sso login --profile NAME');
  });

  it('says which region setting is missing', async () => {
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, ...keys });
    const { turn } = await run(provider(), ask('m', 'hi'));
    expect(turn.error?.kind).toBe('auth');
    expect(turn.error!.message).toMatch(/AWS_REGION.*agent\.bedrock\.region/);
  });

  it('explains an unknown model id', async () => {
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_REGION: 'us-east-1', ...keys });
    const { turn } = await run(provider(), ask('us.nope.model-v1:0', 'unknown model'));
    expect(turn.error).toMatchObject({ kind: 'not_found', retryable: false });
    expect(turn.error!.message).toMatch(/us\.nope\.model-v1:0.*inference profiles/);
  });

  it('serves the non-streaming Converse operation to the SDK too', async () => {
    isolateEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_REGION: 'us-east-1', ...keys });
    const client = new BedrockRuntimeClient({ maxAttempts: 1 });
    try {
      const out = await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', messages: [{ role: 'user', content: [{ text: 'use a tool' }] }] }));
      expect(out.stopReason).toBe('tool_use');
      expect(out.output?.message?.content).toEqual([{ text: 'Sure.' }, { toolUse: { toolUseId: 't1', name: 'read_file', input: { path: 'x' } } }]);
      expect(server.player.requests[0]).toMatchObject({ operation: 'Converse', httpVersion: '2.0' });
    } finally {
      client.destroy();
    }
  });
});
