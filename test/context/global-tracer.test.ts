import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as opentracing from 'opentracing';
import { TracerShim, installGlobalTracer, uninstallGlobalTracer } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();

beforeEach(() => otel.reset());
afterEach(() => uninstallGlobalTracer());

describe('installGlobalTracer', () => {
  it('makes the bridge OpenTracing’s global tracer, from the global TracerProvider by default', () => {
    const earlyReference = opentracing.globalTracer();
    const shim = installGlobalTracer();
    expect(shim).toBeInstanceOf(TracerShim);
    earlyReference.startSpan('via-early-reference').finish();
    opentracing.globalTracer().startSpan('via-global').finish();
    expect(otel.spans().map((s) => s.name)).toEqual(['via-early-reference', 'via-global']);
    expect(otel.span('via-global').instrumentationScope.name).toBe('opentracing-otel-bridge');
  });

  it('uses a given provider and tracer name, and is safe to call twice', () => {
    installGlobalTracer({ tracerProvider: otel.provider, tracerName: 'first' });
    const second = installGlobalTracer({
      tracerProvider: otel.provider,
      tracerName: 'legacy-code',
    });
    opentracing.globalTracer().startSpan('s').finish();
    expect(otel.span('s').instrumentationScope.name).toBe('legacy-code');
    expect(second.getTracer()).toBe(otel.provider.getTracer('legacy-code'));
  });

  it('passes shim options through', () => {
    installGlobalTracer({ implicitParent: false });
    const parent = otel.tracer.startSpan('otel');
    otel.tracer.startActiveSpan('active', (active) => {
      opentracing.globalTracer().startSpan('strict').finish();
      active.end();
    });
    parent.end();
    expect(otel.span('strict').parentSpanContext).toBeUndefined();
  });

  it('puts the no-op tracer back on uninstall', () => {
    installGlobalTracer();
    uninstallGlobalTracer();
    opentracing.globalTracer().startSpan('nothing').finish();
    expect(otel.spans()).toHaveLength(0);
  });
});

describe('a second installed copy of opentracing', () => {
  it('gets the bridge as its global tracer too, with one warning', () => {
    // An application whose own node_modules holds another copy, as npm leaves it when versions differ.
    const app = mkdtempSync(join(tmpdir(), 'ot-copy-'));
    const copy = join(app, 'node_modules', 'opentracing');
    cpSync(dirname(require.resolve('opentracing/package.json')), copy, { recursive: true });
    const cwd = process.cwd();
    try {
      process.chdir(app);
      installGlobalTracer();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const appOpenTracing = require(copy) as typeof opentracing;
      expect(appOpenTracing).not.toBe(opentracing);
      appOpenTracing.globalTracer().startSpan('from-the-app-copy').finish();
      expect(otel.spans().map((span) => span.name)).toEqual(['from-the-app-copy']);
      expect(otel.warnings).toEqual([expect.stringContaining('another copy of opentracing')]);
    } finally {
      uninstallGlobalTracer();
      process.chdir(cwd);
      rmSync(app, { recursive: true, force: true });
    }
  });
});
