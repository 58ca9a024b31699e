import type { ts } from '@ts-morph/common';
import type { BoundaryPlan } from './adapters-plan';
import type { CrossFile } from './cross-file';
import type { Usage } from './usages';

// What the rewrite planner's whole-file checks (data-flow-checks.ts, import-checks.ts,
// export-checks.ts and their helpers) ask of it. A module of its own: the planner (planning.ts)
// and the checks share it without importing each other.

/** What the checks need of the planner. @internal */
export interface PlanState {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  readonly usages: readonly Usage[];
  /** The other files of the rewrite: where peer edges are recorded. Without it, every crossing blocks. */
  readonly crossFile?: CrossFile;
  block(node: ts.Node, reason: string): void;
  isInsideEdit(node: ts.Node): boolean;
  isInsideBlocker(node: ts.Node): boolean;
  /** Whether a handler took responsibility for this node. */
  isAccepted(node: ts.Node): boolean;
  /** Boundary adapters (adapters-plan.ts): crossings to legacy code they convert. */
  readonly boundary?: BoundaryPlan;
  /** Calls whose extracted context the rules follow (extracting-functions.ts). */
  readonly extractingCalls?: ReadonlySet<ts.Node>;
}
