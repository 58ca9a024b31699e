// Tag values the bridge converts when the code runs, given as variables: the rewritten file gets a
// function that converts them the same way (`'get'` to `'GET'`, an unlisted method to `_OTHER` with
// the original, `'SQL'` to `'other_sql'`).
import { Tags, globalTracer } from 'opentracing';

const tracer = globalTracer();

function serve(method: string, database: string): void {
  const span = tracer.startSpan('request', {
    tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER, [Tags.HTTP_METHOD]: method },
  });
  span.setTag(Tags.DB_TYPE, database);
  span.finish();
}

function retry(method: string): void {
  const span = tracer.startSpan('retry');
  span.setTag('http.method', method);
  span.finish();
}

export function run(): void {
  serve('get', 'SQL');
  serve('PROPFIND', 'redis');
  retry('post');
}
