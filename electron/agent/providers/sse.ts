import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Server-sent events from a fetch response body, parsed by `eventsource-parser` (a small,
 * well-kept parser of the WHATWG format; no EventSource client, because these are POSTs).
 * A body that fails mid-way (connection reset) throws from the iteration.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<EventSourceMessage> {
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => queue.push(e) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length) yield queue.shift()!;
    }
    parser.feed(decoder.decode());
    parser.reset({ consume: true });
    while (queue.length) yield queue.shift()!;
  } finally {
    reader.cancel().catch(() => {});
  }
}
