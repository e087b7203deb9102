// The reference for the C# card binder: expands Adaptive Card templates with Microsoft's templating engine
// (adaptivecards-templating) and parses the result with Microsoft's Adaptive Cards library (adaptivecards),
// collecting every parse warning. Input on stdin: [{ "name", "template", "data" }]. Output on stdout:
// [{ "name", "expanded", "warnings": [..] }].
const ACData = require("adaptivecards-templating");
// The UMD bundle: the package's ESM build uses extensionless imports that Node cannot load.
const AC = require("adaptivecards/dist/adaptivecards.js");

let input = "";
process.stdin.on("data", chunk => (input += chunk));
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  const results = cases.map(({ name, template, data }) => {
    let expanded;
    try {
      expanded = new ACData.Template(template).expand({ $root: data });
    } catch (e) {
      return { name, error: String(e), warnings: [] };
    }
    const warnings = [];
    if (expanded && expanded.type === "AdaptiveCard") {
      const context = new AC.SerializationContext();
      const card = new AC.AdaptiveCard();
      card.parse(expanded, context);
      for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        warnings.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
      }
    }
    return { name, expanded, warnings };
  });
  process.stdout.write(JSON.stringify(results));
});
