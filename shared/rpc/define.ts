import type { z } from 'zod';

/**
 * A contract is a record of named entries: request/response methods and subscription
 * topics, each with zod schemas. The host validates every input against them; both sides
 * get their types from them.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  kind: 'method';
  input: I;
  output: O;
}
export interface StreamDef<I extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> {
  kind: 'stream';
  input: I;
  event: E;
}
export type Def = MethodDef | StreamDef;
export type Contract = Record<string, Def>;

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodDef<I, O> => ({
  kind: 'method',
  input,
  output,
});
export const stream = <I extends z.ZodType, E extends z.ZodType>(input: I, event: E): StreamDef<I, E> => ({
  kind: 'stream',
  input,
  event,
});

export type MethodName<C extends Contract> = { [K in keyof C]: C[K] extends MethodDef ? K : never }[keyof C] & string;
export type StreamName<C extends Contract> = { [K in keyof C]: C[K] extends StreamDef ? K : never }[keyof C] & string;

/** What the caller passes (defaults and optionals allowed). */
export type Input<C extends Contract, K extends keyof C> = z.input<C[K]['input']>;
/** What the handler receives after validation. */
export type ParsedInput<C extends Contract, K extends keyof C> = z.output<C[K]['input']>;
export type Output<C extends Contract, K extends keyof C> = C[K] extends MethodDef<z.ZodType, infer O> ? z.output<O> : never;
export type Event<C extends Contract, K extends keyof C> = C[K] extends StreamDef<z.ZodType, infer E> ? z.output<E> : never;
