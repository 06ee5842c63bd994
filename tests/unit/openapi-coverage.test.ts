import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every route handler under app/api is described in docs/openapi.yaml, with each method it exports.
function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? routeFiles(p) : d.name === "route.ts" ? [p] : [];
  });
}

describe("docs/openapi.yaml", () => {
  it("describes every route handler and method in app/api", () => {
    const spec = fs.readFileSync("docs/openapi.yaml", "utf8");
    const missing: string[] = [];
    for (const file of routeFiles("app/api")) {
      const urlPath = "/" + path.dirname(file).replace(/\\/g, "/").replace(/^app\//, "").replace(/\[([^\]]+)\]/g, "{$1}");
      const source = fs.readFileSync(file, "utf8");
      const methods = [...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1].toLowerCase());
      const block = spec.split(new RegExp(`^  ${urlPath.replace(/[{}]/g, "\\$&")}:\\n`, "m"))[1]?.split(/^ {2}\S/m)[0];
      if (!block) missing.push(urlPath);
      else for (const m of methods) if (!new RegExp(`^    ${m}:`, "m").test(block)) missing.push(`${m.toUpperCase()} ${urlPath}`);
    }
    expect(missing).toEqual([]);
  });
});
