// Error logs: the `exception` event the bridge records, whatever the error and the fields.
import { trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

class PaymentError extends Error {}

function fail(which: number): never {
  if (which === 0) throw new Error('plain');
  if (which === 1) throw new PaymentError('declined');
  if (which === 2) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
  throw 'a string';
}

function logged(span: Span, err: Error): void {
  span.addEvent('exception', { ...(err ? { 'exception.type': err.constructor.name, 'exception.message': err.message, 'exception.stacktrace': err.stack } : {}) });
}

function unknownCatch(span: Span, which: number): void {
  try {
    fail(which);
  } catch (err) {
    span.addEvent('exception', { attempt: which, ...(err instanceof Error ? { 'exception.type': err.constructor.name, 'exception.stacktrace': err.stack } : {}), 'exception.message': String(err) });
  }
}

function anyCatch(span: Span, which: number): void {
  try {
    fail(which);
  } catch (err: any) {
    span.addEvent('exception', { ...(err instanceof Error ? { 'exception.type': err.constructor.name, 'exception.message': err.message, 'exception.stacktrace': err.stack } : typeof err === 'string' ? { 'exception.message': err } : {}) });
  }
}

function only(span: Span, err: Error | undefined): void {
  span.addEvent('exception', { ...(err ? { 'exception.type': err.constructor.name, 'exception.message': err.message, 'exception.stacktrace': err.stack } : {}) });
  const error = new TypeError('inline');
  span.addEvent('exception', { ...(error ? { 'exception.type': error.constructor.name, 'exception.message': error.message, 'exception.stacktrace': error.stack } : {}) });
}

function messageOnly(span: Span, details: string | undefined): void {
  span.addEvent('exception', { code: 14, 'exception.message': details ?? 'unknown' });
  span.addEvent('exception', { ...(details != null ? { 'exception.message': details } : {}) });
}

export function run(): void {
  const span = tracer.startSpan('work');
  for (const which of [0, 1, 2, 3]) {
    unknownCatch(span, which);
    anyCatch(span, which);
  }
  logged(span, new PaymentError('logged'));
  logged(span, Object.assign(new RangeError('coded'), { code: 'ERR_OUT_OF_RANGE' }));
  only(span, new SyntaxError('only'));
  only(span, undefined);
  messageOnly(span, 'unavailable');
  messageOnly(span, undefined);
  span.end();
}
