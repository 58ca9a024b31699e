// pg: a client span per query.
import type { Tracer } from 'opentracing';
import { Tags } from 'opentracing';
import type { PgClient } from './clients';
import { markError, startClientSpan } from './common';

export interface PgInstrumentationOptions {
  /** Record the statement text; default: true. */
  captureStatement?: boolean;
}

/** Traces every query of `client` with the caller's tracer. */
export function instrumentPg(
  client: PgClient,
  tracer: Tracer,
  options: PgInstrumentationOptions = {},
): PgClient {
  const query = client.query.bind(client);
  client.query = async (text, values) => {
    const verb = text.trim().split(/\s+/)[0].toUpperCase();
    const span = startClientSpan(tracer, `pg.query:${verb}`, {
      [Tags.COMPONENT]: 'pg',
      [Tags.DB_TYPE]: 'sql',
      [Tags.DB_INSTANCE]: client.config.database,
      [Tags.DB_USER]: client.config.user,
      [Tags.PEER_HOSTNAME]: client.config.host,
      [Tags.PEER_PORT]: client.config.port,
      ...(options.captureStatement === false ? {} : { [Tags.DB_STATEMENT]: text }),
    });
    try {
      const result = await query(text, values);
      span.setTag('db.row_count', result.rowCount);
      return result;
    } catch (err) {
      markError(span, err as Error);
      throw err;
    } finally {
      span.finish();
    }
  };
  return client;
}
