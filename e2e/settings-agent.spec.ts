import { chat, expect, test } from './fixtures/agent';
import { everyByteUnder, openSettings, userSettings, userSettingsText } from './fixtures/settings';

// The models, their prices, the budgets and the API keys, set in the Settings screen and
// proven through the agent talking to the fixture model servers over the real protocols.

const KEY_ONE = 'sk-test-FIRST-0123456789abcdefghijklmnop';
const KEY_TWO = 'sk-test-SECOND-zyxwvutsrqponmlkjihgfedc';

test.describe('models, prices, budgets and keys from the Settings screen', () => {
  test.use({
    script: {
      models: ['llama3.1:8b', 'qwen2.5-coder:7b'],
      turns: [{ name: 'hi', when: { lastUser: 'hello' }, reply: [{ text: 'Hello from the local model.' }], usage: { inputTokens: 2000, outputTokens: 1000 } }],
    },
  });

  test('a model added in the form, with its price, is the one the agent uses, priced as set; a budget then stops it', async ({ ide, models }, testInfo) => {
    const { page, dataDir } = ide;
    const settings = await openSettings(page);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('models');
    // Add an OpenAI-compatible model pointing at the fixture server, no key.
    await settings.getByRole('textbox', { name: 'New model ID' }).fill('local');
    await settings.getByRole('combobox', { name: 'New model provider' }).selectOption('openai');
    await settings.getByRole('textbox', { name: 'New model’s provider model ID' }).fill('llama3.1:8b');
    await settings.getByRole('button', { name: 'Add model' }).click();
    await settings.getByRole('button', { name: 'Details of local' }).click();
    const url = settings.getByRole('textbox', { name: 'Base URL of local' });
    await url.fill(models.openai); // the fixture's base URL, `/v1` included
    await url.press('Enter');
    const keyName = settings.getByRole('textbox', { name: 'API key secret of local' });
    await keyName.fill('LOCAL_API_KEY');
    await keyName.press('Enter');
    // The price table: $1000 / $2000 per million tokens in and out.
    for (const [name, value] of [
      ['Input price of local (USD per million tokens)', '1000'],
      ['Output price of local (USD per million tokens)', '2000'],
    ] as const) {
      await settings.getByRole('spinbutton', { name }).fill(value);
      await settings.getByRole('spinbutton', { name }).press('Enter');
    }
    await expect.poll(async () => ((await userSettings(dataDir)).agent as { models: { id: string }[] } | undefined)?.models.at(-1)).toMatchObject({
      id: 'local',
      provider: 'openai',
      model: 'llama3.1:8b',
      baseUrl: models.openai,
      apiKeyName: 'LOCAL_API_KEY',
      price: { inputPerMTok: 1000, outputPerMTok: 2000 },
    });
    // A bad price is refused with its key path.
    const input = settings.getByRole('spinbutton', { name: 'Input price of local (USD per million tokens)' });
    await input.fill('-3');
    await input.press('Enter');
    await expect(settings.getByRole('alert').filter({ hasText: /agent\.models\[4\]\.price\.inputPerMTok: Too small/ })).toBeVisible();

    // The key for it, in the secret store (never in the settings file).
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('api keys');
    const secret = settings.getByRole('listitem', { name: 'LOCAL_API_KEY' });
    await secret.getByRole('textbox', { name: 'New value for LOCAL_API_KEY' }).fill(KEY_ONE);
    await secret.getByRole('button', { name: 'Save' }).click();
    await expect(secret.getByRole('status')).toHaveText('Stored, encrypted');

    // The agent uses it: Model = local.
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('agent model');
    await settings.getByRole('combobox', { name: 'Agent › Model' }).selectOption('local');
    await expect.poll(async () => ((await userSettings(dataDir)).agent as { model?: string }).model).toBe('local');
    await page.screenshot({ path: testInfo.outputPath('settings-models.png') });
    const c = chat(page);
    await c.ask('hello there');
    await expect(c.log.getByText('Hello from the local model.')).toBeVisible();
    const sent = await models.requests('openai');
    expect(sent.filter((r) => r.operation === 'chat.completions')).not.toHaveLength(0);
    expect(await models.requests('bedrock')).toHaveLength(0);
    const auth = sent.map((r) => r.headers.authorization);
    expect(auth).toContain(`Bearer ${KEY_ONE}`);
    // Priced from the table: 2000 tokens × $1000/M + 1000 × $2000/M = $4.00.
    await expect(c.usage).toHaveAccessibleName(/^Usage: \$4\.00 this session/);

    // A session budget below that: the next request stops before the call, saying why.
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('budgets');
    const session = settings.getByRole('spinbutton', { name: 'Budget per session (USD)' });
    await session.fill('4.5');
    await session.press('Enter');
    await expect.poll(async () => ((await userSettings(dataDir)).agent as { budgets?: unknown }).budgets).toEqual({ session: 4.5 });
    const before = (await models.requests('openai')).length;
    await c.ask('hello again');
    await expect(c.log.getByRole('alert').last()).toContainText(/Stopped before calling the model: .*this session has spent \$4\.00 of its \$4\.50 session limit/);
    expect(await models.requests('openai')).toHaveLength(before);

    // Never in clear on disk: not the settings file, not anything in the data folder.
    expect(await userSettingsText(dataDir)).not.toContain(KEY_ONE);
    expect(await everyByteUnder(dataDir)).not.toContain(KEY_ONE);
  });

  test.describe('with no OpenAI key in the environment', () => {
    // The fixture hands the host OPENAI_API_KEY, and the environment wins over a stored key.
    test.use({ hostEnv: { OPENAI_API_KEY: '' } });

    test('API keys: save, replace and remove in the screen; the value is never shown or written in clear', async ({ ide, models }) => {
      const { page, dataDir } = ide;
      const settings = await openSettings(page);
      await settings.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'API Keys' }).click();
      const row = settings.getByRole('listitem', { name: 'OPENAI_API_KEY' });
      await expect(row.getByRole('status')).toHaveText('Not set');
      await expect(row).toContainText('Used by OpenAI-compatible models');
      const field = row.getByRole('textbox', { name: 'New value for OPENAI_API_KEY' });
      await expect(field).toHaveAttribute('type', 'password');
      await field.fill(KEY_ONE);
      await row.getByRole('button', { name: 'Save' }).click();
      await expect(row.getByRole('status')).toHaveText('Stored, encrypted');
      await expect(field).toHaveValue('');
      await expect(page.getByText(KEY_ONE)).toHaveCount(0);
      let disk = await everyByteUnder(dataDir);
      expect(disk).not.toContain(KEY_ONE);

      // Replace.
      await field.fill(KEY_TWO);
      await row.getByRole('button', { name: 'Replace' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'OPENAI_API_KEY was replaced.' })).toBeVisible();
      // The replacement is what a provider gets: an OpenAI model through the fixture.
      await settings.getByRole('searchbox', { name: 'Search settings' }).fill('models');
      await settings.getByRole('textbox', { name: 'New model ID' }).fill('gpt-fixture');
      await settings.getByRole('combobox', { name: 'New model provider' }).selectOption('openai');
      await settings.getByRole('textbox', { name: 'New model’s provider model ID' }).fill('gpt-4o-mini');
      await settings.getByRole('button', { name: 'Add model' }).click();
      await settings.getByRole('button', { name: 'Details of gpt-fixture' }).click();
      await settings.getByRole('textbox', { name: 'Base URL of gpt-fixture' }).fill(models.openai);
      await settings.getByRole('textbox', { name: 'Base URL of gpt-fixture' }).press('Enter');
      await settings.getByRole('searchbox', { name: 'Search settings' }).fill('agent model');
      await settings.getByRole('combobox', { name: 'Agent › Model' }).selectOption('gpt-fixture');
      await expect.poll(async () => ((await userSettings(dataDir)).agent as { model?: string }).model).toBe('gpt-fixture');
      const c = chat(page);
      await c.ask('hello');
      await expect(c.log.getByText('Hello from the local model.')).toBeVisible();
      expect((await models.requests('openai')).map((r) => r.headers.authorization)).toContain(`Bearer ${KEY_TWO}`);

      // Remove.
      await settings.getByRole('searchbox', { name: 'Search settings' }).fill('');
      await settings.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'API Keys' }).click();
      await row.getByRole('button', { name: 'Remove OPENAI_API_KEY' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
      await expect(row.getByRole('status')).toHaveText('Not set');
      disk = await everyByteUnder(dataDir);
      expect(disk).not.toContain(KEY_ONE);
      expect(disk).not.toContain(KEY_TWO);
      expect(await userSettingsText(dataDir)).not.toMatch(/sk-test/);
    });
  });

  test('Detect Ollama offers the installed models as ready-made entries', async ({ ide, models }) => {
    const { page, dataDir } = ide;
    const settings = await openSettings(page);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('ollama');
    await settings.getByRole('textbox', { name: 'Ollama address' }).fill('http://127.0.0.1:9');
    await settings.getByRole('button', { name: 'Detect Ollama' }).click();
    await expect(settings.getByRole('status').filter({ hasText: 'No Ollama answers at http://127.0.0.1:9' })).toBeVisible();
    // Ollama's OpenAI-compatible address (`…/v1`, as its documentation gives it) is understood too.
    await settings.getByRole('textbox', { name: 'Ollama address' }).fill(models.openai);
    await settings.getByRole('button', { name: 'Detect Ollama' }).click();
    const found = settings.getByRole('list', { name: 'Ollama models' });
    await expect(found.getByRole('listitem')).toHaveCount(2);
    await found.getByRole('button', { name: 'Add ollama/qwen2.5-coder:7b' }).click();
    await expect(found.getByRole('listitem').filter({ hasText: 'qwen2.5-coder:7b' })).toContainText('in the list');
    const added = ((await userSettings(dataDir)).agent as { models: Record<string, unknown>[] }).models.at(-1);
    expect(added).toMatchObject({ id: 'ollama/qwen2.5-coder:7b', provider: 'openai', model: 'qwen2.5-coder:7b', baseUrl: models.openai, apiKeyName: '' });
    // The chat's picker offers it at once.
    await expect(page.getByRole('combobox', { name: 'Model', exact: true }).locator('option', { hasText: 'qwen2.5-coder:7b' })).toHaveCount(1);
  });
});
