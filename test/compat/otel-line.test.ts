// Which OpenTelemetry line this run uses, and proof that the bridge works on it: each CI leg sets
// EXPECT_OTEL_API (1.9 with SDK 2.x on Node 20, 1.10 with SDK 3.x on Node 22); without it, the line
// package-lock.json installs is expected.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

function versionOf(moduleName: string): string {
  let directory = dirname(require.resolve(moduleName));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (manifest.name === moduleName) return manifest.version;
    } catch {
      // not the package root yet
    }
    const up = dirname(directory);
    if (up === directory) throw new Error(`no package.json for ${moduleName}`);
    directory = up;
  }
}

/** `1.9` for the version of a package package-lock.json installs at the top level. */
function lockedMinor(moduleName: string): string {
  const lock = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8'),
  ) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${moduleName}`]?.version;
  if (version === undefined) throw new Error(`package-lock.json installs no ${moduleName}`);
  return version.split('.').slice(0, 2).join('.');
}

const otel = setUpOtel();

it('runs on the expected OpenTelemetry line', () => {
  const api = versionOf('@opentelemetry/api');
  const core = versionOf('@opentelemetry/core');
  process.stdout.write(
    `node ${process.version}, @opentelemetry/api ${api}, @opentelemetry/core ${core}\n`,
  );
  // CI says which line each leg runs; elsewhere, the line the lockfile installs.
  const expected = process.env.EXPECT_OTEL_API ?? lockedMinor('@opentelemetry/api');
  expect(api.startsWith(`${expected}.`)).toBe(true);
});

it('exports spans made through the bridge, with parent, link, attributes, event and status', () => {
  const tracer = new TracerShim(otel.tracer, {
    propagators: ['tracecontext', 'baggage', 'b3multi'],
    linkParentReference: true,
  });
  const parent = tracer
    .startSpan('parent', { tags: { 'span.kind': 'server' } })
    .setBaggageItem('user.id', 'u-1');
  const headers: Record<string, string> = {};
  tracer.inject(parent, opentracing.FORMAT_HTTP_HEADERS, headers);
  const child = tracer.startSpan('child', {
    childOf: tracer.extract(opentracing.FORMAT_HTTP_HEADERS, headers)!,
  });
  child.setTag('n', 1).setTag('error', true).log({ event: 'step' });
  child.finish();
  parent.finish();
  const exported = otel.span('child');
  expect(exported.parentSpanContext?.spanId).toBe(parent.context().toSpanId());
  expect(exported.links[0].attributes).toEqual({ 'opentracing.ref_type': 'child_of' });
  // The parent came in B3 headers as well as W3C ones: recorded, a legacy format still arrives.
  expect(exported.attributes).toEqual({ n: 1, 'opentracing.propagation.format': ['b3multi'] });
  expect(exported.events.map((event) => event.name)).toEqual(['step']);
  expect(exported.status.code).toBe(2);
  expect(child.getBaggageItem('user.id')).toBe('u-1');
  expect(headers['x-b3-traceid']).toBe(parent.context().toTraceId());
});
