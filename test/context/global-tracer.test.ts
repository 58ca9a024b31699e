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
