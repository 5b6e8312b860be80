export { renderText } from "./text.js";
export { renderJson, lintJson, type LintJson } from "./json.js";
export { renderAnnotations, annotationsOf } from "./annotations.js";
export { sarifInput, sarifRule, lineReader } from "./sarif-input.js";
