// `span.setTag(key, value)` and `span.addTags(tags)`: attributes, or the status for `error`.
import { ts } from '@ts-morph/common';
import { tagTranslation } from '../../../../src/conventions/tag-translation';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { staticString } from '../static-values';
import { asStringKey } from '../source-text';
import { tagAttribute, tagAttributes, ownConstant } from './attributes';
import { knownSpanKindName, planStatusCode } from './status-code';

/** `span.setTag(key, value)` and `span.addTags(tags)`. */
export function planSetTag(plan: FilePlanning, usage: Usage): void {
  const call = usage.node as ts.CallExpression;
  const callee = call.expression as ts.PropertyAccessExpression;
  if (usage.name === 'addTags') {
    const [tags] = call.arguments;
    if (tags === undefined || !ts.isObjectLiteralExpression(tags) || call.arguments.length !== 1) {
      return plan.block(call, 'addTags without an object literal: rewrite by hand');
    }
    const entries = tagAttributes(plan, tags, 'INTERNAL', 'later');
    if (entries === undefined) return;
    plan.replaceRange(
      callee.name.getStart(plan.sourceFile),
      call.end,
      `setAttributes({ ${entries.join(', ')} })`,
      call,
    );
    return;
  }
  const [keyNode, value] = call.arguments;
  const key = keyNode === undefined ? undefined : staticString(keyNode, plan.checker);
  if (key === undefined || value === undefined)
    return plan.block(call, 'a tag whose name is not known before the code runs');
  if (
    key === 'error' &&
    (value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword)
  ) {
    const code = value.kind === ts.SyntaxKind.TrueKeyword ? 'ERROR' : 'OK';
    plan.replaceRange(
      callee.name.getStart(plan.sourceFile),
      call.end,
      `setStatus({ code: ${plan.use('SpanStatusCode')}.${code} })`,
      call,
    );
    return;
  }
  const translation = tagTranslation(key);
  const harmlessStatus =
    key === 'http.status_code' && ts.isNumericLiteral(value) && Number(value.text) < 400;
  if (key === 'http.status_code' && !harmlessStatus) return planStatusCode(plan, call, value);
  // A name that depends on the span's kind (`peer.hostname`): the kind the file shows.
  const kind =
    translation?.otelServerSide === undefined
      ? 'INTERNAL'
      : knownSpanKindName(plan, callee.expression);
  if (kind === undefined || (key === 'http.status_code' && !harmlessStatus)) {
    return plan.block(
      call,
      `\`${key}\` after start depends on the span kind or sets the status: rewrite by hand`,
    );
  }
  const keyText = keyNode === undefined ? undefined : ownConstant(plan, keyNode);
  const entries = tagAttribute(plan, key, value, kind, 'later', keyText);
  if (entries === undefined) return;
  const text =
    entries.length !== 1
      ? `setAttributes({ ${entries.join(', ')} })`
      : entries[0].startsWith('...')
        ? `setAttributes(${entries[0].slice(3)})`
        : entries[0].startsWith('[')
          ? `setAttribute(${keyText}, ${plan.text(value)})`
          : `setAttribute(${asStringKey(entries[0])})`;
  plan.replaceRange(callee.name.getStart(plan.sourceFile), call.end, text, call);
}
