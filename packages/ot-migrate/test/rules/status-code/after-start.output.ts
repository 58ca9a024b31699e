// `http.status_code` after start: the attribute the bridge writes, and the status it sets for the
// span's kind (5xx on every span, 4xx on client spans, with `error.type`).
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

interface Response {
  statusCode: number;
}

function serve(res: Response): void {
  const span = tracer.startSpan('GET /', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'GET' },
  });
  const statusCode2 = res.statusCode;
  span.setAttribute('http.response.status_code', statusCode2);
  if (statusCode2 >= 500 && statusCode2 <= 599 && Number.isInteger(statusCode2)) {
    span.setAttribute('error.type', String(statusCode2)).setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

function call(status: number): void {
  const span = tracer.startSpan('GET /upstream', { kind: SpanKind.CLIENT });
  span.setAttribute('http.response.status_code', status);
  if (status >= 400 && status <= 599 && Number.isInteger(status)) {
    span.setAttribute('error.type', String(status)).setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

function internal(status: number): void {
  const span = tracer.startSpan('work');
  span.setAttribute('http.response.status_code', status);
  if (status >= 500 && status <= 599 && Number.isInteger(status)) {
    span.setAttribute('error.type', String(status)).setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

function literals(): void {
  const server = tracer.startSpan('server', { kind: SpanKind.SERVER });
  server.setAttribute('http.response.status_code', 403);
  server.end();
  const client = tracer.startSpan('client', { kind: SpanKind.CLIENT });
  client.setAttributes({ 'http.response.status_code': 404, 'error.type': '404' }).setStatus({ code: SpanStatusCode.ERROR });
  client.end();
  const other = tracer.startSpan('other');
  other.setAttributes({ 'http.response.status_code': 502, 'error.type': '502' }).setStatus({ code: SpanStatusCode.ERROR });
  other.end();
}

function peers(): void {
  const server = tracer.startSpan('server', { kind: SpanKind.SERVER });
  server.setAttribute('client.address', 'caller.local');
  server.setAttribute('client.port', 40000);
  server.end();
  const client = tracer.startSpan('client', { kind: SpanKind.CLIENT });
  client.setAttribute('server.address', 'db.local');
  client.end();
}

export function run(): void {
  for (const code of [200, 404, 503, 600]) {
    serve({ statusCode: code });
    call(code);
    internal(code);
  }
  literals();
  peers();
}
