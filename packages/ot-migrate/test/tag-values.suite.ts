// Tags whose text values the bridge converts when the code runs (`http.method` 'post' → 'POST'):
// a literal is converted by the rewrite, text goes through a function of the file that converts it
// the same way, a value that may be text or something else holds the file back, a number goes as it is.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rewrite } from '../src/rewrite';

function rewritten(body: string): { outcome: string; todos: string[]; after: string } {
  const directory = mkdtempSync(join(__dirname, '..', '.scratch-tag-values-'));
  try {
    writeFileSync(
      join(directory, 'code.ts'),
      `import { Tags, globalTracer } from 'opentracing';\n\nexport function tag(method: string, status: number, maybe: string | number): void {\n  const span = globalTracer().startSpan('request');\n${body}\n  span.finish();\n}\n`,
    );
    const [file] = rewrite([directory], { tracerName: 'svc', dryRun: true }).files;
    return { outcome: file.outcome, todos: file.todos, after: file.after };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

it('converts a literal as the bridge does', () => {
  const { outcome, after } = rewritten("  span.setTag(Tags.HTTP_METHOD, 'post');");
  expect(outcome).toBe('rewritten');
  expect(after).toContain("span.setAttribute('http.request.method', 'POST');");
});

it('converts text as the code runs, with a function the file gets that does what the bridge did', () => {
  const { outcome, after } = rewritten('  span.setTag(Tags.HTTP_METHOD, method);');
  expect(outcome).toBe('rewritten');
  expect(after).toContain('span.setAttributes(httpRequestMethod(method));');
  expect(after).toContain(
    'function httpRequestMethod(method: string | null | undefined): Record<string, string> {',
  );
});

it('holds back a value that may be text or a number, which the bridge converts or not', () => {
  const { outcome, todos } = rewritten('  span.setTag(Tags.HTTP_METHOD, maybe);');
  expect(outcome).toBe('todo');
  expect(todos).toEqual([
    'the value of `http.method` is converted by the bridge when the code runs: write it as a literal, or convert it by hand (tag table)',
  ]);
});

it('writes a number as it is where the bridge converts only text', () => {
  const { outcome, after } = rewritten('  span.setTag(Tags.HTTP_STATUS_CODE, status);');
  expect(outcome).toBe('rewritten');
  expect(after).toContain("'http.response.status_code', status");
});

it('holds back a status code at start that may set the status, as the bridge does there too', () => {
  const start = (code: string) =>
    rewritten(
      `  const call = globalTracer().startSpan('call', { tags: { 'span.kind': 'client', [Tags.HTTP_STATUS_CODE]: ${code} } });\n  call.finish();`,
    );
  expect(start('503')).toMatchObject({
    outcome: 'todo',
    todos: [
      '`http.status_code` at start that may set the status: set it after start, on the span, and run again',
    ],
  });
  expect(start('status').outcome).toBe('todo');
  expect(start('200')).toMatchObject({ outcome: 'rewritten', todos: [] });
});
