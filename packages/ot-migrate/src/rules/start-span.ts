// `tracer.startSpan(name, options)`: `childOf`, `references`, `tags` (kind, status, attributes)
// and `startTime` become OpenTelemetry's options and parent context.
import { ts } from '@ts-morph/common';
import { toSpanKind } from '../../../../src/conventions/span-kind';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { staticPropertyName, staticString } from '../static-values';
import { afterStatement, lineIndent, spanDeclaration } from '../syntax';
import { objectText, tagAttributes } from './attributes';
import { checkBaggageEscape, mentionsExtracted } from './baggage-escape';
import { planReferences } from './references';
import { parentContext } from './span-values';
import type { OptionVariable } from './start-options';
import { conditionalChildOf, optionVariable, replaceOptionLiteral } from './start-options';

const SPAN_KIND_MEMBER = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

/** `tracer.startSpan(name, options)`. */
export function planStartSpan(plan: FilePlanning, usage: Usage): void {
  const call = usage.node as ts.CallExpression;
  if (call.arguments.length > 2) return plan.block(call, 'startSpan with more than two arguments');
  const options = call.arguments[1];
  if (options === undefined) return;
  const onlyParent = conditionalChildOf(plan, options);
  if (onlyParent !== undefined) {
    const resolved = parentContext(plan, onlyParent.condition);
    if (resolved === undefined) return;
    plan.acceptedReferences.add(onlyParent.value);
    plan.replace(options, `{}, ${resolved.text}`);
    const spanSymbol = plan.constVariableOf(call);
    if (spanSymbol !== undefined && resolved.baggageContext !== undefined)
      plan.baggageContexts.set(spanSymbol, resolved.baggageContext);
    if (mentionsExtracted(plan, onlyParent.condition))
      checkBaggageEscape(plan, call, resolved.baggageContext);
    return;
  }
  if (!ts.isObjectLiteralExpression(options)) {
    return plan.block(options, 'startSpan options the codemod cannot read: rewrite by hand');
  }
  let parent: string | undefined;
  let baggageContext: string | undefined;
  let kind = 'INTERNAL';
  let tags: ts.ObjectLiteralExpression | undefined;
  let startTime: string | undefined;
  let childOf: ts.Expression | undefined;
  let references: ts.Expression | undefined;
  let tagsVariable: OptionVariable | undefined;
  for (const property of options.properties) {
    const variable = optionVariable(plan, property);
    if (variable?.name === 'tags' && ts.isObjectLiteralExpression(variable.literal)) {
      [tags, tagsVariable] = [variable.literal, variable];
      continue;
    }
    const name = ts.isPropertyAssignment(property)
      ? staticPropertyName(property.name, plan.checker)
      : undefined;
    if (!ts.isPropertyAssignment(property) || name === undefined) {
      return plan.block(property, 'startSpan options the codemod cannot read: rewrite by hand');
    }
    if (name === 'childOf') {
      childOf = property.initializer;
    } else if (name === 'tags') {
      if (!ts.isObjectLiteralExpression(property.initializer)) {
        return plan.block(property, 'tags that are not an object literal: rewrite by hand');
      }
      tags = property.initializer;
    } else if (name === 'startTime') {
      startTime = plan.text(property.initializer);
    } else if (name === 'references') {
      references = property.initializer;
    } else {
      return plan.block(property, `unknown startSpan option \`${name}\``);
    }
  }
  let links: string | undefined;
  if (references !== undefined) {
    const planned = planReferences(plan, call, references, childOf);
    if (planned === undefined) return;
    ({ parent, links, baggageContext } = planned);
  } else if (childOf !== undefined) {
    const resolved = parentContext(plan, childOf);
    if (resolved === undefined) return;
    parent = resolved.text;
    baggageContext = resolved.baggageContext;
  }
  if (tags !== undefined) {
    const kindProperty = tags.properties.find(
      (property) =>
        ts.isPropertyAssignment(property) &&
        staticPropertyName(property.name, plan.checker) === 'span.kind',
    ) as ts.PropertyAssignment | undefined;
    if (kindProperty !== undefined) {
      const mapped = toSpanKind(staticString(kindProperty.initializer, plan.checker));
      if (mapped === undefined)
        return plan.block(kindProperty, '`span.kind` that is not a known constant');
      kind = SPAN_KIND_MEMBER[mapped];
    }
    if (!planStartStatus(plan, call, tags)) return;
  }
  const attributes = tags === undefined ? [] : tagAttributes(plan, tags, kind, 'start');
  if (attributes === undefined) return;
  const entries: string[] = [];
  if (kind !== 'INTERNAL') entries.push(`kind: ${plan.use('SpanKind')}.${kind}`);
  if (tagsVariable !== undefined) {
    const multiline = tagsVariable.literal.getText(plan.sourceFile).includes('\n');
    const text = objectText(plan, attributes, multiline, tagsVariable.literal);
    replaceOptionLiteral(plan, tagsVariable, text);
    entries.push(`attributes: ${tagsVariable.variable.text}`);
  } else if (attributes.length > 0) {
    const multiline = tags !== undefined && tags.getText(plan.sourceFile).includes('\n');
    entries.push(`attributes: ${objectText(plan, attributes, multiline, undefined)}`);
  }
  if (links !== undefined) entries.push(`links: ${links}`);
  if (startTime !== undefined) entries.push(`startTime: ${startTime}`);
  const multiline = options.getText(plan.sourceFile).includes('\n');
  const optionsText = objectText(plan, entries, multiline, options);
  plan.replace(options, parent === undefined ? optionsText : `${optionsText}, ${parent}`);
  const spanSymbol = baggageContext === undefined ? undefined : plan.constVariableOf(call);
  if (spanSymbol !== undefined && baggageContext !== undefined)
    plan.baggageContexts.set(spanSymbol, baggageContext);
  if (baggageContext !== undefined || mentionsExtracted(plan, references ?? childOf))
    checkBaggageEscape(plan, call, baggageContext);
}

/**
 * An `error` tag at start is the span's status, as the bridge has it: `const span =
 * tracer.startSpan(…)` is followed by `span.setStatus(…)`. False (with a blocker) when the value
 * is not a literal boolean or the span has no variable to call it on.
 */
function planStartStatus(
  plan: FilePlanning,
  call: ts.CallExpression,
  tags: ts.ObjectLiteralExpression,
): boolean {
  const errors = tags.properties.filter(
    (property): property is ts.PropertyAssignment =>
      ts.isPropertyAssignment(property) &&
      staticPropertyName(property.name, plan.checker) === 'error',
  );
  if (errors.length === 0) return true;
  const value = errors[0].initializer;
  const code =
    value.kind === ts.SyntaxKind.TrueKeyword
      ? 'ERROR'
      : value.kind === ts.SyntaxKind.FalseKeyword
        ? 'OK'
        : undefined;
  const declared = spanDeclaration(call);
  if (errors.length > 1 || code === undefined || declared === undefined) {
    plan.block(value, 'an `error` tag here: set the span status with setStatus by hand');
    return false;
  }
  const position = afterStatement(plan.sourceFile, declared.statement);
  const indent = lineIndent(plan.sourceFile, declared.statement.getStart(plan.sourceFile));
  plan.replaceRange(
    position,
    position,
    `\n${indent}${declared.name}.setStatus({ code: ${plan.use('SpanStatusCode')}.${code} });`,
    errors[0],
  );
  return true;
}
