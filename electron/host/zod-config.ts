import { z } from 'zod';

/**
 * zod compiles a fast parser for each object schema (with `new Function`) the first time
 * it parses one. The host validates every RPC input, output and event against the
 * contract, so the first use of each method paid for a compile: about 100 ms of a cold
 * start went there. The interpreted parsers are fast enough for RPC-sized messages.
 */
z.config({ jitless: true });
