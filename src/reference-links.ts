import type { Attributes } from '@opentelemetry/api';
import { REFERENCE_CHILD_OF, REFERENCE_FOLLOWS_FROM } from 'opentracing';

/** The link attribute that records which kind of OpenTracing reference a link came from. */
export const REF_TYPE_ATTRIBUTE = 'opentracing.ref_type';

/** Attributes of a link made from a ChildOf reference; shared and frozen. @internal */
export const CHILD_OF_ATTRIBUTES: Attributes = Object.freeze({
  [REF_TYPE_ATTRIBUTE]: REFERENCE_CHILD_OF,
});

/** Attributes of a link made from a FollowsFrom reference; shared and frozen. @internal */
export const FOLLOWS_FROM_ATTRIBUTES: Attributes = Object.freeze({
  [REF_TYPE_ATTRIBUTE]: REFERENCE_FOLLOWS_FROM,
});
