// The callers of a helper with a tags parameter (tags-parameters.ts): the tags they give become
// attributes, named for the kind of the helper's spans.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import { objectText, tagAttributes } from './attributes';
import { tagsArguments, tagsParameterOf } from './tags-parameters';

/**
 * The callers' side: each call in the file of a helper with a tags parameter gets its tags as
 * attributes, named for the kind of the helper's spans.
 */
export function planTagsArguments(plan: FilePlanning): void {
  if (plan.crossFile === undefined) return;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) planCall(plan, node);
    ts.forEachChild(node, visit);
  };
  visit(plan.sourceFile);
}

function planCall(plan: FilePlanning, call: ts.CallExpression): void {
  const declaration = plan.checker.getResolvedSignature(call)?.declaration;
  if (declaration === undefined || !ts.isFunctionDeclaration(declaration)) return;
  if (!plan.crossFile?.index.isSource(declaration.getSourceFile().fileName)) return;
  for (const each of declaration.parameters) {
    const parameter = tagsParameterOf(plan.checker, each);
    if (parameter === undefined) continue;
    const literal = call.arguments[parameter.position];
    const callers = tagsArguments(plan, parameter);
    if (literal === undefined || callers === undefined || !callers.includes(literal as never))
      continue;
    const object = literal as ts.ObjectLiteralExpression;
    const entries = tagAttributes(plan, object, parameter.kind, 'start');
    if (entries === undefined) return;
    const multiline = object.getText(plan.sourceFile).includes('\n');
    plan.replaceRange(
      object.getStart(plan.sourceFile),
      object.end,
      objectText(plan, entries, multiline, object),
      object,
    );
    plan.crossFile.peer(call, [declaration.getSourceFile().fileName]);
  }
}
