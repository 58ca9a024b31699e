// Error logs: the `exception` event the bridge records, whatever the error and the fields.
import { Span, globalTracer } from 'opentracing';

const tracer = globalTracer();

class PaymentError extends Error {}

function fail(which: number): never {
  if (which === 0) throw new Error('plain');
  if (which === 1) throw new PaymentError('declined');
  if (which === 2) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
  throw 'a string';
}

function logged(span: Span, err: Error): void {
  span.log({ event: 'error', 'error.object': err, message: err.message, stack: err.stack });
}

function unknownCatch(span: Span, which: number): void {
  try {
    fail(which);
  } catch (err) {
    span.log({ event: 'error', 'error.object': err, message: String(err), attempt: which });
  }
}

function anyCatch(span: Span, which: number): void {
  try {
    fail(which);
  } catch (err: any) {
    span.log({ event: 'error', 'error.object': err, message: err.message, stack: err.stack });
  }
}

function only(span: Span, err: Error | undefined): void {
  span.log({ event: 'error', 'error.object': err });
  span.log({ event: 'error', 'error.object': new TypeError('inline') });
}

function messageOnly(span: Span, details: string | undefined): void {
  span.log({ event: 'error', message: details ?? 'unknown', code: 14 });
  span.log({ event: 'error', message: details });
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
  span.finish();
}
