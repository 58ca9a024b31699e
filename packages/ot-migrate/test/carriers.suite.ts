// Carriers: OpenTelemetry's default getter and setter read and write properties, so a carrier with
// methods (fetch Headers, a Map, gRPC Metadata) would lose every header. The rewrite moves inject
// and extract on plain objects, and leaves the others with a TODO.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rewrite } from '../src/rewrite';

function rewritten(body: string): { outcome: string; todos: string[] } {
  const directory = mkdtempSync(join(__dirname, '..', '.scratch-carriers-'));
  try {
    writeFileSync(
      join(directory, 'code.ts'),
      `import { FORMAT_HTTP_HEADERS, FORMAT_TEXT_MAP, globalTracer } from 'opentracing';\n\nconst tracer = globalTracer();\n\nexport function send(): void {\n  const span = tracer.startSpan('send');\n${body}\n  span.finish();\n}\n`,
    );
    const [file] = rewrite([directory], { tracerName: 'svc', dryRun: true }).files;
    return { outcome: file.outcome, todos: file.todos };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

it('moves inject and extract on plain objects', () => {
  expect(
    rewritten(`  const headers: Record<string, string> = {};
  tracer.inject(span, FORMAT_HTTP_HEADERS, headers);
  const parent = tracer.extract(FORMAT_TEXT_MAP, headers);
  tracer.startSpan('next', { childOf: parent }).finish();`),
  ).toEqual({ outcome: 'rewritten', todos: [] });
});

it.each([
  [
    'inject into fetch Headers',
    'tracer.inject(span, FORMAT_HTTP_HEADERS, new Headers());',
    'inject',
  ],
  [
    'inject into a Map',
    'tracer.inject(span, FORMAT_TEXT_MAP, new Map<string, string>());',
    'inject',
  ],
  [
    'extract from fetch Headers',
    "const parent = tracer.extract(FORMAT_HTTP_HEADERS, new Headers({ traceparent: 'x' }));\n  tracer.startSpan('next', { childOf: parent }).finish();",
    'extract',
  ],
])('leaves %s with a TODO', (_, body, call) => {
  const { outcome, todos } = rewritten(`  ${body}`);
  expect(outcome).toBe('todo');
  expect(todos).toContainEqual(
    expect.stringContaining(
      `a carrier that is not a plain object (Headers, Map, gRPC Metadata, a response): pass propagation.${call}`,
    ),
  );
});
