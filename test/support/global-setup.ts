// Jest's global setup: asks once whether the services the integration tests need are reachable, so
// that a test without its service shows as skipped (decided when the tests are defined) rather than
// passing without running. Where CI requires a service (REQUIRE_AMQP=1) the test runs regardless,
// and fails if the service is not there.
import { connect } from 'node:net';

/** Whether something accepts TCP connections at host:port within `timeoutMs`. */
function reachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export default async function globalSetup(): Promise<void> {
  const url = new URL(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const up = await reachable(url.hostname, Number(url.port || 5672), 1000);
  // Read by test/integration/amqp.test.ts; the workers inherit the environment.
  process.env.AMQP_BROKER_REACHABLE = up ? '1' : '0';
}
