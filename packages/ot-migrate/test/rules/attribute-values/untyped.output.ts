// Values with and without types: an `any` is written as it is, with a TODO (it may be an object,
// which the bridge sent as JSON text and OpenTelemetry drops); a known object is held back.
import { trace } from '@opentelemetry/api';

interface Job {
  id: string;
  attempts: number;
}

export function record(job: Job, payload: any, raw: unknown): void {
  const span = trace.getTracer('svc').startSpan('job');
  span.setAttribute('job.id', job.id);
  // TODO(ot-migrate): the value of `payload` has no type, and is written as it is: if it can be an object, convert it (`JSON.stringify(…)`, as the bridge did), since OpenTelemetry drops objects
  span.addEvent('received', { payload, attempts: job.attempts });
  span.setAttribute('job.raw', raw as string);
  span.end();
}

export function run(): void {
  record({ id: 'j-1', attempts: 2 }, 'text payload', 'raw');
}
