/** An action's metadata file (action.yml): for composite actions, its steps are linted like a job's. */
import type { SourceText } from "../source.js";
import { stepModels, type StepModel } from "../workflow/model.js";
import { child, type MappingToken } from "../workflow/tokens.js";

export interface ActionDocument {
  readonly kind: "action";
  readonly source: SourceText;
  readonly root: MappingToken;
  readonly steps: readonly StepModel[];
}

export function actionDocument(source: SourceText, root: MappingToken): ActionDocument {
  return { kind: "action", source, root, steps: stepModels(child(child(root, "runs"), "steps")) };
}
