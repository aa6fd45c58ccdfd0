import { z } from 'zod';

/**
 * The agent's models and what they cost. Every field has a default, so a person with AWS
 * credentials gets Bedrock with no settings at all; everything here can be changed in
 * `<dataDir>/settings.json` or `.kiro/settings/specwright.json` under `"agent"`.
 */

export const ProviderId = z.enum(['bedrock', 'openai', 'anthropic']);
export type ProviderId = z.infer<typeof ProviderId>;

/** Prices in currency units per million tokens. A local model costs nothing. */
export const ModelPrice = z
  .object({
    inputPerMTok: z.number().nonnegative().default(0),
    outputPerMTok: z.number().nonnegative().default(0),
    cacheReadPerMTok: z.number().nonnegative().default(0),
    cacheWritePerMTok: z.number().nonnegative().default(0),
  })
  .prefault({});
export type ModelPrice = z.infer<typeof ModelPrice>;

/** One model the chat's picker offers. `id` is the name settings and the picker use; `model` is what the provider is sent. */
export const ModelEntry = z.object({
  id: z.string().min(1),
  label: z.string().optional(),
  provider: ProviderId,
  /** Bedrock: a model id or an inference profile id (`us.anthropic.claude-…`, `eu.…`, an ARN); others: the API's model name. */
  model: z.string().min(1),
  contextWindow: z.number().int().positive().default(128_000),
  maxOutputTokens: z.number().int().positive().default(8192),
  price: ModelPrice,
  /** OpenAI-compatible and Anthropic: a different endpoint for this model only (e.g. a local Ollama beside OpenAI). */
  baseUrl: z.string().url().optional(),
  /** The secret holding this model's key, when not the provider's default; `""` for none (local servers). */
  apiKeyName: z.string().optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;
export type ModelEntryInput = z.input<typeof ModelEntry>;

export const DEFAULT_MODELS: ModelEntryInput[] = [
  {
    id: 'claude-sonnet-4.5',
    label: 'Claude Sonnet 4.5 (Bedrock)',
    provider: 'bedrock',
    model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    contextWindow: 200_000,
    maxOutputTokens: 8192,
    price: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  },
  {
    id: 'claude-haiku-4.5',
    label: 'Claude Haiku 4.5 (Bedrock)',
    provider: 'bedrock',
    model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    contextWindow: 200_000,
    maxOutputTokens: 8192,
    price: { inputPerMTok: 1, outputPerMTok: 5, cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.25 },
  },
  {
    id: 'anthropic/claude-sonnet-4.5',
    label: 'Claude Sonnet 4.5 (Anthropic API)',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    contextWindow: 200_000,
    maxOutputTokens: 8192,
    price: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  },
  {
    id: 'openai/gpt-4o-mini',
    label: 'GPT-4o mini (OpenAI)',
    provider: 'openai',
    model: 'gpt-4o-mini',
    contextWindow: 128_000,
    maxOutputTokens: 8192,
    price: { inputPerMTok: 0.15, outputPerMTok: 0.6, cacheReadPerMTok: 0.075 },
  },
];

/** The kinds of request the `auto` choice tells apart. */
export const RequestKind = z.enum(['small_question', 'hook', 'chat', 'spec', 'task']);
export type RequestKind = z.infer<typeof RequestKind>;

/**
 * The `auto` rule, as data: each kind of request goes to the `main` or the `small` model.
 * A chat message is a `small_question` when it is short, brings no `#` context and does not
 * ask for work (`workPattern`).
 */
export const AutoRule = z
  .object({
    main: z.string().default('claude-sonnet-4.5'),
    small: z.string().default('claude-haiku-4.5'),
    routes: z
      .object({
        small_question: z.enum(['main', 'small']).default('small'),
        hook: z.enum(['main', 'small']).default('small'),
        chat: z.enum(['main', 'small']).default('main'),
        spec: z.enum(['main', 'small']).default('main'),
        task: z.enum(['main', 'small']).default('main'),
      })
      .prefault({}),
    smallQuestionMaxChars: z.number().int().nonnegative().default(200),
    /** Case-insensitive regular expression: a message matching it asks for work, so it is not a small question. */
    workPattern: z
      .string()
      .default('\\b(implement|refactor|create|add|fix|write|edit|change|update|delete|remove|rename|build|migrate|generate|run)\\b'),
  })
  .prefault({});
export type AutoRule = z.infer<typeof AutoRule>;

const Limit = z.number().positive().nullable().default(null);

export const AgentSettings = z
  .object({
    /** `auto` or the `id` of an entry in `models`. */
    model: z.string().default('auto'),
    models: z.array(ModelEntry).default(DEFAULT_MODELS as ModelEntry[]),
    auto: AutoRule,
    bedrock: z
      .object({
        /** null: the AWS configuration decides (AWS_REGION, the profile's region). */
        region: z.string().nullable().default(null),
        /** null: AWS_PROFILE, or the default profile. */
        profile: z.string().nullable().default(null),
      })
      .prefault({}),
    openai: z
      .object({
        /** Up to and including `/v1`. null: OPENAI_BASE_URL if set, else https://api.openai.com/v1. */
        baseUrl: z.string().url().nullable().default(null),
        /** Name of the secret (an environment variable until the secret store lands). */
        apiKeyName: z.string().default('OPENAI_API_KEY'),
      })
      .prefault({}),
    anthropic: z
      .object({
        /** null: ANTHROPIC_BASE_URL if set, else https://api.anthropic.com. */
        baseUrl: z.string().url().nullable().default(null),
        apiKeyName: z.string().default('ANTHROPIC_API_KEY'),
      })
      .prefault({}),
    retry: z
      .object({
        /** Retries after the first attempt, for throttling and server errors. */
        maxRetries: z.number().int().min(0).max(10).default(4),
        baseDelayMs: z.number().int().min(0).default(1000),
        maxDelayMs: z.number().int().min(0).default(30_000),
      })
      .prefault({}),
    /** The tool loop's limits. */
    loop: z
      .object({
        /** Model calls for one request before the agent stops and asks to continue. */
        maxTurns: z.number().int().min(1).max(500).default(40),
        /** Input plus output tokens over one request's calls before the agent stops. */
        maxTokensPerRequest: z.number().int().positive().default(3_000_000),
        /** Malformed tool calls in a row (bad JSON, unknown tool, wrong input) returned to the model before the agent gives up. */
        maxToolErrors: z.number().int().min(1).max(50).default(5),
        /** Older messages are summarised when a request would take more than this share of the model's window. */
        compactAt: z.number().min(0.3).max(0.95).default(0.8),
        /** A tool's output is cut (head and tail kept, with a note) past this many characters. */
        toolOutputMaxChars: z.number().int().min(1000).max(1_000_000).default(30_000),
        /** `run_command`'s default timeout; the model may ask for another up to `maxCommandTimeoutSeconds`. */
        commandTimeoutSeconds: z.number().int().min(1).max(86_400).default(300),
        maxCommandTimeoutSeconds: z.number().int().min(1).max(86_400).default(1800),
        /** `fetch_url` reads at most this many bytes of a page. */
        fetchMaxBytes: z.number().int().min(1024).max(50_000_000).default(2_000_000),
        /** `search` and `#codebase` return at most this many matching lines. */
        searchMaxResults: z.number().int().min(1).max(5000).default(200),
      })
      .prefault({}),
    /** Hard limits in currency units; null for none. Checked before each call with the call's worst-case cost. */
    budgets: z.object({ session: Limit, day: Limit, month: Limit }).prefault({}),
    usage: z
      .object({
        display: z.enum(['currency', 'credits']).default('currency'),
        currency: z.string().length(3).default('USD'),
        /** What one credit is worth in `currency`, for people who think in credits. */
        currencyPerCredit: z.number().positive().default(0.01),
      })
      .prefault({}),
  })
  .prefault({});
export type AgentSettings = z.infer<typeof AgentSettings>;
