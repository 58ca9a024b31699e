// OpenTracing's own API compatibility checks (they use chai), run against the bridge.
import apiCompatibilityChecks from 'opentracing/lib/test/api_compatibility';
import { TracerShim } from '../src';
import { setUpOtel } from './support/otel';

const otel = setUpOtel();
const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
afterAll(() => log.mockRestore());

apiCompatibilityChecks(() => new TracerShim(otel.tracer));
