// MIGRATION.md's example of groups (step 4), executed: the files it names are written, the CLI
// runs on them with the bridge installed, and its output and the rewritten code are those the
// guide shows.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../src/cli';
import { BRIDGE_STUB } from './support/bridge-stub';

const root = join(__dirname, '..', '..', '..');
const guide = readFileSync(join(root, 'MIGRATION.md'), 'utf8');

/** The example's code, as the guide describes it. */
const EXAMPLE: Record<string, string> = {
  'tsconfig.json':
    '{ "compilerOptions": { "strict": true, "module": "commonjs", "target": "ES2022" } }\n',
  ...BRIDGE_STUB,
  'src/server.ts': `import { globalTracer } from 'opentracing';
import { chargeCard } from './billing';

export function handleCheckout(): void {
  const span = globalTracer().startSpan('checkout');
  chargeCard(span, 1200);
  span.finish();
}
`,
  'src/billing.ts': `import type { Span } from 'opentracing';

export function chargeCard(span: Span, cents: number): void {
  span.setTag('billing.cents', cents);
  span.log({ event: 'charged' });
}
`,
  'src/refund.ts': `import { globalTracer } from 'opentracing';
import { audit } from './audit';

export function refund(orderId: string): void {
  const span = globalTracer().startSpan('refund');
  span.setTag('order.id', orderId);
  audit(span);
  span.finish();
}
`,
  'src/audit.ts': `import type { Span } from 'opentracing';

export function audit(span: Span): void {
  span.setBaggageItem('audited', 'yes');
}
`,
};

let directory: string;
let out = '';

beforeAll(() => {
  directory = mkdtempSync(join(root, 'packages', '.scratch-guide-'));
  for (const [file, text] of Object.entries(EXAMPLE)) {
    mkdirSync(dirname(join(directory, file)), { recursive: true });
    writeFileSync(join(directory, file), text);
  }
  const cwd = process.cwd();
  process.chdir(directory);
  try {
    main(
      ['rewrite', 'src', '--tracer-name', 'billing'],
      { write: (text: string) => (out += text) },
      { write: () => true },
    );
  } finally {
    process.chdir(cwd);
  }
}, 60_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The fenced block of the guide that follows `marker`. */
function blockAfter(marker: string): string {
  const start = guide.indexOf(marker);
  expect(start).toBeGreaterThan(-1);
  const fence = guide.indexOf('```', start);
  const body = guide.indexOf('\n', fence) + 1;
  return guide.slice(body, guide.indexOf('```', body));
}

it('prints what the guide shows', () => {
  const shown = blockAfter('For example, with `server.ts` calling');
  expect(`$ npx ot-migrate rewrite src --tracer-name billing\n${out}`).toBe(shown);
});

/** The two sides of a diff block of the guide: the code before, and after. */
function sides(diff: string): [string, string] {
  const lines = diff.split('\n');
  const side = (drop: string) =>
    lines
      .filter((line) => !line.startsWith(drop))
      .map((line) => line.slice(1))
      .join('\n');
  return [side('+'), side('-')];
}

it.each([
  ['billing.ts', '`billing.ts` now takes OpenTelemetry'],
  ['refund.ts', '`refund.ts` moves, and converts where it calls `audit`'],
])('turns %s into what the guide shows', (file, marker) => {
  const [before, after] = sides(blockAfter(marker));
  expect(before).toBe(EXAMPLE[`src/${file}`]);
  expect(readFileSync(join(directory, 'src', file), 'utf8')).toBe(after);
});
