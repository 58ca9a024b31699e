// An application using the package: it hands the global tracer to each instrumentation, and tags
// the request span it gets from the package.
import { globalTracer } from 'opentracing';
import type { RedisClient } from './clients';
import { HttpServer, PgClient, RedisClient as Redis } from './clients';
import { RedisTracing, currentSpan, instrumentHttp, instrumentPg } from './index';

function redisCall(send: (callback: (err: Error | null, reply?: string | null) => void) => void) {
  return new Promise<string | null>((resolve, reject) =>
    send((err, reply) => (err ? reject(err) : resolve(reply ?? null))),
  );
}

export function createApp(): HttpServer {
  const tracer = globalTracer();
  const db = instrumentPg(
    new PgClient({ host: 'db.internal', port: 5432, database: 'accounts', user: 'app' }),
    tracer,
  );
  const cache: RedisClient = new RedisTracing({ tracer, ignore: ['PING'] }).instrument(new Redis());
  const server = new HttpServer(async (req, res) => {
    await redisCall((done) => cache.send_command('PING', [], done));
    const id = req.url.split('/').pop() ?? '';
    currentSpan()?.setTag('user.id', id);
    const cached = await redisCall((done) => cache.get(`user:${id}`, done));
    if (cached) {
      currentSpan()?.setTag('cache.hit', true);
      res.end(cached);
      return;
    }
    const { rows } = await db.query('SELECT id, name FROM users WHERE id = $1', [id]);
    if (rows.length === 0) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    const body = JSON.stringify(rows[0]);
    await redisCall((done) => cache.set(`user:${id}`, body, done));
    res.end(body);
  });
  return instrumentHttp(server, tracer);
}
