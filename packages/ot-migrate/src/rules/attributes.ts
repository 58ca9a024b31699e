// Tags as OpenTelemetry attributes, by the bridge's own translation table (at start and after).
import { SpanKind } from '@opentelemetry/api';
import { ts } from '@ts-morph/common';
import { httpStatusToSpanStatus } from '../../../../src/conventions/http-status';
import type { Attributes } from '@opentelemetry/api';
import { tagTranslation } from '../../../../src/conventions/tag-translation';
import type { FilePlanning } from '../planning';
import { staticPropertyName } from '../static-values';
import { literal, propertyKey } from '../source-text';
import { isOpenTracingSymbol } from '../usages';
import { tagsSpread } from './start-options';
import { convertedTagEntry, convertedTagNames, isConvertedTag } from './value-helpers';
import {
  conditionalBranches,
  tagsArguments,
  tagsParameterOf,
  tagsParameterSpread,
} from './tags-parameters';

/** OTel attribute entries (`'key': value`) for tags; undefined when one cannot be rewritten. */
export function tagAttributes(
  plan: FilePlanning,
  tags: ts.ObjectLiteralExpression,
  kind: string,
  where: 'start' | 'later',
): string[] | undefined {
  const entries: string[] = [];
  const names: string[] = [];
  for (const property of tags.properties) {
    const spread = !ts.isSpreadAssignment(property)
      ? undefined
      : (tagsSpread(plan, property, kind, (literal) => {
          const inner = tagAttributes(plan, literal, kind, where);
          const multiline = literal.getText(plan.sourceFile).includes('\n');
          return inner && objectText(plan, inner, multiline, literal);
        }) ?? tagsParameterSpread(plan, property));
    if (spread !== undefined) {
      entries.push(spread);
      names.push(...spreadNames(plan, property as ts.SpreadAssignment, kind));
      continue;
    }
    // `...(test ? { … } : { … })`: rewritten branch by branch, or held back for its own reason.
    if (ts.isSpreadAssignment(property) && conditionalBranches(property.expression) !== undefined) {
      const conditional = conditionalSpread(plan, property, kind, where);
      if (conditional === undefined) return undefined;
      entries.push(conditional);
      names.push(...spreadNames(plan, property, kind));
      continue;
    }
    const field = tagField(plan, property);
    if (field === undefined) {
      plan.block(property, 'a tag whose name is not known before the code runs');
      return undefined;
    }
    const [key, value, keyText] = field;
    // At start these two are the span's kind and status (planStartSpan), not attributes.
    if ((key === 'span.kind' || key === 'error') && where === 'start') continue;
    const translated = tagAttribute(plan, key, value, kind, where, keyText);
    if (translated === undefined) return undefined;
    entries.push(...translated);
    // Compared as written: a kept constant is compared by the name it stands for.
    names.push(
      ...translated.flatMap((entry) =>
        entry.startsWith('...')
          ? convertedTagNames(key).map((name) => propertyKey(name))
          : entry.startsWith('[')
            ? [propertyKey(key)]
            : [entry.slice(0, entry.indexOf(': '))],
      ),
    );
  }
  // A spread giving a tag the object gives too overrides it in JavaScript, where the bridge converts
  // only the value that stays; the attributes would not (`http.request.method_original` of the
  // overridden method would stay), so any name given twice holds the object back.
  if (new Set(names).size !== names.length) {
    plan.block(tags, 'two tags translate to the same OpenTelemetry attribute: rewrite by hand');
    return undefined;
  }
  return entries;
}

/**
 * The attribute names a spread among tags may write (each once, as written in `names` above):
 * either branch of a conditional spread, a local literal's, or, for a helper's tags parameter,
 * any of its callers'.
 */
function spreadNames(plan: FilePlanning, spread: ts.SpreadAssignment, kind: string): string[] {
  const literals: ts.ObjectLiteralExpression[] = [];
  const branches = conditionalBranches(spread.expression);
  if (branches !== undefined) literals.push(...branches);
  else if (ts.isIdentifier(spread.expression)) {
    const declaration = plan.checker.getSymbolAtLocation(spread.expression)?.valueDeclaration;
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      ts.isObjectLiteralExpression(declaration.initializer)
    )
      literals.push(declaration.initializer);
    const parameter = tagsParameterOf(plan.checker, declaration);
    if (parameter !== undefined) literals.push(...(tagsArguments(plan, parameter) ?? []));
  }
  const names = new Set<string>();
  for (const literal of literals)
    for (const name of literalNames(plan, literal, kind)) names.add(name);
  return [...names].map((name) => propertyKey(name));
}

/** The attribute names the tags of a literal translate to (conditional spreads in it included). */
function literalNames(
  plan: FilePlanning,
  literal: ts.ObjectLiteralExpression,
  kind: string,
): string[] {
  const names: string[] = [];
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      for (const branch of conditionalBranches(property.expression) ?? [])
        names.push(...literalNames(plan, branch, kind));
      continue;
    }
    const field = tagField(plan, property);
    if (field === undefined || field[0] === 'span.kind' || field[0] === 'error') continue;
    const key = field[0];
    if (isConvertedTag(key)) {
      names.push(...convertedTagNames(key));
      continue;
    }
    const translation = tagTranslation(key);
    const serverSide = kind === 'SERVER' || kind === 'CONSUMER';
    names.push(
      translation?.otel === undefined
        ? key
        : (serverSide && translation.otelServerSide) || translation.otel,
    );
  }
  return names;
}

/**
 * The name and value of a property of a tags or log-fields object: `key: value`, `[Keys.A]:
 * value`, or shorthand `{ cents }`. Undefined when the name is not known before the code runs
 * (a spread, a method, a computed name of no one value).
 */
export function tagField(
  plan: FilePlanning,
  property: ts.ObjectLiteralElementLike,
): [key: string, value: ts.Expression, keyText: string | undefined] | undefined {
  if (ts.isShorthandPropertyAssignment(property))
    return property.objectAssignmentInitializer === undefined
      ? [property.name.text, property.name, undefined]
      : undefined;
  if (!ts.isPropertyAssignment(property)) return undefined;
  const key = staticPropertyName(property.name, plan.checker);
  const keyText = ts.isComputedPropertyName(property.name)
    ? ownConstant(plan, property.name.expression)
    : undefined;
  return key === undefined ? undefined : [key, property.initializer, keyText];
}

/**
 * The text of a key that is a constant of the code itself (`Keys.EventType`, `ORDER_ID`): the
 * rewrite keeps it rather than its value, so the constant stays in use. OpenTracing's own
 * constants go, with the import they come from.
 */
export function ownConstant(plan: FilePlanning, key: ts.Expression): string | undefined {
  const name = ts.isPropertyAccessExpression(key) ? key.name : key;
  if (!ts.isIdentifier(name)) return undefined;
  if (isOpenTracingSymbol(plan.checker, plan.checker.getSymbolAtLocation(name))) return undefined;
  return key.getText(plan.sourceFile);
}

/**
 * One tag as OTel attribute entries; undefined (with a blocker) when it is not an attribute.
 * `keyText`: a constant of the code's own naming the key, kept as `[keyText]` when OpenTelemetry
 * has the same name.
 */
export function tagAttribute(
  plan: FilePlanning,
  key: string,
  value: ts.Expression,
  kind: string,
  where: 'start' | 'later',
  keyText?: string,
): string[] | undefined {
  if (key === 'error') {
    plan.block(value, 'an `error` tag here: set the span status with setStatus by hand');
    return undefined;
  }
  if (key === 'span.kind') {
    plan.block(
      value,
      'OpenTelemetry fixes the span kind at start: pass it in startSpan options by hand',
    );
    return undefined;
  }
  if (key === 'sampling.priority' && where === 'later') {
    // The bridge keeps it as an attribute (with a warning): the sampler has decided already.
    plan.note(
      value,
      '`sampling.priority` set after start cannot change the sampling decision in OpenTelemetry (a sampler decides when the span starts): it is kept as an attribute; to keep traces with errors, sample in the Collector (tail sampling), set it in the `startSpan` tags, or write a custom sampler',
    );
  }
  if (key === 'http.status_code' && where === 'later' && !leavesStatusUnset(value, 'CLIENT')) {
    // After start the bridge sets the status from it too (`addTags`, a conditional spread): the
    // statement of its own (`span.setTag(…)`) is what the rewrite turns into the status test.
    plan.block(
      value,
      `\`${key}\` after start depends on the span kind or sets the status: rewrite by hand`,
    );
    return undefined;
  }
  if (key === 'http.status_code' && where === 'start' && !leavesStatusUnset(value, kind)) {
    // The bridge sets the span's status (and `error.type`) from it at start too.
    plan.block(
      value,
      '`http.status_code` at start that may set the status: set it after start, on the span, and run again',
    );
    return undefined;
  }
  if (!checkAttributeValue(plan, value, key)) return undefined;
  const translation = tagTranslation(key);
  const serverSide = kind === 'SERVER' || kind === 'CONSUMER';
  const name =
    translation?.otel === undefined
      ? key
      : (serverSide && translation.otelServerSide) || translation.otel;
  const text = plan.text(value);
  if (translation?.otel !== undefined && translation.value !== undefined) {
    const type = plan.checker.getTypeAtLocation(value);
    const mayBeText = (member: ts.Type) =>
      (member.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
    if (
      !ts.isStringLiteral(value) &&
      (type.isUnion() ? type.types.some(mayBeText) : mayBeText(type))
    ) {
      // The bridge converts text values when the code runs (`'post'` to `'POST'`, `'sql'` to
      // `'other_sql'`): text goes through a function of the file that does the same; a value
      // that may be text or something else, written as it is, could differ.
      const converted = convertedTagEntry(plan, key, value);
      if (converted !== undefined) return [converted];
      plan.block(
        value,
        `the value of \`${key}\` is converted by the bridge when the code runs: write it as a literal, or convert it by hand (tag table)`,
      );
      return undefined;
    }
  }
  if (
    translation?.otel !== undefined &&
    translation.value !== undefined &&
    ts.isStringLiteral(value)
  ) {
    // A literal is converted now, by the bridge's own table (so `'get'` becomes `'GET'`).
    const extra: Record<string, unknown> = {};
    const converted = translation.value(value.text, extra as Attributes);
    // `undefined`: the value goes under other names only (a path given as `http.url`).
    const main = converted === undefined ? [] : [`${propertyKey(name)}: ${literal(converted)}`];
    return [
      ...main,
      ...Object.keys(extra).map(
        (attribute) => `${propertyKey(attribute)}: ${literal(extra[attribute])}`,
      ),
    ];
  }
  const kept = keyText !== undefined && name === key;
  return [`${kept ? `[${keyText}]` : propertyKey(name)}: ${text}`];
}

/**
 * Whether a tag or log value can be written as an OpenTelemetry attribute as it is: a string,
 * number or boolean. The bridge converts any other value when the code runs (an object or a mixed
 * array to its JSON text, a `Date` to ISO text, leaves a missing value out), where the SDK drops
 * an object and keeps a missing value in an event: such a value gets a TODO and the file stays. A
 * value without type information (`any`, plain JavaScript) is written as it is, with a TODO in the
 * rewritten file: it may be an object.
 */
export function checkAttributeValue(
  plan: Pick<FilePlanning, 'checker' | 'block' | 'note'>,
  value: ts.Expression,
  key: string,
): boolean {
  const type = plan.checker.getTypeAtLocation(value);
  const members = type.isUnion() ? type.types : [type];
  if (members.some((member) => (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0)) {
    plan.note(
      value,
      `the value of \`${key}\` has no type, and is written as it is: if it can be an object, convert it (\`JSON.stringify(…)\`, as the bridge did), since OpenTelemetry drops objects`,
    );
    return true;
  }
  const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike;
  if (members.every((member) => (member.flags & primitive) !== 0)) return true;
  plan.block(
    value,
    `the value of \`${key}\` is not a string, number or boolean: convert it by hand`,
  );
  return false;
}

/**
 * An object literal from entries: on one line, or one entry per line (when the code it replaces
 * was written that way), indented from the line where `anchor` starts (nested objects have no
 * anchor: the enclosing object indents them).
 */
export function objectText(
  plan: FilePlanning,
  entries: readonly string[],
  multiline: boolean,
  anchor: ts.Node | undefined,
): string {
  if (entries.length === 0) return '{}';
  if (!multiline) return `{ ${entries.join(', ')} }`;
  let base = '';
  if (anchor !== undefined) {
    const start = anchor.getStart(plan.sourceFile);
    const line = plan.sourceFile.text.slice(
      plan.sourceFile.text.lastIndexOf('\n', start) + 1,
      start,
    );
    base = /^\s*/.exec(line)?.[0] ?? '';
  }
  const inner = entries
    .map((entry) => `${base}  ${entry.replace(/\n/g, `\n${base}  `)},`)
    .join('\n');
  return `{\n${inner}\n${base}}`;
}

/** Whether a status code at start is a literal the bridge sets no status for on a span of `kind`. */
function leavesStatusUnset(value: ts.Expression, kind: string): boolean {
  if (!ts.isNumericLiteral(value) && !ts.isStringLiteral(value)) return false;
  const spanKind = SpanKind[kind as keyof typeof SpanKind];
  return httpStatusToSpanStatus(value.text, spanKind ?? SpanKind.INTERNAL, {}) === undefined;
}

/**
 * `...(test ? { [Tags.DB_STATEMENT]: text } : {})` among tags: each branch as attributes. The
 * span's kind and status are read at the call's top level only, so a branch naming them stays.
 */
function conditionalSpread(
  plan: FilePlanning,
  spread: ts.SpreadAssignment,
  kind: string,
  where: 'start' | 'later',
): string | undefined {
  const branches = conditionalBranches(spread.expression);
  if (branches === undefined) return undefined;
  const texts: string[] = [];
  for (const branch of branches) {
    for (const property of branch.properties) {
      const field = tagField(plan, property);
      if (field === undefined) {
        plan.block(property, 'a tag whose name is not known before the code runs');
        return undefined;
      }
      // The span's kind and status are read from the call's own tags, not from a branch.
      if (field[0] === 'span.kind') {
        plan.block(
          property,
          'OpenTelemetry fixes the span kind at start: pass it in startSpan options by hand',
        );
        return undefined;
      }
      if (field[0] === 'error') {
        plan.block(property, 'an `error` tag here: set the span status with setStatus by hand');
        return undefined;
      }
    }
    const entries = tagAttributes(plan, branch, kind, where);
    if (entries === undefined) return undefined;
    texts.push(objectText(plan, entries, false, undefined));
  }
  let test = spread.expression;
  while (ts.isParenthesizedExpression(test)) test = test.expression;
  const condition = (test as ts.ConditionalExpression).condition;
  return `...(${plan.text(condition)} ? ${texts[0]} : ${texts[1]})`;
}
