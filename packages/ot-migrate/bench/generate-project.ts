// Writes a synthetic OpenTracing codebase for measuring ot-migrate on a large tree (migrate-large.ts).
// About 30% of its files use OpenTracing: handlers that start a span and pass it to a `doWork(span)`
// in another file (which starts children, tags, logs and finishes), services that use the tracer of
// a shared tracing.ts, and CommonJS jobs; the rest are plain TypeScript and JavaScript utilities
// that the traced files import. The same seed gives the same files, byte for byte.
//
//   node --import tsx packages/ot-migrate/bench/generate-project.ts <directory> [files] [seed]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface GenerateOptions {
  /** Source files to write (tsconfig.json aside); default 2,000. */
  files?: number;
  /** Seed of the pseudo-random choices; default 13. */
  seed?: number;
}

/** What was written, by kind of file. */
export interface GeneratedProject {
  /** Source files written. */
  files: number;
  /** Of which use OpenTracing (tracing.ts, handlers, their work files, services, traced jobs). */
  traced: number;
  /** Handler and work file pairs: a span crosses the file boundary in each. */
  pairs: number;
  services: number;
  /** CommonJS jobs that use OpenTracing. */
  tracedJs: number;
  /** Utilities without tracing, TypeScript and JavaScript. */
  plainTs: number;
  plainJs: number;
}

const DOMAINS = [
  'orders',
  'billing',
  'users',
  'inventory',
  'shipping',
  'search',
  'catalog',
  'payments',
  'auth',
  'notifications',
];

/** mulberry32: a small, fast, seeded generator. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "moduleResolution": "node10",
    "lib": ["ES2022"],
    "types": ["node"],
    "strict": true,
    "allowJs": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "noEmit": true
  },
  "include": ["src"]
}
`;

const TRACING = `// The service's tracing helpers: one tracer for everyone.
import type { Span, SpanContext } from 'opentracing';
import { Tags, globalTracer } from 'opentracing';

export const tracer = globalTracer();

export function startSpan(name: string, parent?: Span | SpanContext): Span {
  return tracer.startSpan(name, { childOf: parent });
}

export function finishWithError(span: Span, error: Error): void {
  span.setTag(Tags.ERROR, true);
  span.log({ event: 'error', 'error.object': error, message: error.message, stack: error.stack });
  span.finish();
}
`;

function plainTs(index: number, pick: () => number): string {
  const uses = index > 0 ? Math.floor(pick() * index) : -1;
  const lines = [`// Utility ${index}: no tracing here.`];
  if (uses >= 0) lines.push(`import { util${uses} } from './util-${uses}';`, '');
  lines.push(
    `export interface Entry${index} {`,
    '  id: number;',
    '  label: string;',
    '  tags: string[];',
    '}',
    '',
    `export function util${index}(value: number): number {`,
    `  return ${uses >= 0 ? `util${uses}(value % 7)` : 'value'} + ${index % 97};`,
    '}',
    '',
    `export class Cache${index} {`,
    `  private readonly entries = new Map<number, Entry${index}>();`,
    '',
    `  put(entry: Entry${index}): void {`,
    '    this.entries.set(entry.id, entry);',
    '  }',
    '',
    `  get(id: number): Entry${index} | undefined {`,
    '    return this.entries.get(id);',
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}

function plainJs(index: number): string {
  return [
    `// Formatting helpers ${index}, in plain JavaScript.`,
    "'use strict';",
    '',
    `function format${index}(value) {`,
    `  return \`#${index}:\${value}\`;`,
    '}',
    '',
    `module.exports = { format${index} };`,
    '',
  ].join('\n');
}

function handler(domain: string, index: number, util: number, pick: () => number): string {
  const extract = pick() < 0.5;
  const guarded = pick() < 0.6;
  const lines = [
    `// Handles ${domain} request ${index}: the span goes to doWork${index} in another file.`,
    extract
      ? "import { FORMAT_HTTP_HEADERS, Tags } from 'opentracing';"
      : "import { Tags } from 'opentracing';",
    guarded
      ? "import { finishWithError, tracer } from '../tracing';"
      : "import { tracer } from '../tracing';",
    `import { util${util} } from '../util/util-${util}';`,
    `import { doWork${index} } from './work-${index}';`,
    '',
    `export async function handle${index}(headers: Record<string, string>, input: number): Promise<number> {`,
  ];
  if (extract) lines.push('  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);');
  lines.push(
    `  const span = tracer.startSpan('${domain}.handle${index}', {`,
    ...(extract ? ['    childOf: parent ?? undefined,'] : []),
    `    tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER, '${domain}.input': input },`,
    '  });',
  );
  if (!extract) lines.push(`  span.setTag('headers.count', Object.keys(headers).length);`);
  if (guarded) {
    lines.push(
      '  try {',
      `    const result = await doWork${index}(span, util${util}(input));`,
      `    span.setTag('${domain}.result', result);`,
      '    span.finish();',
      '    return result;',
      '  } catch (error) {',
      '    finishWithError(span, error as Error);',
      '    throw error;',
      '  }',
    );
  } else {
    lines.push(
      `  const result = await doWork${index}(span, util${util}(input));`,
      `  span.log({ event: 'handled', result });`,
      '  span.finish();',
      '  return result;',
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

function work(domain: string, index: number, pick: () => number): string {
  const follows = pick() < 0.3;
  const steps = 1 + Math.floor(pick() * 3);
  const lines = [
    `// The work behind ${domain} handler ${index}: children of the span it is given.`,
    "import type { Span } from 'opentracing';",
    follows
      ? "import { Tags, followsFrom } from 'opentracing';"
      : "import { Tags } from 'opentracing';",
    "import { tracer } from '../tracing';",
    '',
    `export async function doWork${index}(span: Span, value: number): Promise<number> {`,
    `  span.setTag('work.value', value);`,
    '  let total = value;',
  ];
  for (let step = 0; step < steps; step++) {
    const child = `step${step}`;
    lines.push(
      `  const ${child} = tracer.startSpan('${domain}.work${index}.${step}', { childOf: span });`,
      `  ${child}.setTag(Tags.COMPONENT, '${domain}');`,
      `  total += await Promise.resolve(${step + 1});`,
      `  ${child}.log({ event: 'computed', total });`,
      `  ${child}.finish();`,
    );
  }
  if (follows) {
    lines.push(
      `  const audit = tracer.startSpan('${domain}.audit${index}', { references: [followsFrom(span.context())] });`,
      '  audit.finish();',
    );
  }
  lines.push(`  if (total < 0) throw new Error('negative total');`, '  return total;', '}', '');
  return lines.join('\n');
}

function service(domain: string, index: number, util: number, pick: () => number): string {
  const name = `${domain[0].toUpperCase()}${domain.slice(1)}Service${index}`;
  const inject = pick() < 0.4;
  const baggage = pick() < 0.2;
  const lines = [
    `// ${name}: traces its calls with the shared tracer.`,
    inject
      ? "import { FORMAT_HTTP_HEADERS, Tags } from 'opentracing';"
      : "import { Tags } from 'opentracing';",
    inject
      ? "import { startSpan, tracer } from '../tracing';"
      : "import { startSpan } from '../tracing';",
    `import { Cache${util}, util${util} } from '../util/util-${util}';`,
    '',
    `export class ${name} {`,
    `  private readonly cache = new Cache${util}();`,
    '',
    `  async run(id: number): Promise<string> {`,
    `    const span = startSpan('${domain}.service${index}.run');`,
    `    span.setTag(Tags.COMPONENT, '${domain}');`,
    `    span.setTag('${domain}.id', id);`,
  ];
  if (baggage) lines.push(`    span.setBaggageItem('tenant', 'tenant-' + String(id % 3));`);
  lines.push(
    `    const hit = this.cache.get(id);`,
    '    if (hit) {',
    `      span.log({ event: 'cache hit', label: hit.label });`,
    '      span.finish();',
    '      return hit.label;',
    '    }',
  );
  if (inject) {
    lines.push(
      '    const headers: Record<string, string> = {};',
      '    tracer.inject(span, FORMAT_HTTP_HEADERS, headers);',
      `    const label = Object.keys(headers).join(',') + String(util${util}(id));`,
    );
  } else {
    lines.push(`    const label = String(util${util}(id));`);
  }
  lines.push(
    '    this.cache.put({ id, label, tags: [] });',
    '    span.finish();',
    '    return label;',
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}

function tracedJs(index: number, plain: number): string {
  return [
    `// Nightly job ${index}, CommonJS on OpenTracing.`,
    "'use strict';",
    "const opentracing = require('opentracing');",
    `const { format${plain} } = require('../lib/format-${plain}');`,
    '',
    'const tracer = opentracing.globalTracer();',
    '',
    '/** @param {string} name */',
    `function job${index}(name) {`,
    `  const span = tracer.startSpan('job${index}', {`,
    `    tags: { 'job.name': name, [opentracing.Tags.COMPONENT]: 'jobs' },`,
    '  });',
    `  span.log({ event: 'started', label: format${plain}(name) });`,
    `  span.setTag('job.items', ${index % 10});`,
    '  span.finish();',
    '}',
    '',
    `module.exports = { job${index} };`,
    '',
  ].join('\n');
}

/** Writes the project into `directory` (which may exist) and says what it holds. */
export function generateProject(
  directory: string,
  options: GenerateOptions = {},
): GeneratedProject {
  const files = options.files ?? 2000;
  const pick = random(options.seed ?? 13);
  const traced = Math.round(files * 0.3);
  const tracedJsCount = Math.round(traced * 0.1);
  const pairs = Math.floor((traced * 0.4) / 2);
  const services = traced - 1 - 2 * pairs - tracedJsCount;
  const plainJsCount = Math.max(1, Math.round(files * 0.03));
  const plainTsCount = files - traced - plainJsCount;
  if (services < 0 || plainTsCount < 1) throw new Error(`too few files: ${files}`);

  const write = (path: string, text: string) => {
    const file = join(directory, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const domain = (index: number) => DOMAINS[index % DOMAINS.length];
  const someUtil = () => Math.floor(pick() * plainTsCount);

  write('tsconfig.json', TSCONFIG);
  // The bridge installed, as in an application that runs on it: the files that move beside files
  // that stay convert with its adapters. It stands for the package: this repository's src.
  const bridge = join(__dirname, '..', '..', '..', 'src').replace(/\\/g, '/');
  write(
    'node_modules/opentracing-otel-bridge/package.json',
    '{ "name": "opentracing-otel-bridge", "main": "index.js", "types": "index.d.ts" }\n',
  );
  write('node_modules/opentracing-otel-bridge/index.d.ts', `export * from '${bridge}';\n`);
  write(
    'node_modules/opentracing-otel-bridge/index.js',
    `module.exports = require('${bridge}');\n`,
  );
  write('src/tracing.ts', TRACING);
  for (let index = 0; index < plainTsCount; index++) {
    write(`src/util/util-${index}.ts`, plainTs(index, pick));
  }
  for (let index = 0; index < plainJsCount; index++)
    write(`src/lib/format-${index}.js`, plainJs(index));
  for (let index = 0; index < pairs; index++) {
    write(
      `src/${domain(index)}/handler-${index}.ts`,
      handler(domain(index), index, someUtil(), pick),
    );
    write(`src/${domain(index)}/work-${index}.ts`, work(domain(index), index, pick));
  }
  for (let index = 0; index < services; index++) {
    write(
      `src/${domain(index)}/service-${index}.ts`,
      service(domain(index), index, someUtil(), pick),
    );
  }
  for (let index = 0; index < tracedJsCount; index++) {
    write(`src/jobs/job-${index}.js`, tracedJs(index, Math.floor(pick() * plainJsCount)));
  }
  return {
    files,
    traced,
    pairs,
    services,
    tracedJs: tracedJsCount,
    plainTs: plainTsCount,
    plainJs: plainJsCount,
  };
}

if (require.main === module) {
  const [directory, files, seed] = process.argv.slice(2);
  if (!directory) {
    console.error('usage: generate-project.ts <directory> [files] [seed]');
    process.exitCode = 2;
  } else {
    const summary = generateProject(directory, {
      ...(files ? { files: Number(files) } : {}),
      ...(seed ? { seed: Number(seed) } : {}),
    });
    console.log(JSON.stringify(summary));
  }
}
