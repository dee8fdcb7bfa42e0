// GitHub's own workflow parser and expression engine (@actions/workflow-parser, @actions/expressions).
// The parser's ESM build imports its JSON schema without `with { type: "json" }`, which Node 24
// refuses; a resolve hook adds the attribute for @actions' JSON files, and the parser is imported
// only after the hook is in place (a static import would be linked before any code runs).
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (resolved.url.endsWith(".json") && resolved.url.includes("/@actions/")) {
      return { ...resolved, importAttributes: { ...context.importAttributes, type: "json" } };
    }
    return resolved;
  },
});

export const workflowParser = await import("@actions/workflow-parser");
export const expressions = await import("@actions/expressions");
