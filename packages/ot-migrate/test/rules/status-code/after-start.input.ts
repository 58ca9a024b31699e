// `http.status_code` after start: the attribute the bridge writes, and the status it sets for the
// span's kind (5xx on every span, 4xx on client spans, with `error.type`).
import { Tags, globalTracer } from 'opentracing';

const tracer = globalTracer();

interface Response {
  statusCode: number;
}

function serve(res: Response): void {
  const span = tracer.startSpan('GET /', {
    tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER, 'http.method': 'GET' },
  });
  span.setTag(Tags.HTTP_STATUS_CODE, res.statusCode);
  span.finish();
}

function call(status: number): void {
  const span = tracer.startSpan('GET /upstream', { tags: { 'span.kind': 'client' } });
  span.setTag('http.status_code', status);
  span.finish();
}

function internal(status: number): void {
  const span = tracer.startSpan('work');
  span.setTag('http.status_code', status);
  span.finish();
}

function literals(): void {
  const server = tracer.startSpan('server', { tags: { 'span.kind': 'server' } });
  server.setTag(Tags.HTTP_STATUS_CODE, 403);
  server.finish();
  const client = tracer.startSpan('client', { tags: { 'span.kind': 'client' } });
  client.setTag(Tags.HTTP_STATUS_CODE, 404);
  client.finish();
  const other = tracer.startSpan('other');
  other.setTag(Tags.HTTP_STATUS_CODE, 502);
  other.finish();
}

function peers(): void {
  const server = tracer.startSpan('server', { tags: { 'span.kind': 'server' } });
  server.setTag(Tags.PEER_HOSTNAME, 'caller.local');
  server.setTag('peer.port', 40000);
  server.finish();
  const client = tracer.startSpan('client', { tags: { 'span.kind': 'client' } });
  client.setTag(Tags.PEER_HOSTNAME, 'db.local');
  client.finish();
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
