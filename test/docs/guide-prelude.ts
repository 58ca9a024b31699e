// Loaded before each MIGRATION.md block that does not set OpenTelemetry up itself: what step 1 of
// the guide does (the tests' one SDK set-up, with an in-memory exporter), and the bridge as the
// global tracer.
import { installGlobalTracer } from '../../src';
import { setUpOtel } from '../support/otel';

setUpOtel({ collectDiag: false });
installGlobalTracer();
