/**
 * Template strings: a small, safe Jinja subset (`{{ variable | filter(args) }}`) for config values
 * whose text depends on the inventory or the run (`{{ ansible_host }}`, `{{ sha }}`).
 * See docs/config.md, "Templates".
 */
export type { Template, TemplatePart, TextPart, ExpressionPart, VariableExpr, LiteralExpr, FilterCall, Literal } from "./template/ast.js";
export { parseTemplate } from "./template/parse.js";
export { renderTemplate, templateVariables, templateLiterals, type TemplateVars } from "./template/render.js";
export { TemplateSyntaxError, TemplateRenderError, UndefinedVariableError } from "./template/errors.js";
export { filterSpecs, shellQuote, urlEncode, type FilterSpec } from "./template/filters.js";
