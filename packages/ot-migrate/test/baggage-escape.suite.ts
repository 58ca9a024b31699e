// A span started under an extracted context carries the incoming baggage in OpenTracing; in
// OpenTelemetry the baggage stays in the context. The rewrite carries that context where the span
// is used in place or handed to a call (which runs with the baggage active), and holds the file
// back where the span goes elsewhere: its children there would lose the baggage, and so would the
// services they call.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rewrite } from '../src/rewrite';

const HANDLER = `import { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';
import type { Span } from 'opentracing';

const tracer = globalTracer();

function charge(span: Span): void {
  const child = tracer.startSpan('charge', { childOf: span });
  child.finish();
}
`;

function rewritten(body: string): { outcome: string; todos: string[] } {
  const directory = mkdtempSync(join(__dirname, '..', '.scratch-baggage-escape-'));
  try {
    writeFileSync(join(directory, 'handler.ts'), HANDLER + body);
    const [file] = rewrite([directory], { tracerName: 'svc', dryRun: true }).files;
    return { outcome: file.outcome, todos: file.todos };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

it('rewrites a span of an extracted context used in place: its context goes with it', () => {
  const { outcome, todos } = rewritten(`
export function handle(headers: Record<string, string>): void {
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const span = tracer.startSpan('request', { childOf: parent });
  if (span) span.setTag('handled', true);
  const child = tracer.startSpan('step', { childOf: span });
  child.finish();
  span.finish();
}
`);
  expect({ outcome, todos }).toEqual({ outcome: 'rewritten', todos: [] });
});

it('rewrites a span handed to a function: the call runs with the incoming baggage active', () => {
  const { outcome, todos } = rewritten(`
export function handle(headers: Record<string, string>): void {
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const span = tracer.startSpan('request', { childOf: parent });
  charge(span);
  span.finish();
}
`);
  expect({ outcome, todos }).toEqual({ outcome: 'rewritten', todos: [] });
});

it.each([
  ['returned', 'return span;'],
  ['kept in a list for later', 'spans.push(span);'],
  ['handed to a call that waits for something first', 'charge2(span, await Promise.resolve(1));'],
  ['handed to a method that keeps it', 'tracker.attach(span);'],
  [
    'handed to a generator, whose body runs later',
    'for (const n of steps(span)) spans.length += n;',
  ],
  [
    'handed to a function that gives it back',
    'tracer.startSpan("again", { childOf: same(span) });',
  ],
  ['handed to a call in an optional chain', 'void maybe?.charge2(span, 1);'],
  ['handed on by the callee', 'relay(span);'],
])('holds the file back when the span is %s', (_, use) => {
  const { outcome, todos } = rewritten(`
const spans: Span[] = [];
function charge2(span: Span, n: number): number {
  return n;
}
class Tracker {
  private kept?: Span;
  attach(span: Span): void {
    this.kept = span;
  }
}
const tracker = new Tracker();
function* steps(span: Span): Generator<number> {
  tracer.startSpan('step', { childOf: span }).finish();
  yield 1;
}
function same(span: Span): Span {
  return span;
}
function relay(span: Span): void {
  charge(span);
}
const maybe: { charge2: typeof charge2 } | undefined = Math.random() > 2 ? { charge2 } : undefined;
export async function handle(headers: Record<string, string>): Promise<unknown> {
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const span = tracer.startSpan('request', { childOf: parent });
  ${use}
  return spans.length;
}
`);
  expect(outcome).toBe('todo');
  expect(todos).toContainEqual(
    expect.stringContaining(
      'a span started under an extracted context, kept where its baggage cannot follow',
    ),
  );
});

it('holds the file back when the span is not kept in a const of its own', () => {
  const { outcome, todos } = rewritten(`
export function handle(headers: Record<string, string>, request: { span?: Span }): void {
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  request.span = tracer.startSpan('request', { childOf: parent });
}
`);
  expect(outcome).toBe('todo');
  expect(todos.join('\n')).toContain('kept where its baggage cannot follow');
});
