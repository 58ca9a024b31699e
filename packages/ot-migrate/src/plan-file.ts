import { ts } from '@ts-morph/common';
import type { CrossFile } from './cross-file';
import { checkDataFlow } from './data-flow-checks';
import type { TextEdit } from './edits';
import { checkExports } from './export-checks';
import { checkImportBindings } from './import-checks';
import { FilePlanning } from './planning';
import { planBaggage, checkBaggageSpans } from './rules/baggage';
import { checkConstants } from './rules/constants';
import { checkExtractVariables, planExtract } from './rules/extract';
import { planExtractingCalls } from './rules/extracting-functions';
import {
  planGlobalTracer,
  planInitGlobalTracer,
  planTracerDeclarations,
} from './rules/global-tracer';
import { planInject } from './rules/inject';
import { planImports, planReexport } from './rules/imports';
import { planLog } from './rules/log';
import { planLooseReference } from './rules/references';
import { planSetTag } from './rules/set-tag';
import { planTagsArguments } from './rules/tags-arguments';
import { planSpanMethod, rename } from './rules/span-methods';
import { planStartSpan } from './rules/start-span';
import { checkTypeReferences, planTypeExports } from './rules/types';
import { planValueHelpers } from './rules/value-helpers';
import { blockUntyped } from './rules/untyped';
import type { Blocker } from './todos';
import { oneTodoPerCause } from './todos';
import type { Usage } from './usages';

export type { Blocker };

/** What the rewrite will do to one file. */
export interface FilePlan {
  /** Edits that turn the file into @opentelemetry/api code; empty when `blockers` is not. */
  edits: TextEdit[];
  /** Why the file stays as it is; each becomes a TODO comment. */
  blockers: Blocker[];
  /**
   * Decisions the rewritten code still needs (a behaviour OpenTelemetry cannot keep): each becomes
   * a TODO comment in the rewritten file. Empty when `blockers` is not.
   */
  notes: Blocker[];
  /** Boundary adapters the edits write (adapters-plan.ts). */
  adapters?: number;
}

/**
 * Plans the rewrite of one file from OpenTracing to @opentelemetry/api. A file is rewritten whole
 * or not at all: OpenTracing and OpenTelemetry objects are not interchangeable, so a half-rewritten
 * file would mix them. It is rewritten only when every usage has a safe equivalent and no
 * OpenTracing object crosses the file's boundary (exports, imports, callbacks of other code);
 * otherwise each obstacle becomes a blocker with its reason.
 *
 * Each kind of usage has its rule (src/rules/); the planner runs them in order over the file's
 * usages, then the whole-file checks, which see what the rules took responsibility for.
 * @internal
 */
export class FilePlanner {
  private readonly planning: FilePlanning;

  constructor(
    sourceFile: ts.SourceFile,
    checker: ts.TypeChecker,
    usages: readonly Usage[],
    tracerName: string,
    crossFile?: CrossFile,
  ) {
    this.planning = new FilePlanning(sourceFile, checker, usages, tracerName, crossFile);
  }

  /** Plans the file. */
  plan(): FilePlan {
    const plan = this.planning;
    plan.boundary.prepare();
    // Extracted contexts first: the spans started under them, anywhere in the file, need to know.
    for (const usage of plan.usages) if (usage.kind === 'extract') planExtract(plan, usage);
    planExtractingCalls(plan);
    for (const usage of plan.usages) {
      if (usage.untyped) blockUntyped(plan, usage);
      else planUsage(plan, usage);
    }
    planTagsArguments(plan);
    planTracerDeclarations(plan);
    checkTypeReferences(plan);
    planTypeExports(plan);
    checkBaggageSpans(plan);
    checkDataFlow(plan);
    checkExports(plan);
    // What follows only finds consequences of the obstacles above; report them alone if there are any.
    if (plan.blockers.length > 0) return this.blocked();
    checkExtractVariables(plan);
    checkConstants(plan);
    planValueHelpers(plan);
    planImports(plan);
    plan.boundary.finish();
    checkImportBindings(plan);
    return plan.blockers.length > 0
      ? this.blocked()
      : {
          edits: plan.edits.resolve(),
          blockers: [],
          notes: plan.notes,
          adapters: plan.boundary.written,
        };
  }

  private blocked(): FilePlan {
    const { blockers, checker } = this.planning;
    return { edits: [], blockers: oneTodoPerCause(blockers, checker), notes: [] };
  }
}

/** The rule for one usage. */
function planUsage(plan: FilePlanning, usage: Usage): void {
  switch (usage.kind) {
    case 'globalTracer':
      return planGlobalTracer(plan, usage);
    case 'initGlobalTracer':
      return planInitGlobalTracer(plan, usage);
    case 'startSpan':
      return planStartSpan(plan, usage);
    case 'setTag':
      return planSetTag(plan, usage);
    case 'log':
      return planLog(plan, usage);
    case 'finish':
      return rename(plan, usage, 'end');
    case 'inject':
      return planInject(plan, usage);
    case 'other':
      return planSpanMethod(plan, usage);
    case 'baggage':
      return planBaggage(plan, usage);
    case 'references':
      return planLooseReference(plan, usage);
    case 'import':
      if (ts.isExportDeclaration(usage.node)) planReexport(plan, usage.node);
      return;
    // Planned first (extract), or with the calls they stand in (tags, formats).
    case 'extract':
    case 'tags':
    case 'formats':
      return;
  }
}
